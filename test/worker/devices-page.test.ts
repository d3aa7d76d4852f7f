import { describe, expect, it } from "vitest";
import { createDevicesPageCsp, DEVICES_PAGE_STYLE, renderDevicesPage, type DevicesPageProps } from "../../src/routes/devices-page.tsx";
import type { SessionSummary } from "../../src/session/summary.ts";

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const MAC_CHROME: SessionSummary = {
  handle: "sh_current",
  current: true,
  device: { browser: "Chrome", browserVersion: "131", os: "macOS", type: "desktop" },
  location: { city: "San Francisco", region: "California", country: "US" },
  ip: "203.0.113.5",
  createdAt: NOW - 10 * DAY,
  lastActiveAt: NOW - 30_000,
};

const WINDOWS_FIREFOX: SessionSummary = {
  handle: "sh_windows",
  current: false,
  device: { browser: "Firefox", browserVersion: "133", os: "Windows", type: "desktop" },
  location: { city: "Paris", region: "Île-de-France", country: "FR" },
  ip: "198.51.100.7",
  createdAt: NOW - 3 * DAY,
  lastActiveAt: NOW - 2 * HOUR,
};

const ANDROID_PHONE: SessionSummary = {
  handle: "sh_android",
  current: false,
  device: { browser: null, browserVersion: null, os: "Android", type: "mobile" },
  location: { city: null, region: null, country: null },
  ip: null,
  createdAt: NOW - 40 * DAY,
  lastActiveAt: NOW - 5 * DAY,
};

function render(overrides: Partial<DevicesPageProps> = {}): string {
  return renderDevicesPage({
    sessions: [ANDROID_PHONE, MAC_CHROME, WINDOWS_FIREFOX],
    locale: "en",
    now: NOW,
    routePrefix: "/_session",
    ...overrides,
  });
}

interface Row {
  current: string | null;
  /** Text of the "device · location · time" line, entities decoded. */
  summary: string;
  text: string;
  formAction: string | null;
  hiddenFields: Record<string, string>;
  buttonText: string;
  times: string[];
}

/** Reads each list row of the page with workerd's HTMLRewriter. */
async function readRows(html: string): Promise<Row[]> {
  const rows: Row[] = [];
  const current = () => rows[rows.length - 1]!;

  await new HTMLRewriter()
    .on("li", {
      element(element) {
        const row = { current: element.getAttribute("aria-current"), summary: "", text: "", formAction: null, hiddenFields: {}, buttonText: "", times: [] };
        rows.push(row);
      },
      text(chunk) {
        current().text += chunk.text;
      },
    })
    .on("li .summary", { text: (chunk) => void (current().summary += chunk.text) })
    .on("li form", { element: (element) => void (current().formAction = element.getAttribute("action")) })
    .on("li input[type=hidden]", {
      element(element) {
        current().hiddenFields[element.getAttribute("name") ?? ""] = decodeEntities(element.getAttribute("value") ?? "");
      },
    })
    .on("li button", { text: (chunk) => void (current().buttonText += chunk.text) })
    .on("li time", { element: (element) => void current().times.push(element.getAttribute("datetime") ?? "") })
    .transform(new Response(html))
    .text();

  for (const row of rows) {
    row.summary = decodeEntities(row.summary);
    row.text = decodeEntities(row.text);
    row.buttonText = decodeEntities(row.buttonText);
  }
  return rows;
}

