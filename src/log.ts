/**
 * Structured logging: one JSON object per line, which Workers Logs and
 * `wrangler tail` index by field. Callers pass public handles and user IDs,
 * never a session ID, cookie, token or store credential.
 */
export type LogLevel = "info" | "warn" | "error";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Writes one log line for `event` (for example `session.created`). */
export function logEvent(level: LogLevel, event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
