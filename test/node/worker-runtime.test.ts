// The worker runs on the Workers runtime without Node compatibility: no
// nodejs_compat flag, and no import of a node: module anywhere under src/.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? sourceFiles(full) : [full];
  });
}

describe("worker runtime", () => {
  it("has no nodejs_compat flag", () => {
    const config = readFileSync(path.join(root, "wrangler.toml"), "utf8");
    const active = config.split("\n").filter((line) => !line.trim().startsWith("#")).join("\n");
    expect(active).not.toMatch(/nodejs_compat|nodejs_als/);
  });

  it("imports no node: modules under src", () => {
    const files = sourceFiles(path.join(root, "src"));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((file) => /from\s+["']node:|import\(\s*["']node:|require\(\s*["']node:/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
