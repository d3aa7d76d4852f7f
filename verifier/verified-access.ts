import type { JWTPayload } from "jose";

import { invalidToken } from "./errors.ts";
import type { ResolvedVerifierOptions } from "./options.ts";

/** The caller that a verified access token identifies. Times are seconds since the epoch. */
export interface VerifiedAccess {
  /** The `sub` claim: the user ID. */
  userId: string;
  /** The `sid` claim: the public session handle, never the session cookie value. */
  sessionHandle: string;
  /** The `org` claim, or null when the session has no organisation. */
  orgId: string | null;
  /** The `auth_time` claim: when the user logged in. */
  authTime: number;
  /** The `iat` claim. */
  issuedAt: number;
  /** The `exp` claim. */
  expiresAt: number;
  /** The `jti` claim: a random ID that the worker mints for each token. */
  tokenId: string;
}

/**
 * Checks the claims that jose does not know about and builds the result. jose
 * has already checked presence, `iss`, `nbf`, `exp` against the clock, and
 * that `iat` is not in the future.
 */
export function readVerifiedAccess(payload: JWTPayload, options: ResolvedVerifierOptions): VerifiedAccess {
  // jose accepts an array that contains the audience. This profile requires
  // exactly one audience, as a string, so a token minted for several
  // audiences is rejected.
  if (payload.aud !== options.audience) {
    throw invalidToken("aud", 'invalid "aud" claim in access token, expected exactly one audience');
  }

  const issuedAt = readNumericDate(payload, "iat");
  const expiresAt = readNumericDate(payload, "exp");
  if (expiresAt - issuedAt > options.maxTokenAgeSeconds) {
    throw invalidToken("exp", `access token lifetime ("exp" minus "iat") exceeds ${options.maxTokenAgeSeconds} seconds`);
  }
  if (expiresAt <= issuedAt) {
    throw invalidToken("exp", 'access token "exp" claim is not after its "iat" claim');
  }

  return {
    userId: readString(payload, "sub"),
    sessionHandle: readString(payload, "sid"),
    orgId: payload.org === undefined ? null : readString(payload, "org"),
    authTime: readNumericDate(payload, "auth_time"),
    issuedAt,
    expiresAt,
    tokenId: readString(payload, "jti"),
  };
}

// The worker mints whole seconds. RFC 7519 allows fractions, but this profile
// rejects them, along with negative numbers and numbers beyond exact integer
// range (such as 1e20), so arithmetic on the times stays exact.
function readNumericDate(payload: JWTPayload, claim: string): number {
  const value = payload[claim];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw invalidToken(claim, `"${claim}" claim in access token must be a whole number of seconds`);
  }
  return value;
}

function readString(payload: JWTPayload, claim: string): string {
  const value = payload[claim];
  if (typeof value !== "string" || value === "") {
    throw invalidToken(claim, `"${claim}" claim in access token must be a non-empty string`);
  }
  return value;
}
