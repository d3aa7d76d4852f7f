import { normalizeHeaderName } from "./request-headers.ts";

/**
 * Removes the protected headers from the origin's response, so neither the
 * session-control header nor a copy of the access token reaches the client.
 * Returns the session-control value the origin sent under the exact
 * configured name, or null; look-alike names such as `Session_Control` are
 * removed but never obeyed.
 */
export function takeProtectedResponseHeaders(headers: Headers, sessionControlHeader: string, accessTokenHeader: string): string | null {
  const control = headers.get(sessionControlHeader);
  for (const name of [...headers.keys()]) {
    const normalized = normalizeHeaderName(name);
    if (normalized === sessionControlHeader || normalized === accessTokenHeader) headers.delete(name);
  }
  return control;
}

/**
 * Keeps shared caches from storing a response that belongs to one user.
 * Responses that set or clear the session cookie are never stored. Other
 * responses to a request with a session get `private, no-store` unless the
 * origin already chose `private` or `no-store` itself.
 */
export function applyCachePolicy(headers: Headers, hasSession: boolean, setsSessionCookie: boolean): void {
  if (setsSessionCookie) {
    headers.set("cache-control", "no-store");
    return;
  }
  if (!hasSession) return;
  const current = (headers.get("cache-control") ?? "").toLowerCase();
  if (!/\b(private|no-store)\b/.test(current)) headers.set("cache-control", "private, no-store");
}
