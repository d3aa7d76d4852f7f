// Values of the Session-Control response header, which instructs the worker to
// create or end the caller's session. The worker removes the header before the
// response reaches the browser.

export const DEFAULT_SESSION_CONTROL_HEADER = "Session-Control";

/** Builds the header value that instructs the worker to create a session for a user. */
export function buildLoginControl(userId: string, org: string | undefined): string {
  const instruction = org === undefined ? { action: "login", user: userId } : { action: "login", user: userId, org };
  return JSON.stringify(instruction);
}

/** Builds the header value that instructs the worker to end the caller's session. */
export function buildLogoutControl(): string {
  return JSON.stringify({ action: "logout" });
}

/**
 * Builds the header value that instructs the worker to end every other
 * session of the caller's user, keeping the session that made the request.
 */
export function buildRevokeOthersControl(): string {
  return JSON.stringify({ action: "revoke-others" });
}
