// Reads the access token from an `Authorization: Bearer <token>` request header
// (RFC 6750, section 2.1).

export type BearerTokenReadResult =
  | { status: "absent" }
  | { status: "malformed" }
  | { status: "present"; token: string };

// RFC 6750 b64token: the characters of base64url, base64 and padding. The
// scheme name is case-insensitive (RFC 9110, section 11.1).
const BEARER_PATTERN = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SCHEME_PATTERN = /^Bearer(?: |$)/i;

/**
 * Classifies an Authorization header value. A header with another scheme
 * (Basic, for example) counts as absent, because RFC 6750 treats a request
 * with an unsupported method like one without credentials.
 */
export function readBearerToken(authorization: string | undefined): BearerTokenReadResult {
  if (authorization === undefined || !SCHEME_PATTERN.test(authorization)) {
    return { status: "absent" };
  }

  const match = BEARER_PATTERN.exec(authorization);
  if (match?.[1] === undefined) {
    return { status: "malformed" };
  }

  return { status: "present", token: match[1] };
}
