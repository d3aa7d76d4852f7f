import type { Context } from "hono";
import type { Runtime } from "../runtime.ts";

/**
 * Serves the public key set that origins verify access tokens with. Origins
 * may cache it for five minutes; a new key must be published at least that
 * long before it starts signing.
 */
export function serveJwks(c: Context, runtime: Runtime): Response {
  return c.json(runtime.jwks, 200, {
    "cache-control": "public, max-age=300, must-revalidate",
    "access-control-allow-origin": "*",
  });
}
