/**
 * Stable error codes of the access token verifier. Callers branch on the code,
 * never on the message, which may be reworded.
 */
export const ACCESS_TOKEN_ERROR_CODES = {
  /** No token: no input, an empty input, or an Authorization header with another scheme. */
  missing: "ERR_ACCESS_TOKEN_MISSING",
  /** Not a compact JWS of this profile: wrong shape, size, encoding or JSON. */
  malformed: "ERR_ACCESS_TOKEN_MALFORMED",
  /** A well-formed token that fails a header, signature or claim check. */
  invalid: "ERR_ACCESS_TOKEN_INVALID",
  /** The `exp` claim has passed, clock tolerance included. */
  expired: "ERR_ACCESS_TOKEN_EXPIRED",
  /** The user logged in longer ago than a step-up check allows. */
  loginTooOld: "ERR_ACCESS_TOKEN_LOGIN_TOO_OLD",
  /** The key set could not be loaded, so no verdict on the token was possible. */
  keysUnavailable: "ERR_ACCESS_TOKEN_KEYS_UNAVAILABLE",
} as const;

export type AccessTokenErrorCode = (typeof ACCESS_TOKEN_ERROR_CODES)[keyof typeof ACCESS_TOKEN_ERROR_CODES];

export interface AccessTokenErrorOptions {
  /** The claim or header parameter that failed, when one did. */
  claim?: string;
  cause?: unknown;
}

/**
 * Raised for every token the verifier does not accept. The message names the
 * failing claim or header parameter and never contains the token. An origin
 * responds 401 to every code except ERR_ACCESS_TOKEN_KEYS_UNAVAILABLE, which
 * is the key server's fault and maps to 503.
 */
export class AccessTokenError extends Error {
  readonly code: AccessTokenErrorCode;
  /** The claim or header parameter that failed, such as "exp" or "alg". */
  readonly claim: string | undefined;

  constructor(code: AccessTokenErrorCode, message: string, options: AccessTokenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AccessTokenError";
    this.code = code;
    this.claim = options.claim;
  }
}

/** Creates an ERR_ACCESS_TOKEN_MALFORMED error. */
export function malformedToken(message: string): AccessTokenError {
  return new AccessTokenError(ACCESS_TOKEN_ERROR_CODES.malformed, message);
}

/** Creates an ERR_ACCESS_TOKEN_INVALID error that names the failing claim or header parameter. */
export function invalidToken(claim: string, message: string): AccessTokenError {
  return new AccessTokenError(ACCESS_TOKEN_ERROR_CODES.invalid, message, { claim });
}
