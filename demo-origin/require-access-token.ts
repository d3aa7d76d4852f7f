// Guards routes that only a signed-in caller may use: the request must carry
// a valid access token from the worker.
import type { Context, MiddlewareHandler } from "hono";

import type { AccessTokenClaims } from "./access-token.ts";
import type { DemoOriginEnv } from "./app.ts";

export type LogError = (message: string, error: unknown) => void;

/**
 * Returns middleware that passes a request with a valid access token on, and
 * otherwise responds with 401 (no token or an invalid one, with
 * WWW-Authenticate) or 503 (the worker's key set could not be loaded).
 * It reads the `accessToken` variable that an earlier middleware sets.
 */
export function requireAccessToken(logError: LogError): MiddlewareHandler<DemoOriginEnv> {
  return async (c, next) => {
    const accessToken = c.get("accessToken");

    switch (accessToken.status) {
      case "valid":
        await next();
        return;
      case "unavailable":
        logError("could not load the access token key set", accessToken.error);
        c.header("Retry-After", "5");
        return c.json({ error: "could not load the worker's public keys, try again shortly" }, 503);
      // RFC 6750, section 3: no error code when the request carries no token.
      case "absent":
        c.header("WWW-Authenticate", "Bearer");
        return c.json({ error: "missing access token" }, 401);
      case "invalid":
        c.header("WWW-Authenticate", 'Bearer error="invalid_token"');
        return c.json({ error: accessToken.reason }, 401);
    }
  };
}

/** Returns the verified claims of a request that passed `requireAccessToken`. */
export function getVerifiedClaims(c: Context<DemoOriginEnv>): AccessTokenClaims {
  const accessToken = c.get("accessToken");
  if (accessToken.status !== "valid") {
    throw new Error("getVerifiedClaims called on a request without a valid access token");
  }
  return accessToken.claims;
}
