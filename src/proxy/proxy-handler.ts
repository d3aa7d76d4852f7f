import { logEvent } from "../log.ts";
import { badGatewayResponse } from "../http/responses.ts";
import type { Runtime } from "../runtime.ts";
import { endCurrentSession, resolveCurrentSession, startSession, type CurrentSession, type Defer } from "../session/lifecycle.ts";
import { revokeAllSessions, revokeOtherSessions } from "../session/revocation.ts";
import { buildForwardedHeaders } from "./request-headers.ts";
import { applyCachePolicy, takeProtectedResponseHeaders } from "./response-headers.ts";
import { parseSessionControl, type SessionControl } from "./session-control.ts";
import { serializeClearedSessionCookie } from "../session/cookie.ts";

/**
 * Forwards a request to the origin: resolves the session, adds the access
 * token, and applies the origin's session-control instruction to the response.
 * Store failures propagate as `StoreUnavailableError` (a 503 upstream), so a
 * request with a session cookie is never forwarded when the store cannot vouch for it.
 */
export async function proxyToOrigin(request: Request, runtime: Runtime, defer: Defer): Promise<Response> {
  const current = await resolveCurrentSession(request, runtime);
  const forwarded = await buildOriginRequest(request, runtime, current);

  let originResponse: Response;
  try {
    originResponse = await fetch(forwarded);
  } catch (error) {
    logEvent("error", "origin.unreachable", { reason: error instanceof Error ? error.message : "unknown" });
    return badGatewayResponse();
  }
  return finishResponse(request, runtime, current, originResponse, defer);
}

async function buildOriginRequest(request: Request, runtime: Runtime, current: CurrentSession): Promise<Request> {
  const { settings } = runtime;
  const url = new URL(request.url);
  // Concatenated, not resolved: a path such as //other.example must stay a path on the origin.
  const target = `${settings.originUrl.origin}${url.pathname}${url.search}`;
  const protectedHeaders = new Set([settings.accessTokenHeader, settings.sessionControlHeader]);
  const headers = buildForwardedHeaders(request.headers, protectedHeaders, settings.cookieName);

  if (current.active) {
    const token = await runtime.accessTokens.tokenFor(current.active.record, runtime.clock());
    headers.set(settings.accessTokenHeader, settings.accessTokenHeader === "authorization" ? `Bearer ${token}` : token);
  }
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(target, { method: request.method, headers, body: hasBody ? request.body : null, redirect: "manual" });
}

async function finishResponse(request: Request, runtime: Runtime, current: CurrentSession, originResponse: Response, defer: Defer): Promise<Response> {
  const { settings } = runtime;
  const response = new Response(originResponse.body, originResponse);
  const controlValue = takeProtectedResponseHeaders(response.headers, settings.sessionControlHeader, settings.accessTokenHeader);

  let sessionCookie: string | null = null;
  if (controlValue !== null) {
    const parsed = parseSessionControl(controlValue);
    if (!parsed.ok) {
      logEvent("error", "session_control.invalid", { reason: parsed.reason, session: current.active?.record.handle });
      await response.body?.cancel();
      return badGatewayResponse();
    }
    try {
      sessionCookie = await applySessionControl(request, runtime, current, parsed.control, defer);
    } catch (error) {
      // The origin's response is dropped, and the client gets the store's 503 instead.
      await response.body?.cancel();
      throw error;
    }
  } else if (current.stale) {
    sessionCookie = serializeClearedSessionCookie(settings.cookieName);
  }

  if (sessionCookie !== null) response.headers.append("set-cookie", sessionCookie);
  applyCachePolicy(response.headers, current.active !== null, sessionCookie !== null);
  return response;
}

/** Carries out the origin's instruction; returns the Set-Cookie line to add, or null. */
async function applySessionControl(
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
