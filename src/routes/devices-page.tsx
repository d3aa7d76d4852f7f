// The HTML of GET {prefix}/devices: the caller's sessions, each with its
// device, location and last activity, and plain HTML forms that sign one or
// all other sessions out. It needs no client script and loads nothing else.
// The only style is inline, and createDevicesPageCsp allows exactly that style.
import type { FC } from "hono/jsx";

import { formatDeviceLabel, formatLocationLabel, formatRelativeTime } from "../device/labels.ts";
import type { SessionSummary } from "../session/summary.ts";

export interface DevicesPageProps {
  /** The caller's sessions in any order. The page shows the current one first, then the rest by newest activity. */
  sessions: SessionSummary[];
  /** BCP 47 tag for dates, relative times and country names, for example from `negotiateLocale`. */
  locale: string;
  /** Milliseconds since the epoch, the reference for "2 hours ago". */
  now: number;
  /** The worker's route prefix without a trailing slash, for example "/_session". */
  routePrefix: string;
  /** One-line status message shown above the list, for example after a sign-out. */
  notice?: string | null;
}

// Inserted into <style> without escaping, so it must never contain "</style".
export const DEVICES_PAGE_STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; padding: 1rem; }
main { max-width: 40rem; margin: 0 auto; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
ul { list-style: none; margin: 0; padding: 0; }
li { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; padding: 0.75rem 0; border-top: 1px solid #8888; }
li p { margin: 0; }
.session { flex: 1 1 16rem; overflow-wrap: anywhere; }
.details { font-size: 0.9rem; opacity: 0.8; }
.badge { padding: 0.1rem 0.6rem; border: 1px solid currentColor; border-radius: 1rem; font-size: 0.9rem; font-weight: 600; }
form { margin: 0; }
button { padding: 0.5rem 1rem; font: inherit; cursor: pointer; }
.notice { padding: 0.5rem 0.75rem; border: 2px solid #2e7d32; border-radius: 4px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;

/**
 * Computes the Content-Security-Policy for the page: no scripts, no other
 * resources, only the inline style (by hash), and forms that post to the
 * worker's own origin.
 */
export async function createDevicesPageCsp(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(DEVICES_PAGE_STYLE));
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return [
    "default-src 'none'",
    `style-src 'sha256-${hash}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/** Renders the whole page, from `<!doctype html>` on. */
export function renderDevicesPage(props: DevicesPageProps): string {
  const html = (<DevicesPage {...props} />).toString();
  // Only an async component makes hono/jsx return a Promise, and this page has none.
  if (typeof html !== "string") throw new TypeError("devices page rendered asynchronously");
  return `<!doctype html>\n${html}`;
}

/**
 * Renders the page as a hono/jsx element. Its own words are English, so the
 * document is `lang="en"` and each part formatted for `locale` carries `lang={locale}`.
 */
export const DevicesPage: FC<DevicesPageProps> = (props) => {
  const sessions = [...props.sessions].sort(compareSessions);
  const hasOthers = sessions.some((session) => !session.current);

  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Your devices</title>
        <style dangerouslySetInnerHTML={{ __html: DEVICES_PAGE_STYLE }} />
      </head>
      <body>
        <main>
          <h1>Your devices</h1>
          <p>These devices are signed in to your account. Sign out any that you do not recognize.</p>
          {props.notice ? (
            <p class="notice" role="status">
              {props.notice}
            </p>
          ) : null}
          <SessionList {...props} sessions={sessions} />
          {hasOthers ? <SignOutOthersForm routePrefix={props.routePrefix} /> : null}
          <p>
            <a href="/">Back to the home page</a>
          </p>
        </main>
      </body>
    </html>
  );
};

// The worker writes last activity at most once a minute, so a session that
// signed in later can look newer than the one in use. The current session goes
// first regardless, where the user looks for it.
function compareSessions(a: SessionSummary, b: SessionSummary): number {
  if (a.current !== b.current) return a.current ? -1 : 1;
  return b.lastActiveAt - a.lastActiveAt;
}

const SessionList: FC<DevicesPageProps> = (props) => {
  if (props.sessions.length === 0) {
    return <p>No device is signed in.</p>;
  }

  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Signed-in sessions</h2>
      <ul>
        {props.sessions.map((session) => (
          <SessionRow session={session} locale={props.locale} now={props.now} routePrefix={props.routePrefix} />
        ))}
      </ul>
    </section>
  );
};

interface SessionRowProps {
  session: SessionSummary;
  locale: string;
  now: number;
  routePrefix: string;
}

// One row reads "Chrome 131 on macOS · San Francisco, United States · 2 hours ago".
const SessionRow: FC<SessionRowProps> = ({ session, locale, now, routePrefix }) => {
  const device = formatDeviceLabel(session.device, locale);
  const location = formatLocationLabel(session.location, locale);
  const lastActive = formatRelativeTime(session.lastActiveAt, now, locale);

  return (
    <li aria-current={session.current ? "true" : undefined}>
      <div class="session">
        <p class="summary">
          <strong>{device}</strong> · <span lang={locale}>{location}</span> ·{" "}
          <time datetime={toIsoTime(session.lastActiveAt)} lang={locale}>
            {lastActive}
          </time>
        </p>
        <p class="details">
          IP address {session.ip ?? "unknown"} · signed in{" "}
          <time datetime={toIsoTime(session.createdAt)} lang={locale}>
            {formatAbsoluteTime(session.createdAt, locale)}
          </time>
        </p>
      </div>
      {session.current ? (
        <p class="badge">This device</p>
      ) : (
        <SignOutForm routePrefix={routePrefix} handle={session.handle} name={`${device}, ${location}, ${lastActive}`} />
      )}
    </li>
  );
};

// The hidden text makes each button's accessible name unique ("Sign out
// Firefox 133 on Windows, Paris, France, 3 days ago"), since a screen reader
// may list buttons without their rows.
const SignOutForm: FC<{ routePrefix: string; handle: string; name: string }> = ({ routePrefix, handle, name }) => (
  <form method="post" action={`${routePrefix}/devices/sign-out`}>
    <input type="hidden" name="handle" value={handle} />
    <button type="submit">
      Sign out<span class="visually-hidden"> {name}</span>
    </button>
  </form>
);

const SignOutOthersForm: FC<{ routePrefix: string }> = ({ routePrefix }) => (
  <section aria-labelledby="others-heading">
    <h2 id="others-heading">Sign out everywhere else</h2>
    <p>Every session except this one ends, on all other devices and browsers.</p>
    <form method="post" action={`${routePrefix}/devices/sign-out-others`}>
      <button type="submit">Sign out all other sessions</button>
    </form>
  </section>
);

function toIsoTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}

// The worker does not know the user's time zone, so the time is in UTC and labeled "UTC".
function formatAbsoluteTime(milliseconds: number, locale: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" };
  try {
    return `${new Intl.DateTimeFormat([locale, "en"], options).format(milliseconds)} UTC`;
  } catch {
    return new Date(milliseconds).toISOString();
  }
}
