// One log entry per request: method, path, status and the verified user.
import type { MiddlewareHandler } from "hono";

import type { AccessTokenResult } from "./access-token.ts";

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** `sub` of the request's verified access token, absent for anonymous callers and invalid tokens. */
  userId?: string;
}

/** Formats an entry as one line of text. Never includes the token. */
export function formatRequestLogLine(entry: RequestLogEntry, time: Date): string {
  return `${time.toISOString()} ${entry.method} ${entry.path} ${entry.status} ${entry.userId ?? "anonymous"}`;
}

/**
 * Returns middleware that passes an entry to `logRequest` after each response.
 * It reads the `accessToken` variable that a later middleware sets.
 */
export function logRequests(
  logRequest: (entry: RequestLogEntry) => void,
): MiddlewareHandler<{ Variables: { accessToken?: AccessTokenResult } }> {
  return async (c, next) => {
    await next();

    const accessToken = c.get("accessToken");
    const userId = accessToken?.status === "valid" ? accessToken.claims.sub : undefined;
    logRequest({ method: c.req.method, path: c.req.path, status: c.res.status, userId });
  };
}
