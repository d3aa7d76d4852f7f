import { describe, expect, inject, it } from "vitest";
import { sessionCookieLine, TestWorker, withSession } from "./support.ts";

// A session created on the working store, then presented to a worker whose
// store is broken in one way or another.
async function sessionFromWorkingStore(user: string): Promise<string> {
  return new TestWorker().login(user);
}

async function expectFailClosed(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("2");
  expect(sessionCookieLine(response)).toBeUndefined();
  const text = await response.text();
  expect(JSON.parse(text)).toMatchObject({ error: "session_store_unavailable" });
  // Neither the echo origin's reply nor any store detail reaches the client.
  expect(text).not.toContain("headers");
  expect(text).not.toContain("127.0.0.1");
  expect(text).not.toContain("UpstashError");
}

describe("store failure", () => {
  it("returns 503 when the store is unreachable", async () => {
    const sessionId = await sessionFromWorkingStore("user_down");
    const worker = new TestWorker({ UPSTASH_REDIS_REST_URL: inject("closedStoreUrl") });
    await expectFailClosed(await worker.fetch("/echo", { headers: withSession(sessionId) }));
  });

  it("returns 503 when the store is too slow", async () => {
    const sessionId = await sessionFromWorkingStore("user_slow");
    const worker = new TestWorker({ UPSTASH_REDIS_REST_URL: inject("hangingStoreUrl"), STORE_TIMEOUT_MS: "200" });
    await expectFailClosed(await worker.fetch("/echo", { headers: withSession(sessionId) }));
  });

  it("returns 503 when the store rejects the token", async () => {
    const sessionId = await sessionFromWorkingStore("user_unauthorized");
    const worker = new TestWorker({ UPSTASH_REDIS_REST_TOKEN: "wrong-token" });
    await expectFailClosed(await worker.fetch("/echo", { headers: withSession(sessionId) }));
  });

  it("returns 503 at login when the store is down", async () => {
    const worker = new TestWorker({ UPSTASH_REDIS_REST_URL: inject("closedStoreUrl") });
    await expectFailClosed(await worker.fetch("/login?user=user_login_down", { method: "POST" }));
  });

  it("returns 503 at logout when the store is down", async () => {
    const sessionId = await sessionFromWorkingStore("user_logout_down");
    const worker = new TestWorker({ UPSTASH_REDIS_REST_URL: inject("closedStoreUrl") });
    await expectFailClosed(await worker.fetch("/_session/logout", { method: "POST", headers: withSession(sessionId, { origin: "http://127.0.0.1:8787" }) }));
  });

  it("keeps the session valid after the outage", async () => {
    const sessionId = await sessionFromWorkingStore("user_outage");
    const broken = new TestWorker({ UPSTASH_REDIS_REST_URL: inject("closedStoreUrl") });
    expect((await broken.fetch("/echo", { headers: withSession(sessionId) })).status).toBe(503);

    const response = await new TestWorker().fetch("/echo", { headers: withSession(sessionId) });
    expect(((await response.json()) as { headers: Record<string, string> }).headers.authorization).toMatch(/^Bearer /);
  });

  it("serves anonymous requests without the store", async () => {
    const worker = new TestWorker({ UPSTASH_REDIS_REST_URL: inject("closedStoreUrl") });
    const response = await worker.fetch("/echo");
    expect(response.status).toBe(200);
  });
});
