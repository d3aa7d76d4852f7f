import type { JWTVerifyGetKey } from "jose";

/** Options of createAccessTokenVerifier. Give exactly one of `jwksUrl` and `keySet`. */
export interface AccessTokenVerifierOptions {
  /**
   * The worker's JWKS, `https://<worker host>/_session/jwks.json`. Must be
   * https, except on localhost, 127.0.0.1 and [::1] for local development.
   */
  jwksUrl?: string | URL;
  /** A key resolver to use in place of `jwksUrl`, such as jose's createLocalJWKSet. */
  keySet?: JWTVerifyGetKey;
  /** Expected `iss` claim: the worker's ACCESS_TOKEN_ISSUER. */
  issuer: string;
  /** Expected `aud` claim, one string: the worker's ACCESS_TOKEN_AUDIENCE. */
  audience: string;
  /** Longest accepted token lifetime (`exp` minus `iat`), in seconds. Default 300, the worker's maximum TTL. */
  maxTokenAgeSeconds?: number;
  /** Allowed clock difference between the worker and this origin, in seconds. Default 5, at most 60. */
  clockToleranceSeconds?: number;
  /** When set, every token whose `auth_time` is older than this many seconds is rejected. */
  maxAuthAgeSeconds?: number;
  /** Current time in milliseconds since the epoch. Default Date.now; tests inject a fixed clock. */
  clock?: () => number;
}

/** Options after validation, with defaults filled in. */
export interface ResolvedVerifierOptions {
  issuer: string;
  audience: string;
  maxTokenAgeSeconds: number;
  clockToleranceSeconds: number;
  maxAuthAgeSeconds: number | undefined;
  clock: () => number;
}

export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 300;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;
// Tolerance widens every time check, so a larger value would mostly hide a
// broken clock; fix the clock (NTP) instead.
export const MAX_CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Validates the options and fills in defaults. Misconfiguration raises a
 * TypeError when the verifier is created, not on the first request.
 */
export function resolveOptions(options: AccessTokenVerifierOptions): ResolvedVerifierOptions {
  return {
    issuer: requireNonEmptyString(options.issuer, "issuer"),
    audience: requireNonEmptyString(options.audience, "audience"),
    maxTokenAgeSeconds: requireSeconds(options.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS, "maxTokenAgeSeconds", 1),
    clockToleranceSeconds: requireClockTolerance(options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS),
    maxAuthAgeSeconds: options.maxAuthAgeSeconds === undefined ? undefined : requireSeconds(options.maxAuthAgeSeconds, "maxAuthAgeSeconds", 0),
    clock: options.clock ?? Date.now,
  };
}

function requireNonEmptyString(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`the ${name} option must be a non-empty string`);
  }
  return value;
}

/** Checks a whole number of seconds, at least `minimum`. */
export function requireSeconds(value: unknown, name: string, minimum: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum) {
    throw new TypeError(`the ${name} option must be a whole number of seconds, at least ${minimum}`);
  }
  return value;
}

function requireClockTolerance(value: unknown): number {
  const seconds = requireSeconds(value, "clockToleranceSeconds", 0);
  if (seconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw new TypeError(`the clockToleranceSeconds option must be at most ${MAX_CLOCK_TOLERANCE_SECONDS}`);
  }
  return seconds;
}
