// The demo origin: a small application behind the edge-sessions worker. It
// checks passwords itself, sends the worker login and logout instructions in
// the Session-Control response header, and trusts a caller only through the
// access JWT that the worker adds to forwarded requests.
import { Hono, type Context } from "hono";
import type { JWTVerifyGetKey } from "jose";

import { verifyAuthorizationHeader, type AccessTokenResult } from "./access-token.ts";
import { registerAccountRoutes } from "./account-routes.ts";
import { readHomeNotice } from "./home-notice.ts";
import { DEFAULT_ROUTE_PREFIX, HOME_PAGE_CSP, renderHomePage } from "./home-page.ts";
import { logRequests, type RequestLogEntry } from "./request-log.ts";
import { getVerifiedClaims, requireAccessToken, type LogError } from "./require-access-token.ts";
import { DEFAULT_SESSION_CONTROL_HEADER } from "./session-control.ts";
import { registerSessionRoutes } from "./session-routes.ts";
import { DEMO_USERS, type DemoUser } from "./users.ts";

export interface DemoOriginOptions {
  /** Public keys of the worker, for example `createRemoteJWKSet(new URL(".../_session/jwks.json"))`. */
  keySet: JWTVerifyGetKey;
  /** Expected `iss` of access tokens. */
  issuer: string;
  /** Expected `aud` of access tokens. */
  audience: string;
  /** Response header the worker reads session instructions from. Default "Session-Control". */
  sessionControlHeader?: string;
  /** The worker's ROUTE_PREFIX, for the link to its devices page. Default "/_session". */
  routePrefix?: string;
  /** Accounts that can log in. Default `DEMO_USERS`. */
  users?: readonly DemoUser[];
  /** Called once per request after the response is ready. Default: no request log. */
  logRequest?: (entry: RequestLogEntry) => void;
  /** Called for errors the app handles instead of raising: a key set that cannot be loaded, a handler failure. Default `console.error`. */
  logError?: (message: string, error: unknown) => void;
}

export type DemoOriginEnv = { Variables: { accessToken: AccessTokenResult } };

/** Creates the demo origin app. It opens no sockets, because `server.ts` serves it. */
export function createDemoOrigin(options: DemoOriginOptions): Hono<DemoOriginEnv> {
  const users = options.users ?? DEMO_USERS;
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const app = new Hono<DemoOriginEnv>();

  if (options.logRequest !== undefined) {
    app.use(logRequests(options.logRequest));
  }
  app.use(async (c, next) => {
    await next();
    // Every page depends on the caller's session, so no cache may store one.
    c.header("Cache-Control", "no-store");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
  });
  app.use(async (c, next) => {
    c.set("accessToken", await verifyAuthorizationHeader(c.req.header("Authorization"), options));
    await next();
  });

  const sessionControlHeader = options.sessionControlHeader ?? DEFAULT_SESSION_CONTROL_HEADER;
  const devicesPath = `${options.routePrefix ?? DEFAULT_ROUTE_PREFIX}/devices`;
  app.get("/", (c) => renderHome(c, users, devicesPath, logError));
  app.get("/me", requireAccessToken(logError), (c) => c.json(getVerifiedClaims(c)));
  registerSessionRoutes(app, { users, sessionControlHeader });
  registerAccountRoutes(app, { users, sessionControlHeader, devicesPath, logError });

  app.notFound((c) => c.json({ error: `not found: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    logError(`request failed: ${c.req.method} ${c.req.path}`, error);
    return c.json({ error: "internal server error" }, 500);
  });

  return app;
}

function renderHome(c: Context<DemoOriginEnv>, users: readonly DemoUser[], devicesPath: string, logError: LogError) {
  const accessToken = c.get("accessToken");
  c.header("Content-Security-Policy", HOME_PAGE_CSP);

  switch (accessToken.status) {
    case "valid":
      return c.html(
        renderHomePage({ kind: "signed-in", claims: accessToken.claims, now: new Date(), devicesPath, notice: readHomeNotice(c.req.query("notice")) }),
      );
    case "unavailable":
      logError("could not load the access token key set", accessToken.error);
      return c.html(renderHomePage({ kind: "unavailable" }), 503);
    // An invalid token means the worker and this origin disagree (a key
    // rotation, a clock off by more than the tolerance), so the page offers a
    // fresh login and shows why.
    case "invalid":
      return c.html(renderHomePage({ kind: "signed-out", users, error: `Access token rejected: ${accessToken.reason}.` }));
    case "absent":
      return c.html(renderHomePage({ kind: "signed-out", users }));
  }
}
