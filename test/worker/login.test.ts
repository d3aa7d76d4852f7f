import { describe, expect, inject, it } from "vitest";
import { COOKIE_NAME, echoedRequest, sessionCookieLine, sessionIdFrom, storeClient, sessionKeyOf, TestWorker, withSession } from "./support.ts";

describe("login", () => {
  it("sets a __Host- cookie with strict attributes", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/login?user=user_attrs", { method: "POST" });
    const line = sessionCookieLine(response) ?? "";
    const attributes = line.split(";").map((part) => part.trim());

    expect(response.status).toBe(200);
    expect(line.startsWith(`${COOKIE_NAME}=`)).toBe(true);
    expect(attributes).toContain("HttpOnly");
    expect(attributes).toContain("Secure");
    expect(attributes).toContain("SameSite=Strict");
    expect(attributes).toContain("Path=/");
    expect(attributes).toContain("Max-Age=7776000");
    expect(line.toLowerCase()).not.toContain("domain=");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("sets a 256-bit base64url session ID", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_id_format");
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("uses the absolute timeout as Max-Age", async () => {
    const worker = new TestWorker({ ABSOLUTE_TIMEOUT_SECONDS: "86400", IDLE_TIMEOUT_SECONDS: "600" });
    const response = await worker.fetch("/login?user=user_max_age", { method: "POST" });
    expect(sessionCookieLine(response)).toContain("Max-Age=86400");
  });

  it("issues a new ID and ends the old session", async () => {
    const worker = new TestWorker();
    const first = await worker.login("user_rotate");
    const second = await worker.login("user_rotate", { headers: withSession(first) });

    expect(second).not.toBe(first);
    const old = await worker.fetch("/echo", { headers: withSession(first) });
    expect((await echoedRequest(old)).headers.authorization).toBeUndefined();
    const current = await worker.fetch("/echo", { headers: withSession(second) });
    expect((await echoedRequest(current)).headers.authorization).toMatch(/^Bearer /);
    expect(await storeClient().exists(await sessionKeyOf(first))).toBe(0);
  });

  it("replaces another user's session at login", async () => {
    const worker = new TestWorker();
    const alice = await worker.login("user_switch_a");
    const bob = await worker.login("user_switch_b", { headers: withSession(alice) });

    const aliceIndex = `${inject("keyPrefix")}user-sessions:user_switch_a`;
    expect(await storeClient().exists(aliceIndex)).toBe(0);
    const response = await worker.fetch("/echo", { headers: withSession(bob) });
    expect((await echoedRequest(response)).headers.authorization).toMatch(/^Bearer /);
  });

  it("ends an unknown session ID sent at login", async () => {
    const worker = new TestWorker();
    const planted = "A".repeat(42) + "A";
    const sessionId = await worker.login("user_fixation", { headers: withSession(planted) });
    expect(sessionId).not.toBe(planted);
  });

  it("keeps the origin's Set-Cookie lines beside the session cookie", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_cookies");
    const response = await worker.fetch("/set-cookies", { headers: withSession(sessionId) });
    expect(response.headers.getSetCookie()).toEqual(["theme=dark; Path=/", "lang=en; Path=/"]);

    const login = await worker.fetch("/login?user=user_cookies_2", { method: "POST" });
    expect(login.headers.getSetCookie()).toHaveLength(1);
  });

  it("keeps both Set-Cookie lines when the origin logs in", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/login?user=user_both&with-cookie=1", { method: "POST" });
    const lines = response.headers.getSetCookie();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("theme=dark; Path=/");
    expect(sessionIdFrom(response)).not.toBeNull();
  });

  it("ignores a session-control header sent by a client", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/echo", {
      method: "POST",
      headers: { "session-control": JSON.stringify({ action: "login", user: "mallory" }) },
    });
    const echoed = await echoedRequest(response);
    expect(echoed.headers["session-control"]).toBeUndefined();
    expect(sessionCookieLine(response)).toBeUndefined();
  });

  it("rejects an invalid session-control value with 502", async () => {
    const worker = new TestWorker();
    const invalid = ["not json", "[]", '{"action":"promote"}', '{"action":"login"}', '{"action":"login","user":""}',
      JSON.stringify({ action: "login", user: "x".repeat(257) }), JSON.stringify({ action: "login", user: "a\u0001b" }),
      JSON.stringify({ action: "login", user: "u", org: 7 })];
    for (const value of invalid) {
      const response = await worker.fetch(`/control?value=${encodeURIComponent(value)}`, { method: "POST" });
      expect(response.status, value).toBe(502);
      expect(sessionCookieLine(response), value).toBeUndefined();
      expect(response.headers.get("session-control"), value).toBeNull();
    }
  });

  it("carries the organisation into the token", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_org", {}, "org_acme");
    const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
    const token = String((await echoedRequest(response)).headers.authorization).slice("Bearer ".length);
    const payload = JSON.parse(atob(token.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/"))) as Record<string, unknown>;
    expect(payload.org).toBe("org_acme");
    expect(payload.sub).toBe("user_org");
  });
});
