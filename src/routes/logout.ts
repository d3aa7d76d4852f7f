import type { Context } from "hono";
import { isSameOriginRequest } from "../http/same-origin.ts";
import type { Runtime } from "../runtime.ts";
import { endCurrentSession, resolveCurrentSession } from "../session/lifecycle.ts";
import { crossOriginResponse } from "./sessions-api.ts";
import { logoutHeaders } from "../http/security-headers.ts";

/**
 * Ends the current session and clears the cookie. A browser form post
 * (Accept: text/html) is redirected to `/`; other clients get 204.
 */
export async function logout(c: Context, runtime: Runtime): Promise<Response> {
  if (!isSameOriginRequest(c.req.raw)) return crossOriginResponse();
  const current = await resolveCurrentSession(c.req.raw, runtime);
  const clearCookie = await endCurrentSession(runtime, current, "logout");

  const headers = logoutHeaders(clearCookie);
  if ((c.req.header("accept") ?? "").includes("text/html")) {
    headers.set("location", "/");
    return new Response(null, { status: 303, headers });
  }
  return new Response(null, { status: 204, headers });
}
