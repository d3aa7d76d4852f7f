// The HTML of GET / (and of a failed form login or password change): a login
// form for anonymous callers, the verified claims and account actions for
// signed-in ones.
import { createHash } from "node:crypto";

import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

import type { AccessTokenClaims } from "./access-token.ts";
import { MIN_NEW_PASSWORD_LENGTH } from "./password-change-input.ts";
import type { DemoUser } from "./users.ts";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type HomePageState =
  | { kind: "signed-out"; users: readonly DemoUser[]; error?: string; email?: string }
  | { kind: "signed-in"; claims: AccessTokenClaims; now: Date; devicesPath: string; notice?: string; passwordError?: string }
  | { kind: "unavailable" };

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; padding: 1rem; }
main { max-width: 32rem; margin: 0 auto; }
h1 { font-size: 1.5rem; }
label { display: block; margin-top: 0.75rem; font-weight: 600; }
input { box-sizing: border-box; width: 100%; padding: 0.5rem; font: inherit; }
button { margin-top: 1rem; padding: 0.5rem 1rem; font: inherit; cursor: pointer; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: 0.95em; }
.error { padding: 0.5rem 0.75rem; border: 2px solid #c62828; border-radius: 4px; }
.notice { padding: 0.5rem 0.75rem; border: 2px solid #2e7d32; border-radius: 4px; }
.hint { margin-top: 2rem; font-size: 0.95rem; }
`;

/** The worker's default route prefix (its ROUTE_PREFIX setting). */
export const DEFAULT_ROUTE_PREFIX = "/_session";

/** Content-Security-Policy for the page: no scripts, only the inline style above, forms post to this origin. */
export const HOME_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Renders the whole page for one state. */
export function renderHomePage(state: HomePageState): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>edge-sessions demo origin</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
<h1>edge-sessions demo origin</h1>
${renderContent(state)}
</main>
</body>
</html>
`;
}

function renderContent(state: HomePageState): Html {
  switch (state.kind) {
    case "signed-out":
      return renderLoginForm(state.users, state.error, state.email);
    case "signed-in":
      return html`${renderSessionDetails(state.claims, state.now, state.notice)}
${renderAccountActions(state.devicesPath, state.passwordError)}`;
    case "unavailable":
      return html`<p class="error" role="alert">The worker's public keys could not be loaded, so your session cannot be checked. Try again shortly.</p>`;
  }
}

function renderLoginForm(users: readonly DemoUser[], error: string | undefined, email: string | undefined): Html {
  const errorMessage = error === undefined ? "" : html`<p class="error" role="alert" id="login-error">${error}</p>`;
  const describedBy = error === undefined ? "" : raw(' aria-describedby="login-error"');

  return html`<p>You are not signed in.</p>
${errorMessage}
<form method="post" action="/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${email ?? ""}"${describedBy}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
${renderAccountHint(users)}`;
}

function renderAccountHint(users: readonly DemoUser[]): Html {
  const accounts = users.filter((user) => user.passwordHint !== undefined);
  if (accounts.length === 0) {
    return html``;
  }

  const items = accounts.map((user) => html`<li><code>${user.email}</code> / <code>${user.passwordHint}</code></li>`);
  return html`<section class="hint" aria-labelledby="hint-heading">
<h2 id="hint-heading">Demo accounts</h2>
<ul>${items}</ul>
</section>`;
}

function renderSessionDetails(claims: AccessTokenClaims, now: Date, notice: string | undefined): Html {
  const org = claims.org === undefined ? "" : html` (organization <strong>${claims.org}</strong>)`;
  const noticeMessage = notice === undefined ? "" : html`<p class="notice" role="status">${notice}</p>`;

  return html`<p>Signed in as <strong>${claims.sub}</strong>${org}.</p>
${noticeMessage}
<h2>Verified access token claims</h2>
<dl>
<dt>sid</dt><dd><code>${claims.sid}</code></dd>
<dt>auth_time</dt><dd>${formatTimestamp(claims.auth_time)}</dd>
<dt>exp</dt><dd>${formatTimestamp(claims.exp)} (${formatExpiry(claims.exp, now)})</dd>
</dl>
<p><a href="/me">View all claims as JSON (/me)</a></p>`;
}

// Both account forms end the user's other sessions, through the worker.
function renderAccountActions(devicesPath: string, passwordError: string | undefined): Html {
  const errorMessage =
    passwordError === undefined ? "" : html`<p class="error" role="alert" id="password-error">${passwordError}</p>`;
  const describedBy = passwordError === undefined ? "" : raw(' aria-describedby="password-error"');

  return html`<h2>Your account</h2>
<p><a href="${devicesPath}">Manage your devices and sessions</a></p>
<section aria-labelledby="password-heading">
<h3 id="password-heading">Change password</h3>
${errorMessage}
<form method="post" action="/account/password">
<label for="current-password">Current password</label>
<input id="current-password" name="current_password" type="password" autocomplete="current-password" required${describedBy}>
<label for="new-password">New password</label>
<input id="new-password" name="new_password" type="password" autocomplete="new-password" required minlength="${MIN_NEW_PASSWORD_LENGTH}">
<button type="submit">Change password</button>
</form>
</section>
<section aria-labelledby="mfa-heading">
<h3 id="mfa-heading">Two-factor authentication</h3>
<form method="post" action="/account/mfa">
<button type="submit">Enable MFA</button>
</form>
</section>
<p>Changing your password or enabling MFA signs out all your other sessions.</p>
<form method="post" action="/logout">
<button type="submit">Sign out</button>
</form>`;
}

// JWT times are seconds since the epoch.
function formatTimestamp(seconds: number | undefined): string {
  return seconds === undefined ? "not present" : new Date(seconds * 1000).toISOString();
}

function formatExpiry(expSeconds: number, now: Date): string {
  const remainingSeconds = Math.round(expSeconds - now.getTime() / 1000);
  return remainingSeconds >= 0 ? `in ${remainingSeconds} s` : `${-remainingSeconds} s ago`;
}
