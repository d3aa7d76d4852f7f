import { describe, expect, it } from "vitest";
import { chunkedBody, echoedRequest, sessionCookieLine, TestWorker, WORKER_URL, withSession, isAuthenticated } from "./support.ts";

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

function formPost(sessionId: string, body: string, extra: Record<string, string> = { origin: WORKER_URL }): RequestInit {
  return { method: "POST", body, headers: withSession(sessionId, { "content-type": "application/x-www-form-urlencoded", ...extra }) };
}


async function otherHandle(worker: TestWorker, sessionId: string): Promise<string> {
  const response = await worker.fetch("/_session/sessions", { headers: withSession(sessionId) });
  const sessions = ((await response.json()) as { sessions: Array<{ handle: string; current: boolean }> }).sessions;
  return sessions.find((session) => !session.current)!.handle;
}

describe("devices page route", () => {
  it("renders the caller's sessions", async () => {
    const worker = new TestWorker();
    const laptop = await worker.login("user_page", { headers: { "user-agent": CHROME_MAC } });
    worker.clock.advance(20 * 60 * 1000);
    await worker.login("user_page", { headers: { "user-agent": FIREFOX_WINDOWS } });
    worker.clock.advance(60_000);

    const response = await worker.fetch("/_session/devices", { headers: withSession(laptop, { "accept-language": "en-US,en;q=0.8" }) });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(html).toContain("Chrome 131 on macOS");
    expect(html).toContain("Firefox 133 on Windows");
    expect(html).toContain("San Francisco");
    expect(html).toContain("This device");
    expect(html).not.toContain(laptop);
  });

  it("redirects without a session", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/_session/devices");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("shows only known notices", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_notice");
    const known = await (await worker.fetch("/_session/devices?notice=signed-out", { headers: withSession(sessionId) })).text();
    const unknown = await (await worker.fetch("/_session/devices?notice=%3Cscript%3Ealert(1)%3C/script%3E", { headers: withSession(sessionId) })).text();
    expect(known).toContain("The session was signed out.");
    expect(unknown).not.toContain("<script>");
    expect(unknown).not.toContain("alert(1)");
  });
});

describe("devices page forms", () => {
  it("signs out another device", async () => {
    const worker = new TestWorker();
    const first = await worker.login("user_form_one");
    const second = await worker.login("user_form_one");
    const handle = await otherHandle(worker, first);

    const response = await worker.fetch("/_session/devices/sign-out", formPost(first, `handle=${handle}`));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/_session/devices?notice=signed-out");
    expect(await isAuthenticated(worker, second)).toBe(false);
    expect(await isAuthenticated(worker, first)).toBe(true);
  });

  it("signs out all other devices", async () => {
    const worker = new TestWorker();
    const others = [await worker.login("user_form_all"), await worker.login("user_form_all")];
    const current = await worker.login("user_form_all");

    const response = await worker.fetch("/_session/devices/sign-out-others", formPost(current, ""));
    expect(response.headers.get("location")).toBe("/_session/devices?notice=signed-out-others");
    for (const sessionId of others) expect(await isAuthenticated(worker, sessionId)).toBe(false);
    expect(await isAuthenticated(worker, current)).toBe(true);
  });

  it("logs out when signing out this device", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_form_self");
    const list = await worker.fetch("/_session/sessions", { headers: withSession(sessionId) });
    const handle = ((await list.json()) as { sessions: Array<{ handle: string }> }).sessions[0]!.handle;

    const response = await worker.fetch("/_session/devices/sign-out", formPost(sessionId, `handle=${handle}`));
    expect(response.headers.get("location")).toBe("/");
    expect(sessionCookieLine(response)).toContain("Max-Age=0");
    expect(await isAuthenticated(worker, sessionId)).toBe(false);
  });

  it("rejects a cross-site form post", async () => {
    const worker = new TestWorker();
    const first = await worker.login("user_form_csrf");
    const second = await worker.login("user_form_csrf");
    const handle = await otherHandle(worker, first);

    const attempts: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, {}];
    for (const headers of attempts) {
      const response = await worker.fetch("/_session/devices/sign-out", formPost(first, `handle=${handle}`, headers));
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await isAuthenticated(worker, second)).toBe(true);
  });

  it("rejects a missing or invalid handle", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_form_invalid");
    for (const body of ["", "handle=", "handle=a%20b", `handle=${"x".repeat(65)}`, "x".repeat(5000)]) {
      const response = await worker.fetch("/_session/devices/sign-out", formPost(sessionId, body));
      expect(response.status, body.slice(0, 20)).toBe(400);
    }
  });

  it("rejects an oversized form sent without a length", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_form_chunked");
    const init = formPost(sessionId, "");
    const response = await worker.fetch("/_session/devices/sign-out", { ...init, body: chunkedBody(`handle=${"x".repeat(5000)}`) });
    expect(response.status).toBe(400);
  });

  it("reports a handle that already ended", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_form_gone");
    const response = await worker.fetch("/_session/devices/sign-out", formPost(sessionId, "handle=AAAAAAAAAAAAAAAAAAAAAA"));
    expect(response.headers.get("location")).toBe("/_session/devices?notice=not-found");
  });
});
