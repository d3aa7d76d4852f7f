/**
 * The session store failed to reply usefully: unreachable, too slow, an HTTP or Redis
 * error, or a reply the worker cannot trust. Requests that depend on the store
 * fail closed with a 503 when this is thrown.
 */
export class StoreUnavailableError extends Error {
  /** The store operation that failed, for logs. */
  readonly operation: string;

  constructor(operation: string, reason: string, options?: { cause?: unknown }) {
    super(`session store ${operation} failed: ${reason}`, options);
    this.name = "StoreUnavailableError";
    this.operation = operation;
  }
}

/**
 * Describes a store client error in one line without the command body: the
 * Upstash client appends ", command was: [...]" to some messages, and that
 * text contains keys and record values that must stay out of logs.
 */
export function describeStoreFailure(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  if (error.name === "TimeoutError" || error.name === "AbortError") return "timed out";
  const message = error.message.split(", command was:")[0] ?? "";
  return `${error.name}: ${message.slice(0, 200)}`;
}
