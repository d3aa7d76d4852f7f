import { logEvent } from "../log.ts";
import type { Runtime } from "../runtime.ts";
import { readSessionCookie, serializeClearedSessionCookie, serializeSessionCookie, type SessionCookie } from "./cookie.ts";
import { readDeviceInfo } from "./device.ts";
import { generateSessionHandle, generateSessionId } from "./id.ts";
import type { SessionRecord } from "./record.ts";
import type { EndReason, IndexedSession, TouchResult } from "../store/session-store.ts";
import { reportNewDevice } from "../notify/new-device.ts";

/** The session a request carries, as the store reported it. */
export interface CurrentSession {
  cookie: SessionCookie;
  /** The active session, or null when the request has none. */
  active: { sessionId: string; record: SessionRecord } | null;
  /** True when the request sent a session cookie that names no active session. */
  stale: boolean;
}

/**
 * Resolves the request's session cookie: one store request when a well-formed
 * cookie is present, none otherwise. Malformed, duplicated, unknown and
 * expired cookies all mean "no session". A store failure throws
 * `StoreUnavailableError`, which the caller turns into a 503.
 */
export async function resolveCurrentSession(request: Request, runtime: Runtime): Promise<CurrentSession> {
  const cookie = readSessionCookie(request.headers.get("cookie"), runtime.settings.cookieName);
  if (cookie.kind !== "present") return noSession(cookie);
  return toCurrentSession(cookie, cookie.sessionId, await runtime.store.touchSession(cookie.sessionId, runtime.clock()));
}

/**
 * Resolves the request's session as `resolveCurrentSession` does and, when it
 * is active, lists its user's live sessions in the same store request.
 * `sessions` is empty when the request has no active session.
 */
export async function resolveCurrentSessionAndList(request: Request, runtime: Runtime): Promise<{ current: CurrentSession; sessions: IndexedSession[] }> {
  const cookie = readSessionCookie(request.headers.get("cookie"), runtime.settings.cookieName);
  if (cookie.kind !== "present") return { current: noSession(cookie), sessions: [] };
  const { touch, sessions } = await runtime.store.touchSessionAndList(cookie.sessionId, runtime.clock());
  return { current: toCurrentSession(cookie, cookie.sessionId, touch), sessions };
}

function noSession(cookie: SessionCookie): CurrentSession {
  return { cookie, active: null, stale: cookie.kind !== "absent" };
}

function toCurrentSession(cookie: SessionCookie, sessionId: string, touch: TouchResult): CurrentSession {
  if (touch.status === "active") {
    return { cookie, active: { sessionId, record: touch.record }, stale: false };
  }
  if (touch.status === "expired") {
    logEvent("info", "session.expired", { session: touch.record.handle, user: touch.record.userId });
  }
  return { cookie, active: null, stale: true };
}

/** Schedules work that may finish after the response (`ExecutionContext.waitUntil`). */
export type Defer = (work: Promise<unknown>) => void;

/**
 * Starts a session for `userId` with a new ID, ending the session the client
 * already had (session fixation defence), and reports a sign-in from a new
 * device when a webhook is configured. Returns the Set-Cookie line.
 */
export async function startSession(
  request: Request,
  runtime: Runtime,
  current: CurrentSession,
  userId: string,
  orgId: string | null,
  defer: Defer,
): Promise<string> {
  const { settings } = runtime;
  const now = runtime.clock();
  const sessionId = generateSessionId();
  const record: SessionRecord = {
    handle: generateSessionHandle(),
    userId,
    orgId,
    createdAt: now,
    lastActiveAt: now,
    absoluteExpiresAt: now + settings.absoluteTimeoutSeconds * 1000,
    ...readDeviceInfo(request),
  };
  const replaced = current.cookie.kind === "present"
    ? { sessionId: current.cookie.sessionId, record: current.active?.record ?? null }
    : null;

  const created = await runtime.store.createSession(sessionId, record, now, replaced);

  const previous = current.active?.record;
  if (previous) {
    logEvent("info", "session.rotated", { session: record.handle, user: userId, previous_session: previous.handle, previous_user: previous.userId });
  } else {
    logEvent("info", "session.created", { session: record.handle, user: userId, org: orgId });
  }
  if (created.endedByCap > 0) {
    logEvent("info", "session.limit_reached", { session: record.handle, user: userId, ended: created.endedByCap });
  }
  const webhookUrl = settings.newDeviceWebhookUrl;
  if (!created.knownDevice && webhookUrl) {
    defer(reportNewDevice(runtime, webhookUrl, record, created.otherSessions));
  }
  return serializeSessionCookie(sessionId, { cookieName: settings.cookieName, maxAgeSeconds: settings.absoluteTimeoutSeconds });
}

/**
 * Ends the request's session, if it sent a well-formed session cookie, and
 * returns the Set-Cookie line that clears the cookie.
 */
export async function endCurrentSession(runtime: Runtime, current: CurrentSession, reason: EndReason): Promise<string> {
  if (current.cookie.kind === "present") {
    const record = current.active?.record ?? null;
    await runtime.store.endSession(current.cookie.sessionId, record, reason, runtime.clock());
    if (record) logEvent("info", "session.ended", { session: record.handle, user: record.userId, reason });
  }
  return serializeClearedSessionCookie(runtime.settings.cookieName);
}
