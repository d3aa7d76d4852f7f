import { isWellFormedSessionId } from "./id.ts";

/**
 * The session cookie as read from the request's Cookie header. Only
 * `present` carries an ID worth looking up; every other case is "no session".
 */
export type SessionCookie =
  | { kind: "absent" }
  | { kind: "malformed" }
  | { kind: "duplicate" }
  | { kind: "present"; sessionId: string };

/** Reads the session cookie from a Cookie header without ever throwing. */
export function readSessionCookie(cookieHeader: string | null, cookieName: string): SessionCookie {
  if (!cookieHeader) return { kind: "absent" };
  const values = cookiePairs(cookieHeader)
    .filter((pair) => pair.name === cookieName)
    .map((pair) => pair.value);

  if (values.length === 0) return { kind: "absent" };
  // Two values can mean a cookie planted by a sibling host or a tossing
  // attack; picking one would let an attacker choose, so neither counts.
  if (values.length > 1) return { kind: "duplicate" };
  const value = values[0]!;
  return isWellFormedSessionId(value) ? { kind: "present", sessionId: value } : { kind: "malformed" };
}

/**
 * Removes every pair named `cookieName` from a Cookie header and returns the
 * rest unchanged, or null when nothing is left.
 */
export function removeCookie(cookieHeader: string, cookieName: string): string | null {
  const kept: string[] = [];
  for (const part of cookieHeader.split(";")) {
    const pieces = part.split(",").filter((piece) => cookieNameOf(piece) !== cookieName);
    const rest = pieces.join(",").trim();
    if (rest !== "") kept.push(rest);
  }
  return kept.length > 0 ? kept.join("; ") : null;
}

export interface SessionCookieAttributes {
  cookieName: string;
  /** Lifetime in seconds; the browser drops the cookie after it. */
  maxAgeSeconds: number;
}

/**
 * Serialises the session cookie. `__Host-` requires `Secure`, `Path=/` and no
 * `Domain`; browsers treat http://localhost as secure, so `Secure` works locally too.
 */
export function serializeSessionCookie(sessionId: string, attributes: SessionCookieAttributes): string {
  return `${attributes.cookieName}=${sessionId}; Max-Age=${attributes.maxAgeSeconds}; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

/** Serialises a Set-Cookie line that makes the browser delete the session cookie. */
export function serializeClearedSessionCookie(cookieName: string): string {
  return `${cookieName}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

// Pairs are split on ";" and also on ",": a runtime that merges two Cookie
// header lines joins them with ", ", and the session cookie must be found (and
// removed) on either line.
function cookiePairs(cookieHeader: string): Array<{ name: string; value: string }> {
  const pairs: Array<{ name: string; value: string }> = [];
  for (const piece of cookieHeader.split(/[;,]/)) {
    const separator = piece.indexOf("=");
    if (separator < 0) continue;
    let value = piece.slice(separator + 1).trim();
    // RFC 6265 allows a cookie value in double quotes.
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    pairs.push({ name: piece.slice(0, separator).trim(), value });
  }
  return pairs;
}

function cookieNameOf(pair: string): string {
  const separator = pair.indexOf("=");
  return (separator < 0 ? pair : pair.slice(0, separator)).trim();
}
