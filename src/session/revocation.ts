import { logEvent } from "../log.ts";
import type { Runtime } from "../runtime.ts";
import type { EndReason, IndexedSession } from "../store/session-store.ts";
import type { SessionRecord } from "./record.ts";
import type { SessionSummary } from "./summary.ts";

/**
 * Lists a user's live sessions for display, most recently active first.
 * `currentHandle` marks the session that made the request.
 */
export async function listSessionSummaries(runtime: Runtime, userId: string, currentHandle: string | null): Promise<SessionSummary[]> {
  return summarizeSessions(await runtime.store.listSessions(userId, runtime.clock()), currentHandle);
}

/** Turns listed sessions into summaries, most recently active first. `currentHandle` marks the caller's session. */
export function summarizeSessions(sessions: IndexedSession[], currentHandle: string | null): SessionSummary[] {
  return sessions
    .map(({ record }) => toSummary(record, record.handle === currentHandle))
    .sort((a, b) => b.lastActiveAt - a.lastActiveAt || b.createdAt - a.createdAt);
}

/** Ends one of a user's sessions by handle. Returns false when the user has no such session. */
export async function revokeSession(runtime: Runtime, userId: string, handle: string, reason: EndReason): Promise<boolean> {
  const ended = await runtime.store.revokeSessions(userId, "only", [handle], reason, runtime.clock());
  logRevocations(userId, ended, reason);
  return ended.length > 0;
}

/** Ends every session of the user except `keep`. Returns how many ended. */
export async function revokeOtherSessions(runtime: Runtime, keep: SessionRecord, reason: EndReason): Promise<number> {
  const ended = await runtime.store.revokeSessions(keep.userId, "except", [keep.handle], reason, runtime.clock());
  logRevocations(keep.userId, ended, reason);
  return ended.length;
}

/** Ends every session of the user. Returns how many ended. */
export async function revokeAllSessions(runtime: Runtime, userId: string, reason: EndReason): Promise<number> {
  const ended = await runtime.store.revokeSessions(userId, "except", [], reason, runtime.clock());
  logRevocations(userId, ended, reason);
  return ended.length;
}

function logRevocations(userId: string, handles: string[], reason: EndReason): void {
  for (const handle of handles) logEvent("info", "session.revoked", { session: handle, user: userId, reason });
}

function toSummary(record: SessionRecord, current: boolean): SessionSummary {
  return {
    handle: record.handle,
    current,
    device: { browser: record.browser, browserVersion: record.browserVersion, os: record.os, type: record.deviceType },
    location: { city: record.city, region: record.region, country: record.country },
    ip: record.ip,
    createdAt: record.createdAt,
    lastActiveAt: record.lastActiveAt,
  };
}
