import { logEvent } from "../log.ts";
import type { Runtime } from "../runtime.ts";
import { serializeClearedSessionCookie } from "../session/cookie.ts";
import { endCurrentSession, startSession, type CurrentSession, type Defer } from "../session/lifecycle.ts";
import { revokeAllSessions, revokeOtherSessions } from "../session/revocation.ts";
import type { SessionControl } from "./session-control.ts";

/** Carries out the origin's instruction; returns the Set-Cookie line to add, or null. */
export async function applySessionControl(
  request: Request,
  runtime: Runtime,
  current: CurrentSession,
  control: SessionControl,
  defer: Defer,
): Promise<string | null> {
  switch (control.action) {
    case "login":
      return startSession(request, runtime, current, control.userId, control.orgId, defer);
    case "logout":
      return endCurrentSession(runtime, current, "origin_logout");
    case "revoke-others":
    case "revoke-all":
      return revokeForCurrentUser(runtime, current, control.action);
  }
}

// Revocation signals name no user: they apply to the user of the request's session.
async function revokeForCurrentUser(runtime: Runtime, current: CurrentSession, action: "revoke-others" | "revoke-all"): Promise<string | null> {
  const record = current.active?.record;
  if (!record) {
    logEvent("warn", "session_control.ignored", { action, reason: "the request has no active session" });
    return null;
  }
  if (action === "revoke-others") {
    await revokeOtherSessions(runtime, record, "revoke_others");
    return null;
  }
  await revokeAllSessions(runtime, record.userId, "revoke_all");
  return serializeClearedSessionCookie(runtime.settings.cookieName);
}
