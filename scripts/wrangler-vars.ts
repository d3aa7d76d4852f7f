// The product's real configuration: the [vars] of wrangler.toml. The bench
// passes them to the worker unchanged apart from the addresses and secrets of
// the local stack, and `npm run dev` reads the few the demo origin depends on.

import { readFile } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Reads the `NAME = "value"` lines of the [vars] table. wrangler.toml keeps
 * every var as a one-line basic string; any other line there is an error, so
 * a new TOML form is noticed instead of silently dropped.
 */
export async function readWranglerVars(): Promise<Record<string, string>> {
  const text = await readFile(path.join(root, "wrangler.toml"), "utf8");
  const vars: Record<string, string> = {};
  let inVars = false;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line.startsWith("[")) {
      inVars = line === "[vars]";
      continue;
    }
    if (!inVars || line === "" || line.startsWith("#")) continue;
    const match = /^([A-Z0-9_]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(line);
    if (match === null) throw new Error(`wrangler.toml: cannot read this [vars] line as NAME = "value": ${line}`);
    vars[match[1]!] = JSON.parse(`"${match[2]}"`) as string;
  }
  return vars;
}
