import { errors } from "jose";

import { ACCESS_TOKEN_ERROR_CODES, AccessTokenError, invalidToken, malformedToken } from "./errors.ts";

/**
 * Maps an error from jose's jwtVerify to an AccessTokenError. The messages
 * name the failing check, never the token. An error that is not about the
 * token itself (a JWKS fetch that failed, timed out or returned no valid key
 * set, or a network error) becomes ERR_ACCESS_TOKEN_KEYS_UNAVAILABLE, with
 * the original error as the cause.
 */
export function toAccessTokenError(error: unknown): AccessTokenError {
  if (error instanceof errors.JWTExpired) {
    return new AccessTokenError(ACCESS_TOKEN_ERROR_CODES.expired, `access token expired ("${error.claim}" claim)`, { claim: error.claim });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return describeClaimFailure(error);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalidToken("signature", "access token signature verification failed");
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return invalidToken("alg", 'access token "alg" header is not allowed');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return invalidToken("kid", 'no single key in the key set matches the access token\'s "kid" and "alg"');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return malformedToken("access token is not a valid JWS or its payload is not a JWT claims set");
  }

  return new AccessTokenError(ACCESS_TOKEN_ERROR_CODES.keysUnavailable, "could not load the key set to verify the access token", { cause: error });
}

function describeClaimFailure(error: InstanceType<typeof errors.JWTClaimValidationFailed>): AccessTokenError {
  const { claim, reason } = error;
  if (reason === "missing") {
    return invalidToken(claim, `access token is missing the "${claim}" claim`);
  }
  if (claim === "typ") {
    return invalidToken("typ", 'unexpected access token "typ" header');
  }
  return invalidToken(claim, `invalid "${claim}" claim in access token`);
}
