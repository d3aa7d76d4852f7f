import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";

import type { AccessTokenVerifierOptions } from "./options.ts";

// The worker serves its JWKS with max-age=300, so keys are refetched after the
// same 5 minutes. An unknown `kid` triggers at most one refetch per 30 seconds,
// which bounds the requests that a flood of forged tokens can cause. A fetch
// gives up after 5 seconds. All three are in milliseconds.
export const JWKS_CACHE_MAX_AGE_MS = 300_000;
export const JWKS_COOLDOWN_MS = 30_000;
export const JWKS_TIMEOUT_MS = 5_000;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Builds the key resolver from exactly one of `jwksUrl` and `keySet`. */
export function createKeyResolver(options: AccessTokenVerifierOptions): JWTVerifyGetKey {
  const { jwksUrl, keySet } = options;
  if ((jwksUrl === undefined) === (keySet === undefined)) {
    throw new TypeError("give exactly one of the jwksUrl and keySet options");
  }
  if (keySet !== undefined) {
    if (typeof keySet !== "function") throw new TypeError("the keySet option must be a key resolver function, such as createLocalJWKSet(jwks)");
    return keySet;
  }

  return createRemoteJWKSet(parseJwksUrl(jwksUrl), {
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    cooldownDuration: JWKS_COOLDOWN_MS,
    timeoutDuration: JWKS_TIMEOUT_MS,
  });
}

// Over plain http, anyone on the path could replace the keys, so http is only
// for a worker on this machine.
function parseJwksUrl(value: string | URL | undefined): URL {
  let url: URL;
  try {
    url = new URL(value ?? "");
  } catch {
    throw new TypeError("the jwksUrl option must be an absolute URL");
  }
  const loopback = url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !loopback) {
    throw new TypeError("the jwksUrl option must be an https URL (http only for localhost, 127.0.0.1 or [::1])");
  }
  return url;
}