// HTMLRewriter passes text and attribute values as written, so entities stay encoded.
function decodeEntities(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

describe("devices page", () => {
  it("starts with a doctype and sets the viewport", () => {
    const html = render();

    expect(html.startsWith("<!doctype html>\n<html")).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain('<meta charset="utf-8"/>');
    expect(html).toContain("<h1>Your devices</h1>");
  });

  it("lists sessions newest activity first", async () => {
    const rows = await readRows(render());

    expect(rows.map((row) => row.summary)).toEqual([
      "Chrome 131 on macOS · San Francisco, United States · now",
      "Firefox 133 on Windows · Paris, France · 2 hours ago",
      "Unknown browser on Android · Unknown location · 5 days ago",
    ]);
  });

  it("lists the current session first", async () => {
    const staleCurrent = { ...MAC_CHROME, lastActiveAt: NOW - 3 * HOUR };
    const rows = await readRows(render({ sessions: [ANDROID_PHONE, WINDOWS_FIREFOX, staleCurrent] }));

    expect(rows.map((row) => row.summary)).toEqual([
      "Chrome 131 on macOS · San Francisco, United States · 3 hours ago",
      "Firefox 133 on Windows · Paris, France · 2 hours ago",
      "Unknown browser on Android · Unknown location · 5 days ago",
    ]);
    expect(rows[0]!.current).toBe("true");
  });

  it("marks the current device", async () => {
    const [current, ...others] = await readRows(render());

    expect(current!.current).toBe("true");
    expect(current!.text).toContain("This device");
    for (const row of others) {
      expect(row.current).toBeNull();
      expect(row.text).not.toContain("This device");
    }
  });

  it("has no sign-out form on the current row", async () => {
    const [current] = await readRows(render());

    expect(current!.formAction).toBeNull();
    expect(current!.buttonText).toBe("");
    expect(current!.hiddenFields).toEqual({});
  });

  it("posts each other session's handle", async () => {
    const [, windows, android] = await readRows(render());

    expect(windows!.formAction).toBe("/_session/devices/sign-out");
    expect(windows!.hiddenFields).toEqual({ handle: "sh_windows" });
    expect(android!.formAction).toBe("/_session/devices/sign-out");
    expect(android!.hiddenFields).toEqual({ handle: "sh_android" });
  });

  it("names the device in each button", async () => {
    const [, windows, android] = await readRows(render());

    expect(windows!.buttonText).toBe("Sign out Firefox 133 on Windows, Paris, France, 2 hours ago");
    expect(android!.buttonText).toBe("Sign out Unknown browser on Android, Unknown location, 5 days ago");
  });

  it("shows IP and sign-in time", async () => {
    const [current, , android] = await readRows(render());

    expect(current!.text).toContain("IP address 203.0.113.5");
    expect(current!.text).toContain("signed in Jun 5, 2025, 12:00 PM UTC");
    expect(android!.text).toContain("IP address unknown");
  });

  it("gives times as ISO datetime", async () => {
    const [current] = await readRows(render());

    expect(current!.times).toEqual([new Date(NOW - 30_000).toISOString(), new Date(NOW - 10 * DAY).toISOString()]);
  });

  it("offers signing out all others", () => {
    const html = render();

    expect(html).toContain('<form method="post" action="/_session/devices/sign-out-others">');
    expect(html).toContain('<button type="submit">Sign out all other sessions</button>');
  });

  it("hides sign-out-others when alone", async () => {
    const html = render({ sessions: [MAC_CHROME] });

    expect(html).not.toContain("sign-out-others");
    expect(html).not.toContain("Sign out all other sessions");
    expect(await readRows(html)).toHaveLength(1);
  });

  it("uses the route prefix", async () => {
    const html = render({ routePrefix: "/auth" });
    const [, windows] = await readRows(html);

    expect(windows!.formAction).toBe("/auth/devices/sign-out");
    expect(html).toContain('action="/auth/devices/sign-out-others"');
    expect(html).not.toContain("/_session");
  });

  it("renders an empty list", async () => {
    const html = render({ sessions: [] });

    expect(html).toContain("No device is signed in.");
    expect(await readRows(html)).toEqual([]);
    expect(html).not.toContain("<form");
  });

  it("shows a notice", () => {
    expect(render({ notice: "Signed out Firefox 133 on Windows." })).toContain(
      '<p class="notice" role="status">Signed out Firefox 133 on Windows.</p>',
    );
    expect(render({ notice: null })).not.toContain('role="status"');
    expect(render({ notice: "" })).not.toContain('role="status"');
  });

  it("escapes hostile names", async () => {
    const hostile: SessionSummary = {
      ...WINDOWS_FIREFOX,
      handle: '"><script>alert(1)</script>',
      device: { browser: "<img src=x onerror=alert(1)>", browserVersion: '1"', os: "</li><li>", type: "desktop" },
      location: { city: "<script>alert('city')</script>", region: null, country: "DE" },
      ip: "<b>",
    };
    const html = render({ sessions: [MAC_CHROME, hostile], notice: "<i>notice</i>" });
    const [, row] = await readRows(html);

    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<i>");
    expect(html).toContain("&lt;script&gt;alert(&#39;city&#39;)&lt;/script&gt;, Germany");
    expect(row!.summary).toBe("<img src=x onerror=alert(1)> 1\" on </li><li> · <script>alert('city')</script>, Germany · 2 hours ago");
    expect(row!.hiddenFields).toEqual({ handle: '"><script>alert(1)</script>' });
  });

  it("keeps city names exactly", async () => {
    const sessions: SessionSummary[] = [
      { ...MAC_CHROME, location: { city: "Münsingen", region: "Bern", country: "CH" } },
      { ...WINDOWS_FIREFOX, location: { city: "Srīperumbūdūr", region: "Tamil Nadu", country: "IN" } },
    ];
    const [first, second] = await readRows(render({ sessions }));

    expect(first!.summary).toBe("Chrome 131 on macOS · Münsingen, Switzerland · now");
    expect(second!.summary).toBe("Firefox 133 on Windows · Srīperumbūdūr, India · 2 hours ago");
  });

  it("formats for the German locale", async () => {
    const html = render({ locale: "de" });
    const [current, windows] = await readRows(html);

    expect(current!.summary).toBe("Chrome 131 on macOS · San Francisco, Vereinigte Staaten · jetzt");
    expect(windows!.summary).toBe("Firefox 133 on Windows · Paris, Frankreich · vor 2 Stunden");
    expect(current!.text).toContain("signed in 05.06.2025, 12:00 UTC");
    expect(html).toContain('<span lang="de">San Francisco, Vereinigte Staaten</span>');
    expect(html).toContain('lang="de">vor 2 Stunden</time>');
    // The page's own words stay English, and the document's lang attribute marks them so.
    expect(html).toContain('<html lang="en">');
  });

  it("loads no external resources", () => {
    const html = render();

    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|https?:/);
  });

  it("has a CSP matching its style", async () => {
    const csp = await createDevicesPageCsp();
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(DEVICES_PAGE_STYLE));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));

    expect(render()).toContain(`<style>${DEVICES_PAGE_STYLE}</style>`);
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
  });
});
