// Upstash accepts the script shebang flag `allow-key-locking` (it locks only
// the keys in KEYS instead of the whole database); redis-server rejects it
// with "Unexpected flag in script shebang". @upstash/ratelimit 2 puts it on
// every script, so the bridge removes the flag before the script reaches Redis.
//
// The client addresses scripts by the SHA1 of its own script text (EVALSHA),
// while Redis caches the rewritten text under another SHA1. The bridge keeps
// the mapping, so EVALSHA of the original SHA1 runs the rewritten script, and
// a NOSCRIPT reply after a Redis restart still sends the client back to EVAL.

import { createHash } from "node:crypto";
import type { TextCommand } from "./command-body.ts";

const UPSTASH_ONLY_FLAG = "allow-key-locking";
const SHEBANG = /^#!lua([^\n]*)/;

/** Original script SHA1 (lower-case hex) to the SHA1 of the text Redis runs. */
const rewrittenScripts = new Map<string, string>();

/** Returns the command with Upstash-only script flags removed, or the command itself. */
export function translateScriptFlags(command: TextCommand): TextCommand {
  const name = command[0]?.toUpperCase();
  if ((name === "EVAL" || name === "EVAL_RO") && command[1] !== undefined) {
    const script = rewriteShebang(command[1]);
    if (script === command[1]) return command;
    rewrittenScripts.set(sha1(command[1]), sha1(script));
    return [command[0]!, script, ...command.slice(2)];
  }
  if ((name === "EVALSHA" || name === "EVALSHA_RO") && command[1] !== undefined) {
    const rewritten = rewrittenScripts.get(command[1].toLowerCase());
    return rewritten === undefined ? command : [command[0]!, rewritten, ...command.slice(2)];
  }
  return command;
}

function rewriteShebang(script: string): string {
  const match = SHEBANG.exec(script);
  if (!match || !match[1]!.includes(UPSTASH_ONLY_FLAG)) return script;
  const line = match[0].replace(/flags=(\S*)/, (_whole, flags: string) => {
    const kept = flags.split(",").filter((flag) => flag !== "" && flag !== UPSTASH_ONLY_FLAG);
    return kept.length > 0 ? `flags=${kept.join(",")}` : "";
  });
  return line.trimEnd() + script.slice(match[0].length);
}

function sha1(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}
