// Fault injection: makes the store misbehave for requests under one tag, so
// tests can check how a client copes, over the real server and real Redis.
//
//   PUT    /_faults/<label>  {"status":503}   sets the fault of that label (replaces any earlier one)
//   GET    /_faults/<label>                   {"fault": {...} | null}
//   DELETE /_faults/<label>                   clears it (204)
//
// All three need the server's Bearer token. A fault applies only to command
// requests (POST /, /pipeline, /multi-exec) under /tag/<label>, never to
// untagged requests or other labels. Body fields, all optional:
//
//   latencyMs  0..60000  wait this long before handling each request, then reply normally
//   status     400..599  reply with this status and {"error":"ERR injected fault"}, run nothing
//   drop       true      destroy the socket without any reply
//   hang       true      never reply; the socket stays open until the client or server closes it
//   malformed  "not-json"        reply 200 with a body that is not JSON, run nothing
//              "wrong-shape"     reply 200 with {"unexpected":true} on POST / and
//                                {"result":"x"} where an array is expected
//              "missing-result"  reply 200 with {} on POST / and one {} per command otherwise
//   readonly   true      reject every write command and EVAL, EVALSHA, FCALL with Redis's
//                        READONLY error: a 400 on POST /, an error item per command in a
//                        pipeline, a 400 for the whole transaction on /multi-exec
//   failAfter  integer >= 0  the first N requests after the PUT pass unchanged (latency included)
//
// Only one of status, drop, hang, malformed and readonly may be set. Faulted
// requests are still counted by /_stats/<label>.

import type { FaultConfig } from "./fault-config.ts";
import { isWriteCommand } from "./write-commands.ts";

/** The error a read-only Redis replica sends for a write command (redis-server 7.0). */
export const READONLY_ERROR = "READONLY You can't write against a read only replica.";

type FaultState = { config: FaultConfig; passesLeft: number };

/** The fault set for each label, with the requests still allowed to pass. */
export class FaultRegistry {
  #faults = new Map<string, FaultState>();

  set(label: string, config: FaultConfig): void {
    this.#faults.set(label, { config, passesLeft: config.failAfter ?? 0 });
  }

  get(label: string): FaultConfig | undefined {
    return this.#faults.get(label)?.config;
  }

  /** Returns false when the label had no fault. */
  clear(label: string): boolean {
    return this.#faults.delete(label);
  }

  /**
   * Counts one command request under the label and returns the fault to apply
   * to it, or undefined when the request runs unchanged.
   */
  take(label: string): FaultConfig | undefined {
    const state = this.#faults.get(label);
    if (state === undefined) {
      return undefined;
    }
    if (state.passesLeft > 0) {
      state.passesLeft--;
      return undefined;
    }
    return state.config;
  }
}

/** Rejection check for the readonly switch, in the form of findRejection in command-policy.ts. */
export function rejectWrite(command: readonly string[]): string | undefined {
  return isWriteCommand(command) ? READONLY_ERROR : undefined;
}
