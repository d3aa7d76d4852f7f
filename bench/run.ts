// npm run bench: measures the product against its baselines in one run and
// writes docs/benchmarks.md. `npm run bench -- --soak [--seconds N]` runs the
// soak test instead (bench/soak.ts). `--quick` shortens every run, to check
// the harness; its figures are not written to the docs.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeEnvironment } from "./environment.ts";
import { startLoadProcess } from "./load-process.ts";
import { renderDocument, renderTables } from "./report.ts";
import { runSoak } from "./soak.ts";
import { startStack } from "./stack.ts";
import { runSuite, type SuiteOptions } from "./suite.ts";
import { checkTargets } from "./targets.ts";

const root = path.resolve(import.meta.dirname, "..");

const DEFAULT_OPTIONS: SuiteOptions = {
  delaysMs: [0, 5, 20],
  connections: 10,
  loadSeconds: 5,
  warmupSeconds: 1,
  serialSeconds: 3,
  countRequests: 1000,
  listSizes: [1, 10, 100, 1000],
};

const QUICK_OPTIONS: SuiteOptions = { ...DEFAULT_OPTIONS, loadSeconds: 1, warmupSeconds: 0.5, serialSeconds: 0.5, countRequests: 200 };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      soak: { type: "boolean", default: false },
      seconds: { type: "string", default: "60" },
      clients: { type: "string", default: "50" },
      quick: { type: "boolean", default: false },
    },
  });
  const log = (line: string) => console.error(line);
  const stack = await startStack(log);
  const load = startLoadProcess();
  const stopAll = async () => {
    await load.stop();
    await stack.stop();
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

  try {
    if (values.soak) {
      const passed = await runSoak(stack, load, { seconds: readPositive("--seconds", values.seconds), clients: readPositive("--clients", values.clients) }, log);
      process.exitCode = passed ? 0 : 1;
      return;
    }
    const options = values.quick ? QUICK_OPTIONS : DEFAULT_OPTIONS;
    const started = Date.now();
    const result = await runSuite(stack, load, options, log);
    const checks = checkTargets(result);
    console.log(renderTables(result, checks));
    log(`bench: finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (!values.quick) {
      const environment = describeEnvironment("npm run bench");
      await writeFile(path.join(root, "docs/benchmarks.md"), renderDocument(result, checks, environment));
      log("bench: wrote docs/benchmarks.md");
    }
  } finally {
    await stopAll();
  }
}

function readPositive(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${option} must be a positive integer, got: ${text}`);
  return value;
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
