import { removeCookie } from "../session/cookie.ts";

/**
 * Builds the headers forwarded to the origin from the client's headers.
 *
 * Protected headers (the access-token header, the session-control header) are
 * set only by the worker, so every client copy is dropped. Names are compared
 * in lower case with `_` read as `-`, because some origin servers treat
 * `Session_Control` as `Session-Control`. The client's `Connection` header and
 * every header it names are dropped too (they are hop-by-hop, RFC 9110,
 * section 7.6.1), so a client cannot make a proxy behind the worker remove a
 * header the worker set. The session cookie is removed from `Cookie`; other
 * cookies pass through.
 */
export function buildForwardedHeaders(incoming: Headers, protectedHeaders: ReadonlySet<string>, cookieName: string): Headers {
  const connectionNamed = new Set(
    (incoming.get("connection") ?? "")
      .split(",")
      .map((name) => normalizeHeaderName(name.trim()))
      .filter((name) => name !== ""),
  );
  const forwarded = new Headers();
  for (const [name, value] of incoming) {
    const normalized = normalizeHeaderName(name);
    if (protectedHeaders.has(normalized) || connectionNamed.has(normalized)) continue;
    if (normalized === "connection" || normalized === "keep-alive" || normalized === "proxy-connection") continue;
    if (normalized === "cookie") {
      const rest = removeCookie(value, cookieName);
      if (rest !== null) forwarded.append(name, rest);
      continue;
    }
    forwarded.append(name, value);
  }
  return forwarded;
}

/** Lower-cases a header name and reads `_` as `-`, the form protected names are kept in. */
export function normalizeHeaderName(name: string): string {
  return name.toLowerCase().replaceAll("_", "-");
}
