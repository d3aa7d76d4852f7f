import { Hono } from "hono";
import { errorResponse, internalErrorResponse, storeUnavailableResponse } from "./http/responses.ts";
import { logEvent } from "./log.ts";
import { proxyToOrigin } from "./proxy/proxy-handler.ts";
import { serveJwks } from "./routes/jwks.ts";
import { logout } from "./routes/logout.ts";
import { adminRoute } from "./routes/admin-api.ts";
import { devicesPage, signOutDeviceForm, signOutOtherDevicesForm } from "./routes/devices.ts";
import { listSessionsRoute, revokeOthersRoute, revokeSessionRoute } from "./routes/sessions-api.ts";
import type { Runtime } from "./runtime.ts";
import { withSecurityHeaders } from "./http/security-headers.ts";
import { StoreUnavailableError } from "./store/errors.ts";

/**
 * Builds the worker's Hono app: its own routes under the route prefix, and
 * every other request forwarded to the origin.
 */
export function createApp(runtime: Runtime): Hono {
  const prefix = runtime.settings.routePrefix;
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    const secured = withSecurityHeaders(c.res, c.req.url, runtime.settings.hstsMaxAgeSeconds);
    // Hono's setter copies every header into a new response, so it runs only
    // when the response really is a new one.
    if (secured !== c.res) c.res = secured;
  });

  app.get(`${prefix}/jwks.json`, (c) => serveJwks(c, runtime));
  app.post(`${prefix}/logout`, (c) => logout(c, runtime));

  app.get(`${prefix}/sessions`, (c) => listSessionsRoute(c, runtime));
  app.post(`${prefix}/sessions/revoke-others`, (c) => revokeOthersRoute(c, runtime));
  app.delete(`${prefix}/sessions/:handle`, (c) => revokeSessionRoute(c, runtime, c.req.param("handle")));

  app.get(`${prefix}/devices`, (c) => devicesPage(c, runtime));
  app.post(`${prefix}/devices/sign-out`, (c) => signOutDeviceForm(c, runtime));
  app.post(`${prefix}/devices/sign-out-others`, (c) => signOutOtherDevicesForm(c, runtime));

  app.get(`${prefix}/admin/users/:user/sessions`, (c) => adminRoute(c, runtime, "list"));
  app.post(`${prefix}/admin/users/:user/sessions/revoke-all`, (c) => adminRoute(c, runtime, "revoke-all"));
  app.delete(`${prefix}/admin/users/:user/sessions/:handle`, (c) => adminRoute(c, runtime, "revoke"));

  app.all(`${prefix}`, () => routeNotFound());
  app.all(`${prefix}/*`, () => routeNotFound());
  app.all("*", (c) => proxyToOrigin(c.req.raw, runtime, (work) => c.executionCtx.waitUntil(work)));

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
