import type { Context } from "hono";
import { errorResponse } from "../http/responses.ts";
import { logEvent } from "../log.ts";
import type { Runtime } from "../runtime.ts";
import { listSessionSummaries, revokeAllSessions, revokeSession } from "../session/revocation.ts";
import { toJson } from "./sessions-api.ts";

/**
 * The admin API for back-office tools. It is authenticated only by the
 * `ADMIN_API_TOKEN` bearer token: cookies are never read here, so a user's
 * session can never satisfy it. A missing or wrong token gets 401 with no
 * detail about the user; with no token configured the routes do not exist (404).
 */
export type AdminAction = "list" | "revoke" | "revoke-all";

export async function adminRoute(c: Context, runtime: Runtime, action: AdminAction): Promise<Response> {
  const expected = runtime.settings.adminApiToken;
  if (expected === null) return errorResponse(404, "not_found", "No such session route.");
  if (!(await isBearerToken(c.req.header("authorization"), expected))) {
    logEvent("warn", "admin.unauthorized", { action });
    return errorResponse(401, "unauthorized", "A valid admin token is required.", { "www-authenticate": 'Bearer realm="edge-sessions-admin"' });
  }

  const userId = c.req.param("user") ?? "";
  if (userId === "" || userId.length > 256) return errorResponse(400, "invalid_user", "The user ID must be 1 to 256 characters.");

  switch (action) {
    case "list": {
      const sessions = await listSessionSummaries(runtime, userId, null);
      return Response.json({ sessions: sessions.map(toJson) }, { headers: { "cache-control": "no-store" } });
    }
    case "revoke": {
      const handle = c.req.param("handle") ?? "";
      const ended = /^[A-Za-z0-9_-]{1,64}$/.test(handle) && (await revokeSession(runtime, userId, handle, "admin_revoked"));
      if (!ended) return errorResponse(404, "session_not_found", "The user has no session with this handle.");
      return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    }
    case "revoke-all": {
      const revoked = await revokeAllSessions(runtime, userId, "admin_revoke_all");
      return Response.json({ revoked }, { headers: { "cache-control": "no-store" } });
    }
  }
}

/**
 * Compares a bearer token with the expected one in constant time: both are
 * hashed first, so the comparison never depends on where they differ or on
 * the token length.
 */
async function isBearerToken(header: string | undefined, expected: string): Promise<boolean> {
  const match = /^Bearer ([\x21-\x7e]+)$/.exec(header ?? "");
  if (!match) return false;
  const [given, wanted] = await Promise.all([sha256(match[1]!), sha256(expected)]);
  let difference = 0;
  for (let i = 0; i < given.length; i++) difference |= given[i]! ^ wanted[i]!;
  return difference === 0;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}
