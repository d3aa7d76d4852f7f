import type { Settings } from "../config/settings.ts";
import { removeCookie } from "../session/cookie.ts";

/**
 * Identity headers that origins and their frameworks commonly trust. The
 * worker never sets them, so a client copy can only be a forgery.
 */
const IDENTITY_HEADERS = [
  "x-user-id", "x-user-email", "x-user", "x-auth-user", "x-authenticated-user", "x-forwarded-user",
  "x-remote-user", "remote-user", "x-forwarded-email", "x-auth-request-user", "x-auth-request-email",
];

/**
 * Client IP headers. The worker sets `X-Forwarded-For` itself from
 * `CF-Connecting-IP`, which Cloudflare writes and clients cannot override.
 */
const CLIENT_IP_HEADERS = ["x-forwarded-for", "x-real-ip", "forwarded", "true-client-ip", "x-client-ip", "x-cluster-client-ip"];

const protectedHeaderSets = new WeakMap<Settings, ReadonlySet<string>>();

/**
 * Returns the names (lower case, `_` read as `-`) of every request header only
 * the worker may set, built once per settings object.
 */
export function protectedRequestHeaders(settings: Settings): ReadonlySet<string> {
  let names = protectedHeaderSets.get(settings);
  if (!names) {
    names = buildProtectedHeaderSet(settings);
    protectedHeaderSets.set(settings, names);
  }
  return names;
}

function buildProtectedHeaderSet(settings: Settings): ReadonlySet<string> {
  return new Set([
    settings.accessTokenHeader,
    settings.sessionControlHeader,
    ...IDENTITY_HEADERS,
    ...CLIENT_IP_HEADERS,
    ...settings.protectedRequestHeaders,
  ]);
}

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
 * cookies pass through. `X-Forwarded-For` is set from `CF-Connecting-IP` only.
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
  const clientIp = incoming.get("cf-connecting-ip");
  if (clientIp !== null) forwarded.set("x-forwarded-for", clientIp);
  return forwarded;
}

/** Lower-cases a header name and reads `_` as `-`, the form protected names are kept in. */
export function normalizeHeaderName(name: string): string {
  return name.toLowerCase().replaceAll("_", "-");
}
