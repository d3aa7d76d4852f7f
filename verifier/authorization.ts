import { ACCESS_TOKEN_ERROR_CODES, AccessTokenError, malformedToken } from "./errors.ts";
import { MAX_TOKEN_LENGTH } from "./profile.ts";

const BEARER_PREFIX_LENGTH = "Bearer ".length;
// Registered authentication schemes (Basic, Digest, DPoP, Negotiate,
// AWS4-HMAC-SHA256) use letters, digits and hyphens only. Anything else before
// the first space, such as part of a token, makes the value malformed.
const SCHEME_PATTERN = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * Extracts the token from a bare token or an Authorization header value.
 * The scheme name is case-insensitive (RFC 9110, section 11.1) and must be
 * followed by exactly one space. A value with another scheme, such as
 * "Basic …", counts as no token, because RFC 6750 treats a request with an
 * unsupported scheme like one without credentials.
 */
export function readToken(input: string | null | undefined): string {
  if (input === undefined || input === null || input === "") {
    throw new AccessTokenError(ACCESS_TOKEN_ERROR_CODES.missing, "no access token");
  }
  if (typeof input !== "string") {
    throw malformedToken("access token must be a string");
  }
  // Bound the work on oversized input before any pattern runs.
  if (input.length > MAX_TOKEN_LENGTH + BEARER_PREFIX_LENGTH) {
    throw malformedToken(`access token is longer than ${MAX_TOKEN_LENGTH} bytes`);
  }

  const space = input.indexOf(" ");
  if (space === -1) {
    return input;
  }

  const scheme = input.slice(0, space);
  if (!SCHEME_PATTERN.test(scheme)) {
    throw malformedToken("malformed Authorization header, expected Bearer followed by one space and the token");
  }
  if (scheme.toLowerCase() !== "bearer") {
    throw new AccessTokenError(ACCESS_TOKEN_ERROR_CODES.missing, "no access token: the Authorization header has another scheme than Bearer");
  }

  const token = input.slice(space + 1);
  if (token === "" || /\s/.test(token)) {
    throw malformedToken("malformed Authorization header, expected Bearer followed by one space and the token");
  }
  return token;
}
