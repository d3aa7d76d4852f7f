// Verifies, at an origin, the access JWT that the edge-sessions worker adds to
// each request it forwards. Uses Web APIs and jose only, so it runs on Node,
// Cloudflare Workers, Deno and Bun. docs/verifier.md describes its use.

export { createAccessTokenVerifier, type AccessTokenVerifier } from "./create-verifier.ts";
export { ACCESS_TOKEN_ERROR_CODES, AccessTokenError, type AccessTokenErrorCode } from "./errors.ts";
export {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_TOKEN_AGE_SECONDS,
  MAX_CLOCK_TOLERANCE_SECONDS,
  type AccessTokenVerifierOptions,
} from "./options.ts";
export { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE, MAX_TOKEN_LENGTH, REQUIRED_CLAIMS } from "./profile.ts";
export { requireRecentLogin } from "./recent-login.ts";
export type { VerifiedAccess } from "./verified-access.ts";
