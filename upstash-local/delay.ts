// Waits that end early when the server closes, so a long injected latency
// does not keep the Node.js process alive after close().

import { setTimeout as sleep } from "node:timers/promises";

/** Waits ms milliseconds. Resolves true when the wait completed and false when the signal aborted it. */
export async function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) {
    return !signal.aborted;
  }
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch (error) {
    if (signal.aborted) {
      return false;
    }
    throw error;
  }
}
