import { Hono } from "hono";
import { errorResponse, internalErrorResponse, storeUnavailableResponse } from "./http/responses.ts";
import { logEvent } from "./log.ts";
import { proxyToOrigin } from "./proxy/proxy-handler.ts";
import { serveJwks } from "./routes/jwks.ts";
import { logout } from "./routes/logout.ts";
import type { Runtime } from "./runtime.ts";
import { StoreUnavailableError } from "./store/errors.ts";

/**
 * Builds the worker's Hono app: its own routes under the route prefix, and
 * every other request forwarded to the origin.
 */
export function createApp(runtime: Runtime): Hono {
  const prefix = runtime.settings.routePrefix;
  const app = new Hono();

  app.get(`${prefix}/jwks.json`, (c) => serveJwks(c, runtime));
  app.post(`${prefix}/logout`, (c) => logout(c, runtime));
  app.all(`${prefix}`, () => routeNotFound());
  app.all(`${prefix}/*`, () => routeNotFound());
  app.all("*", (c) => proxyToOrigin(c.req.raw, runtime));

  app.onError((error) => {
    if (error instanceof StoreUnavailableError) {
      logEvent("error", "store.error", { operation: error.operation, reason: error.message });
      return storeUnavailableResponse();
    }
    logEvent("error", "request.failed", { reason: error instanceof Error ? `${error.name}: ${error.message}` : "unknown" });
    return internalErrorResponse();
  });
  return app;
}

function routeNotFound(): Response {
  return errorResponse(404, "not_found", "No such session route.");
}
