// The verifier runs on Node, Workers, Deno and Bun, so it may import jose and
// its own files only: no node: module and no other package.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const verifierDirectory = path.resolve(import.meta.dirname, "../../../verifier");
const IMPORT_PATTERN = /(?:from|import)\s*\(?\s*["']([^"']+)["']/g;

describe("verifier imports", () => {
  it("uses only jose and local files", () => {
    const files = readdirSync(verifierDirectory).filter((name) => name.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(0);

    for (const file of files) {
      const source = readFileSync(path.join(verifierDirectory, file), "utf8");
      const specifiers = [...source.matchAll(IMPORT_PATTERN)].map((match) => match[1]);
      const foreign = specifiers.filter((specifier) => specifier !== "jose" && !specifier?.startsWith("./"));
      expect(foreign, file).toEqual([]);
    }
  });
});
