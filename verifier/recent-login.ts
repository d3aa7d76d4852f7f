import { ACCESS_TOKEN_ERROR_CODES, AccessTokenError } from "./errors.ts";
import { requireSeconds } from "./options.ts";
import type { VerifiedAccess } from "./verified-access.ts";

/**
 * Checks that the user logged in at most `maxAuthAgeSeconds` ago, for routes
 * that need a recent login, such as changing a password. Raises
 * ERR_ACCESS_TOKEN_LOGIN_TOO_OLD otherwise, and the origin should then send
 * the user to log in again. `clock` returns milliseconds since the epoch and
 * defaults to Date.now.
 */
export function requireRecentLogin(verified: VerifiedAccess, maxAuthAgeSeconds: number, clock: () => number = Date.now): void {
  requireSeconds(maxAuthAgeSeconds, "maxAuthAgeSeconds", 0);
  const nowSeconds = Math.floor(clock() / 1000);
  if (nowSeconds - verified.authTime > maxAuthAgeSeconds) {
    throw new AccessTokenError(ACCESS_TOKEN_ERROR_CODES.loginTooOld, `the user logged in more than ${maxAuthAgeSeconds} seconds ago ("auth_time" claim)`, {
      claim: "auth_time",
    });
  }
}
