import type { Context } from "hono";
import { errorResponse } from "../http/responses.ts";
import { logoutHeaders } from "../http/security-headers.ts";
import { isSameOriginRequest } from "../http/same-origin.ts";
import type { Runtime } from "../runtime.ts";
import { endCurrentSession, resolveCurrentSession, resolveCurrentSessionAndList, type CurrentSession } from "../session/lifecycle.ts";
import { revokeOtherSessions, revokeSession, summarizeSessions } from "../session/revocation.ts";
import type { SessionSummary } from "../session/summary.ts";

/** A request's session that is known to be active. */
export type ActiveSession = CurrentSession & { active: NonNullable<CurrentSession["active"]> };

/** The request's active session, or the response to send when it has none. */
type SessionCheck = { ok: true; current: ActiveSession } | { ok: false; response: Response };

/**
 * Resolves the caller's session; every route here needs one. Unsafe methods
 * must also come from a page of the worker's own origin.
 */
export async function requireSession(c: Context, runtime: Runtime, unsafe: boolean): Promise<SessionCheck> {
  if (unsafe && !isSameOriginRequest(c.req.raw)) {
    return { ok: false, response: crossOriginResponse() };
  }
  const current = await resolveCurrentSession(c.req.raw, runtime);
  if (!current.active) return { ok: false, response: unauthenticatedResponse() };
  return { ok: true, current: current as ActiveSession };
}

function unauthenticatedResponse(): Response {
  return errorResponse(401, "unauthenticated", "This request needs an active session.");
}

/**
 * Checks the login age that SIGN_OUT_REQUIRES_LOGIN_WITHIN_SECONDS requires
 * before other sessions are signed out (OWASP ASVS 5.0 requires a recent
 * authentication there). Signing out the current session needs no recent login.
 */
export function hasRecentLogin(runtime: Runtime, current: ActiveSession): boolean {
  const limitSeconds = runtime.settings.signOutRequiresLoginWithinSeconds;
  return limitSeconds === 0 || runtime.clock() - current.active.record.createdAt <= limitSeconds * 1000;
}

export function reauthenticationResponse(): Response {
  return errorResponse(403, "reauthentication_required", "Sign in again to sign out other sessions.");
}

export function crossOriginResponse(): Response {
  return errorResponse(403, "cross_origin_request", "This request must come from a page of the same origin (Origin or Sec-Fetch-Site header).");
}

/** `GET /sessions`: the caller's live sessions, most recently active first, for one store request. */
export async function listSessionsRoute(c: Context, runtime: Runtime): Promise<Response> {
  const { current, sessions } = await resolveCurrentSessionAndList(c.req.raw, runtime);
  if (!current.active) return unauthenticatedResponse();
  const summaries = summarizeSessions(sessions, current.active.record.handle);
  return Response.json({ sessions: summaries.map(toJson) }, { headers: { "cache-control": "private, no-store" } });
}

/** `DELETE /sessions/{handle}`: signs out one of the caller's sessions; the current one means logout. */
export async function revokeSessionRoute(c: Context, runtime: Runtime, handle: string): Promise<Response> {
  const check = await requireSession(c, runtime, true);
  if (!check.ok) return check.response;
  const { current } = check;
  if (handle === current.active.record.handle) {
    const clearCookie = await endCurrentSession(runtime, current, "logout");
    return new Response(null, { status: 204, headers: logoutHeaders(clearCookie) });
  }
  if (!hasRecentLogin(runtime, current)) return reauthenticationResponse();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(handle) || !(await revokeSession(runtime, current.active.record.userId, handle, "revoked"))) {
    return errorResponse(404, "session_not_found", "You have no session with this handle.");
  }
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}

/** `POST /sessions/revoke-others`: signs out every session of the caller except the current one. */
export async function revokeOthersRoute(c: Context, runtime: Runtime): Promise<Response> {
  const check = await requireSession(c, runtime, true);
  if (!check.ok) return check.response;
  if (!hasRecentLogin(runtime, check.current)) return reauthenticationResponse();
  const revoked = await revokeOtherSessions(runtime, check.current.active.record, "revoke_others");
  return Response.json({ revoked }, { headers: { "cache-control": "no-store" } });
}

/** Converts a session to its JSON form, with times as ISO 8601 strings. */
export function toJson(session: SessionSummary): Record<string, unknown> {
  return {
    ...session,
    createdAt: new Date(session.createdAt).toISOString(),
    lastActiveAt: new Date(session.lastActiveAt).toISOString(),
  };
}
