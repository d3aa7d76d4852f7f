import type { Context } from "hono";
import { negotiateLocale } from "../device/labels.ts";
import { readLimitedBody } from "../http/limited-body.ts";
import { errorResponse } from "../http/responses.ts";
import { logoutHeaders } from "../http/security-headers.ts";
import type { Runtime } from "../runtime.ts";
import { endCurrentSession, resolveCurrentSessionAndList } from "../session/lifecycle.ts";
import { serializeClearedSessionCookie } from "../session/cookie.ts";
import { revokeOtherSessions, revokeSession, summarizeSessions } from "../session/revocation.ts";
import { createDevicesPageCsp, renderDevicesPage } from "./devices-page.tsx";
import { hasRecentLogin, requireSession } from "./sessions-api.ts";

// Status lines the page can show after a form post. The query names one by
// key, so nothing from the URL is ever written into the page.
const NOTICES: Record<string, string> = {
  "signed-out": "The session was signed out.",
  "signed-out-others": "All other sessions were signed out.",
  "not-found": "That session had already ended.",
  reauthenticate: "Sign in again to sign out other sessions.",
};

// A form post here carries one short field; anything larger is not ours.
const MAX_FORM_BYTES = 4096;

/** `GET /devices`: the caller's sessions as a page; without a session, a redirect to `/`. */
export async function devicesPage(c: Context, runtime: Runtime): Promise<Response> {
  const { current, sessions } = await resolveCurrentSessionAndList(c.req.raw, runtime);
  if (!current.active) {
    const headers = new Headers({ location: "/", "cache-control": "no-store" });
    if (current.stale) headers.set("set-cookie", serializeClearedSessionCookie(runtime.settings.cookieName));
    return new Response(null, { status: 303, headers });
  }
  const html = renderDevicesPage({
    sessions: summarizeSessions(sessions, current.active.record.handle),
    locale: negotiateLocale(c.req.header("accept-language") ?? null),
    now: runtime.clock(),
    routePrefix: runtime.settings.routePrefix,
    notice: NOTICES[c.req.query("notice") ?? ""] ?? null,
  });
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
      "content-security-policy": await createDevicesPageCsp(),
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
    },
  });
}

/** `POST /devices/sign-out`: the page's form for one session; signing out this device is a logout. */
export async function signOutDeviceForm(c: Context, runtime: Runtime): Promise<Response> {
  const check = await requireSession(c, runtime, true);
  if (!check.ok) return check.response;
  const handle = await readHandleField(c);
  if (handle === null) return errorResponse(400, "invalid_form", "The form needs a handle field naming one of your sessions.");

  const { current } = check;
  if (handle === current.active.record.handle) {
    const headers = logoutHeaders(await endCurrentSession(runtime, current, "logout"));
    headers.set("location", "/");
    return new Response(null, { status: 303, headers });
  }
  if (!hasRecentLogin(runtime, current)) return redirect(`${runtime.settings.routePrefix}/devices?notice=reauthenticate`);
  const ended = await revokeSession(runtime, current.active.record.userId, handle, "revoked");
  return redirect(`${runtime.settings.routePrefix}/devices?notice=${ended ? "signed-out" : "not-found"}`);
}

/** `POST /devices/sign-out-others`: the page's form that signs out every other session. */
export async function signOutOtherDevicesForm(c: Context, runtime: Runtime): Promise<Response> {
  const check = await requireSession(c, runtime, true);
  if (!check.ok) return check.response;
  if (!hasRecentLogin(runtime, check.current)) return redirect(`${runtime.settings.routePrefix}/devices?notice=reauthenticate`);
  await revokeOtherSessions(runtime, check.current.active.record, "revoke_others");
  return redirect(`${runtime.settings.routePrefix}/devices?notice=signed-out-others`);
}

async function readHandleField(c: Context): Promise<string | null> {
  const body = await readLimitedBody(c.req.raw, MAX_FORM_BYTES);
  if (body === null || body === "too-large") return null;
  const handle = new URLSearchParams(new TextDecoder().decode(body)).get("handle");
  return handle !== null && /^[A-Za-z0-9_-]{1,64}$/.test(handle) ? handle : null;
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}
