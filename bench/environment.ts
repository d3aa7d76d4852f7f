// The machine and software a run used, for the benchmark page.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface Environment {
  command: string;
  /** UTC, ISO 8601, to the minute. */
  date: string;
  cpus: number;
  cpuModel: string;
  memory: string;
  node: string;
  workerd: string;
  autocannon: string;
}

export function describeEnvironment(command: string): Environment {
  return {
    command,
    date: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    workerd: execFileSync(path.join(root, "node_modules/.bin/workerd"), ["--version"], { encoding: "utf8" }).trim(),
    autocannon: (JSON.parse(readFileSync(path.join(root, "node_modules/autocannon/package.json"), "utf8")) as { version: string }).version,
  };
}
