import { logEvent } from "../log.ts";
import { badGatewayResponse } from "../http/responses.ts";
import type { Runtime } from "../runtime.ts";
import { resolveCurrentSession, type CurrentSession, type Defer } from "../session/lifecycle.ts";
import { guardProxiedRequest } from "./request-guards.ts";
import { applySessionControl } from "./session-control-actions.ts";
import { buildForwardedHeaders, protectedRequestHeaders } from "./request-headers.ts";
import { applyCachePolicy, takeProtectedResponseHeaders } from "./response-headers.ts";
import { parseSessionControl } from "./session-control.ts";
import { serializeClearedSessionCookie } from "../session/cookie.ts";

/**
 * Forwards a request to the origin: resolves the session, adds the access
 * token, and applies the origin's session-control instruction to the response.
 * Store failures propagate as `StoreUnavailableError` (a 503 upstream), so a
 * request with a session cookie is never forwarded when the store cannot vouch for it.
 */
export async function proxyToOrigin(request: Request, runtime: Runtime, defer: Defer): Promise<Response> {
  const guard = await guardProxiedRequest(request, runtime);
  if ("response" in guard) return guard.response;
  const current = await resolveCurrentSession(request, runtime);
  const forwarded = await buildOriginRequest(request, runtime, current, guard.body);

  let originResponse: Response;
  try {
    originResponse = await fetch(forwarded);
  } catch (error) {
    logEvent("error", "origin.unreachable", { reason: error instanceof Error ? error.message : "unknown" });
    return badGatewayResponse();
  }
  return finishResponse(request, runtime, current, originResponse, defer);
}

async function buildOriginRequest(
  request: Request,
  runtime: Runtime,
  current: CurrentSession,
  body: Uint8Array | ReadableStream | null,
): Promise<Request> {
  const { settings } = runtime;
  const url = new URL(request.url);
  // Concatenated, not resolved: a path such as //other.example must stay a path on the origin.
  const target = `${settings.originUrl.origin}${url.pathname}${url.search}`;
  const headers = buildForwardedHeaders(request.headers, protectedRequestHeaders(settings), settings.cookieName);

  if (current.active) {
    const token = await runtime.accessTokens.tokenFor(current.active.record, runtime.clock());
    headers.set(settings.accessTokenHeader, settings.accessTokenHeader === "authorization" ? `Bearer ${token}` : token);
  }
  // An authenticated response belongs to one user: keep it out of Cloudflare's cache.
  const cache = current.active ? "no-store" : undefined;
  return new Request(target, { method: request.method, headers, body, redirect: "manual", ...(cache ? { cache } : {}) });
}

async function finishResponse(request: Request, runtime: Runtime, current: CurrentSession, originResponse: Response, defer: Defer): Promise<Response> {
  const { settings } = runtime;
  // A WebSocket upgrade is passed through untouched: copying the response
  // would drop its socket, and a 101 cannot set cookies anyway.
  if (originResponse.webSocket) return originResponse;
  const response = new Response(originResponse.body, originResponse);
  const controlValue = takeProtectedResponseHeaders(response.headers, settings.sessionControlHeader, settings.accessTokenHeader);

  let sessionCookie: string | null = null;
  let endsBrowserSession = false;
  if (controlValue !== null) {
    const parsed = parseSessionControl(controlValue);
    if (!parsed.ok) {
      logEvent("error", "session_control.invalid", { reason: parsed.reason, session: current.active?.record.handle });
      await response.body?.cancel();
      return badGatewayResponse();
    }
    endsBrowserSession = parsed.control.action === "logout" || parsed.control.action === "revoke-all";
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
  if (endsBrowserSession) response.headers.set("clear-site-data", '"cache"');
  applyCachePolicy(response.headers, current.active !== null, sessionCookie !== null);
  return response;
}
