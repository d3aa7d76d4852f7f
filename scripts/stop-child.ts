import type { ChildProcess } from "node:child_process";

/** How long a child process gets to exit on its own before it is killed, in milliseconds. */
const STOP_GRACE_MS = 5_000;

/**
 * Asks a child process to stop with `ask` (a signal, or a message for an IPC
 * child), waits until it exits, and kills it if it is still running after the
 * grace period. Resolves at once when the child has already exited.
 */
export function stopChild(child: ChildProcess, ask: (child: ChildProcess) => void = (running) => running.kill("SIGTERM")): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    ask(child);
  });
}
