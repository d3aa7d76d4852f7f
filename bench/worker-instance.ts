// Runs one worker in workerd through miniflare, as `wrangler dev` does, on a
// free port of 127.0.0.1. The worker is bundled with esbuild (wrangler's own
// bundler) for the workerd runtime, without nodejs_compat.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { findFreePort } from "../upstash-local/free-port.ts";
import { listChildPids } from "./cpu-time.ts";

const root = path.resolve(import.meta.dirname, "..");
// The same date as wrangler.toml, so the bench runs the worker as deployed.
const COMPATIBILITY_DATE = "2026-11-01";

export interface WorkerInstance {
  name: string;
  url: string;
  /** PID of the workerd process, for its CPU time. */
  pid: number;
  /** Lines the worker logged (its session events), which are counted, not printed. */
  logLines(): number;
  stop(): Promise<void>;
}

/** Bundles `entry` (a path from the repository root) and starts it with these string bindings. */
export async function startWorker(name: string, entry: string, bindings: Record<string, string>): Promise<WorkerInstance> {
  const script = await bundleWorker(entry);
  const cf = JSON.parse(await readFile(path.join(root, "test/fixtures/cf.json"), "utf8")) as Record<string, unknown>;
  const port = await findFreePort();
  let logLines = 0;
  let stopped = false;
  const childrenBefore = new Set(await listChildPids());
  const miniflare = new Miniflare({
    workers: [{
      config: {
        name,
        compatibilityDate: COMPATIBILITY_DATE,
        compatibilityFlags: [],
        manifest: { mainModule: "worker.js", modules: { "worker.js": { type: "esm", contents: script } } },
        env: Object.fromEntries(Object.entries(bindings).map(([key, value]) => [key, { type: "text" as const, value }])),
      },
    }],
    host: "127.0.0.1",
    port,
    // Local geolocation for request.cf, so miniflare never fetches it from the network.
    cf,
    logRequests: false,
    // Session events are one JSON line each, and printing thousands of them would
    // cost the bench process CPU that the measured servers need.
    handleStructuredLogs: () => {
      logLines++;
    },
  });
  const url = await miniflare.ready;
  const pid = (await listChildPids()).find((candidate) => !childrenBefore.has(candidate));
  if (pid === undefined) {
    await miniflare.dispose();
    throw new Error(`cannot find the workerd process of ${name}`);
  }
  return {
    name,
    url: url.origin,
    pid,
    logLines: () => logLines,
    stop: async () => {
      // The stack stops every worker at the end, including ones a phase stopped already.
      if (stopped) return;
      stopped = true;
      await miniflare.dispose();
    },
  };
}

async function bundleWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2023",
    conditions: ["workerd", "worker", "browser"],
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}
