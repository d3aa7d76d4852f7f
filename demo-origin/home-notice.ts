// Messages that the home page shows after an account action redirects to it.
// The redirect carries only a fixed code in `?notice=`, so no one can make the
// page display text of their choosing.

export const HOME_NOTICES = {
  "password-changed": "Password changed. Your other sessions have been signed out. (Demo: the password itself did not change.)",
  "mfa-enabled": "Two-factor authentication enabled. Your other sessions have been signed out. (Demo: nothing was stored.)",
} as const;

export type HomeNoticeCode = keyof typeof HOME_NOTICES;

/** Returns the path of the home page that shows the notice for `code`. */
export function buildHomeNoticePath(code: HomeNoticeCode): string {
  return `/?notice=${code}`;
}

/** Returns the message for a `?notice=` value, or undefined for a missing or unknown code. */
export function readHomeNotice(code: string | undefined): string | undefined {
  if (code === undefined || !Object.hasOwn(HOME_NOTICES, code)) {
    return undefined;
  }
  return HOME_NOTICES[code as HomeNoticeCode];
}
