// Verifies the access JWT that the worker adds to each request it forwards for
// a signed-in caller, and classifies every failure.
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";

import { readBearerToken } from "./bearer-token.ts";

/** The claims of a verified access token, including any not listed here. */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  aud: string | string[];
  /** User id. */
  sub: string;
  /** Public session handle, not the session cookie value. */
  sid: string;
  org?: string;
  /** Issued at, seconds since the epoch. */
  iat?: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
  jti?: string;
  /** When the user logged in, seconds since the epoch. */
  auth_time?: number;
}

/**
 * The outcome of reading a request's access token: no token, a token that
 * fails verification (with a reason safe to send back), a valid token, or no
 * verdict because the key set could not be loaded.
 */
export type AccessTokenResult =
  | { status: "absent" }
  | { status: "invalid"; reason: string }
  | { status: "valid"; claims: AccessTokenClaims }
  | { status: "unavailable"; error: unknown };

export interface AccessTokenVerifierOptions {
  keySet: JWTVerifyGetKey;
  issuer: string;
  audience: string;
}

export const ACCESS_TOKEN_TYPE = "access+jwt";
export const ACCESS_TOKEN_ALGORITHMS = ["ES256", "EdDSA"];
/** Allowed clock skew between the worker and this origin, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/** Verifies the bearer token in an Authorization header value. */
export async function verifyAuthorizationHeader(
  authorization: string | undefined,
  options: AccessTokenVerifierOptions,
): Promise<AccessTokenResult> {
  const bearer = readBearerToken(authorization);
  if (bearer.status === "absent") {
    return { status: "absent" };
  }
  if (bearer.status === "malformed") {
    return { status: "invalid", reason: "malformed Authorization header, expected Bearer <token>" };
  }

  return verifyAccessToken(bearer.token, options);
}

/** Verifies an access token's signature, header and claims. */
export async function verifyAccessToken(
  token: string,
  options: AccessTokenVerifierOptions,
): Promise<AccessTokenResult> {
  let payload: JWTPayload;
  try {
    const verified = await jwtVerify(token, options.keySet, {
      algorithms: ACCESS_TOKEN_ALGORITHMS,
      issuer: options.issuer,
      audience: options.audience,
      typ: ACCESS_TOKEN_TYPE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // jose checks exp only when present, so a token without one would never expire.
      requiredClaims: ["sub", "sid", "exp"],
    });
    payload = verified.payload;
  } catch (error) {
    return classifyVerificationError(error);
  }

  return readClaims(payload);
}

// jose has already checked iss, aud and exp; this checks the types of the
// claims that jose does not know about.
function readClaims(payload: JWTPayload): AccessTokenResult {
  const { sub, sid, org, auth_time: authTime } = payload;

  if (typeof sub !== "string" || sub === "") {
    return { status: "invalid", reason: 'invalid "sub" claim in access token' };
  }
  if (typeof sid !== "string" || sid === "") {
    return { status: "invalid", reason: 'invalid "sid" claim in access token' };
  }
  if (org !== undefined && typeof org !== "string") {
    return { status: "invalid", reason: 'invalid "org" claim in access token' };
  }
  if (authTime !== undefined && typeof authTime !== "number") {
    return { status: "invalid", reason: 'invalid "auth_time" claim in access token' };
  }

  // jose has checked that iss and aud equal the expected values and that exp
  // is a number, which the types cannot express.
  return { status: "valid", claims: payload as unknown as AccessTokenClaims };
}

// Maps jose errors to reasons that name the failed check but never include
// the token. Errors about loading the key set are the key server's fault, not
// the caller's, so they yield "unavailable" and the route responds with 503.
function classifyVerificationError(error: unknown): AccessTokenResult {
  if (error instanceof errors.JWTExpired) {
    return { status: "invalid", reason: "access token expired" };
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return { status: "invalid", reason: describeClaimFailure(error) };
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return { status: "invalid", reason: "invalid access token signature" };
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return { status: "invalid", reason: `access token algorithm not allowed, expected one of ${ACCESS_TOKEN_ALGORITHMS.join(", ")}` };
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return { status: "invalid", reason: "no single key in the key set matches the access token's kid and alg" };
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return { status: "invalid", reason: "malformed access token" };
  }

  // JWKSTimeout, JWKSInvalid, a non-200 or non-JSON key set response (plain
  // JOSEError), or a network error from fetch.
  return { status: "unavailable", error };
}

function describeClaimFailure(error: InstanceType<typeof errors.JWTClaimValidationFailed>): string {
  if (error.claim === "typ") {
    return `unexpected access token typ header, expected "${ACCESS_TOKEN_TYPE}"`;
  }
  if (error.reason === "missing") {
    return `access token is missing the "${error.claim}" claim`;
  }

  return `invalid "${error.claim}" claim in access token`;
}
