// POST /account/password and POST /account/mfa: account changes after which
// a real application ends the user's other sessions, because another person
// who knew the old password may hold one of them. Both routes ask the worker
// to end them with Session-Control {"action":"revoke-others"}, which keeps the
// caller's own session.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";

import type { DemoOriginEnv } from "./app.ts";
import { readBodyFormat } from "./body-format.ts";
import { rejectCrossSiteRequests } from "./cross-site-guard.ts";
import { buildHomeNoticePath } from "./home-notice.ts";
import { HOME_PAGE_CSP, renderHomePage } from "./home-page.ts";
import { readPasswordChangeInput } from "./password-change-input.ts";
import { getVerifiedClaims, requireAccessToken, type LogError } from "./require-access-token.ts";
import { buildRevokeOthersControl } from "./session-control.ts";
import { verifyCredentials, type DemoUser } from "./users.ts";

export interface AccountRouteOptions {
  users: readonly DemoUser[];
  sessionControlHeader: string;
  /** Path of the worker's devices page, linked from the signed-in page. */
  devicesPath: string;
  logError: LogError;
}

// Fits both password fields at their maximum length of 1,024 UTF-16 code
// units, each at most 9 bytes once UTF-8 encoded and percent-encoded:
// 2 × 1,024 × 9 = 18,432 bytes plus the field names.
export const MAX_PASSWORD_CHANGE_BODY_BYTES = 20 * 1024;

export const WRONG_CURRENT_PASSWORD_MESSAGE = "current password is incorrect";

/** Adds POST /account/password and POST /account/mfa to the app. */
export function registerAccountRoutes(app: Hono<DemoOriginEnv>, options: AccountRouteOptions): void {
  const passwordBodyLimit = bodyLimit({
    maxSize: MAX_PASSWORD_CHANGE_BODY_BYTES,
    onError: (c) => c.json({ error: `request body is larger than ${MAX_PASSWORD_CHANGE_BODY_BYTES} bytes` }, 413),
  });
  const signedIn = requireAccessToken(options.logError);

  app.post("/account/password", rejectCrossSiteRequests(), signedIn, passwordBodyLimit, (c) => changePassword(c, options));
  app.post("/account/mfa", rejectCrossSiteRequests(), signedIn, (c) => enableMfa(c, options));
}

// NOTE: A demo only. The new password is checked and then discarded, so the
// old one keeps working; only the session revocation is real.
async function changePassword(c: Context<DemoOriginEnv>, options: AccountRouteOptions): Promise<Response> {
  if (readBodyFormat(c.req.header("Content-Type")) !== "form") {
    return c.json({ error: "Content-Type must be application/x-www-form-urlencoded" }, 415);
  }

  const input = readPasswordChangeInput(await c.req.text());
  if (input.status === "invalid") {
    return rejectPasswordChange(c, options, 400, input.reason);
  }

  // verifyCredentials hashes even when no user matches, so an unknown sub
  // costs the same as a wrong password.
  const claims = getVerifiedClaims(c);
  const email = options.users.find((user) => user.userId === claims.sub)?.email ?? "";
  const user = await verifyCredentials(options.users, email, input.currentPassword);
  if (user === undefined) {
    return rejectPasswordChange(c, options, 403, WRONG_CURRENT_PASSWORD_MESSAGE);
  }

  c.header(options.sessionControlHeader, buildRevokeOthersControl());
  return c.redirect(buildHomeNoticePath("password-changed"), 303);
}

// NOTE: A demo only. Nothing is enrolled; only the session revocation is real.
function enableMfa(c: Context<DemoOriginEnv>, options: AccountRouteOptions): Response {
  c.header(options.sessionControlHeader, buildRevokeOthersControl());
  return c.redirect(buildHomeNoticePath("mfa-enabled"), 303);
}

// The signed-in page again, with the reason beside the password form.
function rejectPasswordChange(c: Context<DemoOriginEnv>, options: AccountRouteOptions, status: 400 | 403, reason: string): Response | Promise<Response> {
  c.header("Content-Security-Policy", HOME_PAGE_CSP);
  const state = { kind: "signed-in", claims: getVerifiedClaims(c), now: new Date(), devicesPath: options.devicesPath, passwordError: reason } as const;
  return c.html(renderHomePage(state), status);
}
