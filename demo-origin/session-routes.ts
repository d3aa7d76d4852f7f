// POST /login and POST /logout. The origin decides who logs in, while the
// worker owns the session and its cookie and acts on the Session-Control header.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";

import type { DemoOriginEnv } from "./app.ts";
import { readBodyFormat, type BodyFormat } from "./body-format.ts";
import { rejectCrossSiteRequests } from "./cross-site-guard.ts";
import { HOME_PAGE_CSP, renderHomePage } from "./home-page.ts";
import { readLoginInput } from "./login-input.ts";
import { buildLoginControl, buildLogoutControl } from "./session-control.ts";
import { verifyCredentials, type DemoUser } from "./users.ts";

export interface SessionRouteOptions {
  users: readonly DemoUser[];
  sessionControlHeader: string;
}

// Fits both fields at their maximum lengths in either format. A UTF-16 code
// unit takes at most 3 UTF-8 bytes, 9 once percent-encoded and 6 as a JSON
// \u escape, so (254 + 1024) × 9 = 11,502 bytes plus the field names.
export const MAX_LOGIN_BODY_BYTES = 16 * 1024;

// One message for an unknown email and a wrong password, so that no response
// reveals whether an account exists.
export const INVALID_CREDENTIALS_MESSAGE = "invalid email or password";

/** Adds POST /login and POST /logout to the app. */
export function registerSessionRoutes(app: Hono<DemoOriginEnv>, options: SessionRouteOptions): void {
  const loginBodyLimit = bodyLimit({
    maxSize: MAX_LOGIN_BODY_BYTES,
    onError: (c) => c.json({ error: `request body is larger than ${MAX_LOGIN_BODY_BYTES} bytes` }, 413),
  });

  app.post("/login", rejectCrossSiteRequests(), loginBodyLimit, (c) => handleLogin(c, options));
  app.post("/logout", rejectCrossSiteRequests(), (c) => handleLogout(c, options));
}

async function handleLogin(c: Context<DemoOriginEnv>, options: SessionRouteOptions): Promise<Response> {
  const format = readBodyFormat(c.req.header("Content-Type"));
  if (format === undefined) {
    return c.json({ error: "Content-Type must be application/x-www-form-urlencoded or application/json" }, 415);
  }

  const input = readLoginInput(await c.req.text(), format);
  if (input.status === "invalid") {
    return rejectLogin(c, format, options.users, 400, input.reason);
  }

  const user = await verifyCredentials(options.users, input.email, input.password);
  if (user === undefined) {
    return rejectLogin(c, format, options.users, 401, INVALID_CREDENTIALS_MESSAGE, input.email);
  }

  c.header(options.sessionControlHeader, buildLoginControl(user.userId, user.org));
  if (format === "form") {
    return c.redirect("/", 303);
  }
  return c.json({ user: user.userId, org: user.org ?? null });
}

function handleLogout(c: Context<DemoOriginEnv>, options: SessionRouteOptions): Response {
  c.header(options.sessionControlHeader, buildLogoutControl());

  if (readBodyFormat(c.req.header("Content-Type")) === "form") {
    return c.redirect("/", 303);
  }
  return c.body(null, 204);
}

// A browser form gets the login page again with the message and the email it
// sent, so the user only retypes the password. A script gets JSON.
function rejectLogin(
  c: Context<DemoOriginEnv>,
  format: BodyFormat,
  users: readonly DemoUser[],
  status: 400 | 401,
  reason: string,
  email?: string,
): Response | Promise<Response> {
  if (format === "json") {
    return c.json({ error: reason }, status);
  }

  c.header("Content-Security-Policy", HOME_PAGE_CSP);
  return c.html(renderHomePage({ kind: "signed-out", users, error: reason, email }), status);
}
