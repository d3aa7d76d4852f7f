// Runs the verifier under the Deno and Bun binaries that the pinned
// devDependencies install, and under this Node.js as a control, so a failure
// under Deno or Bun points at the runtime, not at the script.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const smokeScript = path.join(root, "test/runtimes/verifier-smoke.ts");
const checksModule = path.join(root, "test/runtimes/verifier-checks.ts");
const devDependencies = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies;

// A run normally takes under a second, so this limit only stops a hung
// runtime from holding up the suite.
const RUN_TIMEOUT_MS = 10_000;
// The npm placeholders for the binaries are scripts of a few hundred bytes,
// and the real binaries are about 100 MB.
const MIN_BINARY_BYTES = 1_000_000;

const SMOKE_CASES = ["valid", "tampered signature", "expired", "alg none, no signature", "alg none, real signature", "wrong audience", "wrong typ"];

// A fresh cache for Deno's transpiled modules, so no run depends on what an
// earlier run left in ~/.cache/deno.
const denoDirectory = mkdtempSync(path.join(tmpdir(), "edge-sessions-deno-"));
afterAll(() => {
  rmSync(denoDirectory, { recursive: true, force: true });
});

/**
 * Finds a runtime binary under node_modules. The package's postinstall script
 * moves or links the platform binary into the package itself. Without install
 * scripts, only the platform package contains it, and the callers below name
 * the Linux x64 platform package only.
 */
function findBinary(candidates: string[]): string {
  for (const candidate of candidates) {
    const file = path.join(root, "node_modules", candidate);
    try {
      if (statSync(file).size >= MIN_BINARY_BYTES) return file;
    } catch {
      // Not installed at this path, so try the next one.
    }
  }
  throw new Error(`runtime binary not found at node_modules/${candidates.join(" or node_modules/")}. Run npm install to install the pinned devDependencies.`);
}

interface Command {
  file: string;
  args: string[];
  env: Record<string, string>;
}

interface Runtime {
  name: string;
  userAgent: string | RegExp;
  /** Builds the command that runs one TypeScript file. */
  command: (script: string) => Command;
}

const deno: Runtime = {
  name: "Deno",
  userAgent: `Deno/${devDependencies.deno}`,
  command: (script) => ({
    file: findBinary(["deno/deno", "@deno/linux-x64-glibc/deno"]),
    // No --allow-* flag: the scripts read no file and open no socket, and
    // module loading needs no permission. A package.json in the working
    // folder makes Deno resolve bare imports from node_modules, and the other
    // flags make it fail instead of fetching anything or writing a lockfile or
    // into node_modules.
    args: ["run", "--no-prompt", "--no-lock", "--no-remote", "--cached-only", "--node-modules-dir=manual", script],
    env: { DENO_DIR: denoDirectory, DENO_NO_UPDATE_CHECK: "1" },
  }),
};

const bun: Runtime = {
  name: "Bun",
  userAgent: `Bun/${devDependencies.bun}`,
  command: (script) => ({
    file: findBinary(["bun/bin/bun.exe", "@oven/bun-linux-x64/bin/bun"]),
    // --no-install stops Bun from installing a missing package on the fly,
    // --no-env-file stops it from loading a developer's .env, and
    // DO_NOT_TRACK stops it from uploading a crash report.
    args: ["--no-install", "--no-env-file", script],
    env: { DO_NOT_TRACK: "1" },
  }),
};

const node: Runtime = {
  name: "Node.js",
  userAgent: /^Node\.js\/\d+$/,
  command: (script) => ({ file: process.execPath, args: [script], env: {} }),
};

interface RunResult {
  exitCode: number | string | null | undefined;
  signal: string | null | undefined;
  stdout: string;
  stderr: string;
}

// Runs one script and returns its exit code and output, also on failure.
function runScript(runtime: Runtime, script: string, cwd: string): Promise<RunResult> {
  const { file, args, env } = runtime.command(script);
  const options = { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, timeout: RUN_TIMEOUT_MS, killSignal: "SIGKILL" as const };

  return new Promise((resolve) => {
    execFile(file, args, options, (error, stdout, stderr) => {
      resolve({ exitCode: error === null ? 0 : error.code, signal: error?.signal, stdout, stderr });
    });
  });
}

function describeRun(runtime: Runtime, result: RunResult): string {
  return `${runtime.name} exited with code ${result.exitCode} (signal ${result.signal ?? "none"})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
}

interface SmokeReport {
  runtime: string;
  pass: boolean;
  results: { alg: string; case: string; actual: { userId?: string; code?: string; claim?: string }; pass: boolean }[];
}

describe("verifier smoke script", () => {
  it.each([deno, bun, node])("passes under $name", async (runtime) => {
    const run = await runScript(runtime, smokeScript, root);
    expect(run.exitCode, describeRun(runtime, run)).toBe(0);

    const report = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "") as SmokeReport;
    expect(report.runtime).toMatch(runtime.userAgent);
    expect(report.results.filter((result) => !result.pass)).toEqual([]);
    expect(report.pass).toBe(true);
    for (const alg of ["ES256", "EdDSA"]) {
      const results = report.results.filter((result) => result.alg === alg);
      expect(results.map((result) => result.case), alg).toEqual(SMOKE_CASES);
      expect(results[0]?.actual.userId, alg).toBe("user_alice");
    }
  });

  it("imports no node: module", () => {
    for (const file of [smokeScript, checksModule]) {
      const source = readFileSync(file, "utf8");
      const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((match) => match[1]);

      expect(specifiers.length, file).toBeGreaterThan(0);
      expect(specifiers.filter((specifier) => specifier?.startsWith("node:")), file).toEqual([]);
    }
  });
});

// A project that depends on edge-sessions, with the package's files under
// node_modules as npm installs them, and a script that imports the verifier
// by its package name.
describe("verifier installed as a package", () => {
  let project: string;
  let script: string;

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), "edge-sessions-consumer-"));
    const installed = path.join(project, "node_modules/edge-sessions");
    mkdirSync(installed, { recursive: true });
    cpSync(path.join(root, "package.json"), path.join(installed, "package.json"));
    cpSync(path.join(root, "verifier"), path.join(installed, "verifier"), { recursive: true });
    symlinkSync(path.join(root, "node_modules/jose"), path.join(project, "node_modules/jose"), "dir");

    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "edge-sessions": "*", jose: "*" } }),
    );
    script = path.join(project, "main.ts");
    writeFileSync(script, 'import { ACCESS_TOKEN_TYPE } from "edge-sessions/verifier";\nconsole.log(ACCESS_TOKEN_TYPE);\n');
  });

  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it("imports under Bun", async () => {
    const run = await runScript(bun, script, project);

    expect(run.exitCode, describeRun(bun, run)).toBe(0);
    expect(run.stdout.trim()).toBe("access+jwt");
  });

  // Both strip types from local files only, so the package has to be used
  // from a checkout outside node_modules.
  it.each([deno, node])("fails under $name", async (runtime) => {
    const run = await runScript(runtime, script, project);

    expect(run.exitCode, describeRun(runtime, run)).not.toBe(0);
    expect(run.stderr).toContain("ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING");
  });
});
