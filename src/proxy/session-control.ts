/**
 * The session-control channel: a response header the origin sets to tell the
 * worker to create or end a session. Its value is JSON:
 *
 *   {"action":"login","user":"<user ID>","org":"<organisation ID>"}   (org optional)
 *   {"action":"logout"}
 *   {"action":"revoke-others"}   ends every other session of the user (after a password change or MFA enrolment)
 *   {"action":"revoke-all"}      ends every session of the user, the current one included
 *
 * The worker removes the header before the response reaches the client, and
 * removes any copy a client sends before a request reaches the origin, so only
 * the origin can use it.
 */
export type SessionControl =
  | { action: "login"; userId: string; orgId: string | null }
  | { action: "logout" }
  | { action: "revoke-others" }
  | { action: "revoke-all" };

export type SessionControlResult =
  | { ok: true; control: SessionControl }
  | { ok: false; reason: string };

/** Longest accepted header value, in characters. */
const MAX_VALUE_LENGTH = 2048;
/** Longest accepted user or organisation ID, in characters. */
const MAX_IDENTIFIER_LENGTH = 256;
// Control characters (C0, DEL, C1) and lone surrogates are never part of an ID.
const INVALID_IDENTIFIER_CHARACTER = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u;

/** Parses a session-control value; an invalid one yields a reason for the log. */
export function parseSessionControl(value: string): SessionControlResult {
  if (value.length > MAX_VALUE_LENGTH) return { ok: false, reason: "value is too long" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { ok: false, reason: "value is not JSON" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: "value is not a JSON object" };
  }
  const fields = parsed as Record<string, unknown>;
  const action = fields.action;
  if (action === "logout" || action === "revoke-others" || action === "revoke-all") return { ok: true, control: { action } };
  if (action !== "login") return { ok: false, reason: "action must be login, logout, revoke-others or revoke-all" };

  if (!isIdentifier(fields.user)) return { ok: false, reason: "user must be a non-empty string of at most 256 characters without control characters" };
  if (fields.org !== undefined && fields.org !== null && !isIdentifier(fields.org)) {
    return { ok: false, reason: "org must be a non-empty string of at most 256 characters without control characters" };
  }
  const orgId = typeof fields.org === "string" ? fields.org : null;
  return { ok: true, control: { action: "login", userId: fields.user, orgId } };
}

function isIdentifier(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_IDENTIFIER_LENGTH &&
    !INVALID_IDENTIFIER_CHARACTER.test(value)
  );
}
