// The fixed shape of the access tokens that edge-sessions mints. None of it is
// configurable, so an origin cannot loosen a check by mistake.

/** Signature algorithms, compared case-sensitively. HMAC and "none" are excluded. */
export const ACCESS_TOKEN_ALGORITHMS: readonly string[] = ["ES256", "EdDSA"];

/** The `typ` header, compared exactly, so another JWT signed by the same key cannot pass (RFC 8725, section 3.11). */
export const ACCESS_TOKEN_TYPE = "access+jwt";

/** Claims every access token must carry. */
export const REQUIRED_CLAIMS: readonly string[] = ["iss", "aud", "sub", "sid", "iat", "exp", "jti", "auth_time"];

/**
 * Header parameters that point at or embed a key, or that ask the verifier to
 * process extensions. The worker sets none of them, and honouring any would
 * let the token choose its own key or change how its signature is checked.
 */
export const FORBIDDEN_HEADER_PARAMETERS: readonly string[] = ["jwk", "jku", "x5u", "x5c", "crit", "b64"];

/** Largest accepted token, in characters (all ASCII, so also bytes). */
export const MAX_TOKEN_LENGTH = 8192;

/** A `kid` of 1 to 128 printable ASCII characters, the same rule the worker applies to its signing key. */
export const KEY_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;
