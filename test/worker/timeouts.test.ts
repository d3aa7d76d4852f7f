import { describe, expect, it } from "vitest";
import { echoedRequest, sessionCookieLine, sessionKeyOf, storeClient, TestWorker, withSession, isAuthenticated } from "./support.ts";

const IDLE_SECONDS = 600;
const ABSOLUTE_SECONDS = 3600;
const MINUTE_MS = 60_000;

function shortTimeoutWorker(): TestWorker {
  return new TestWorker({ IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS), ABSOLUTE_TIMEOUT_SECONDS: String(ABSOLUTE_SECONDS) });
}

/** Uses the session every 9 minutes for 54 minutes after login, so it never goes idle. */
async function keepActive(worker: TestWorker, sessionId: string, loginTime: number): Promise<void> {
  for (let step = 1; step <= 6; step++) {
    worker.clock.now = loginTime + step * 9 * MINUTE_MS;
    expect(await isAuthenticated(worker, sessionId)).toBe(true);
  }
}


describe("idle timeout", () => {
  it("ends a session left idle too long", async () => {
    const worker = shortTimeoutWorker();
    const sessionId = await worker.login("user_idle");
    worker.clock.advance(IDLE_SECONDS * 1000);

    const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
    expect((await echoedRequest(response)).headers.authorization).toBeUndefined();
    expect(sessionCookieLine(response)).toContain("Max-Age=0");
    expect(await storeClient().exists(await sessionKeyOf(sessionId))).toBe(0);
  });

  it("keeps a session alive just before the deadline", async () => {
    const worker = shortTimeoutWorker();
    const sessionId = await worker.login("user_idle_edge");
    worker.clock.advance(IDLE_SECONDS * 1000 - 1);
    expect(await isAuthenticated(worker, sessionId)).toBe(true);
  });

  it("slides the deadline on use", async () => {
    const worker = shortTimeoutWorker();
    const sessionId = await worker.login("user_slide");
    // Four uses, each 9 minutes apart: 36 minutes in all, over the 10-minute idle timeout.
    for (let use = 0; use < 4; use++) {
      worker.clock.advance(9 * MINUTE_MS);
      expect(await isAuthenticated(worker, sessionId)).toBe(true);
    }
  });

  it("sets the store TTL to the idle time left", async () => {
    const worker = shortTimeoutWorker();
    const sessionId = await worker.login("user_ttl");
    const key = await sessionKeyOf(sessionId);
    const ttlAfterLogin = await storeClient().pttl(key);
    expect(ttlAfterLogin).toBeGreaterThan(0);
    expect(ttlAfterLogin).toBeLessThanOrEqual(IDLE_SECONDS * 1000);

    worker.clock.advance(5 * MINUTE_MS);
    await isAuthenticated(worker, sessionId);
    const ttlAfterSlide = await storeClient().pttl(key);
    expect(ttlAfterSlide).toBeGreaterThan(IDLE_SECONDS * 1000 - 5_000);
    expect(ttlAfterSlide).toBeLessThanOrEqual(IDLE_SECONDS * 1000);
  });
});

describe("absolute timeout", () => {
  it("ends an active session at the absolute deadline", async () => {
    const worker = shortTimeoutWorker();
    const loginTime = worker.clock.now;
    const sessionId = await worker.login("user_absolute");
    await keepActive(worker, sessionId, loginTime);
    worker.clock.now = loginTime + ABSOLUTE_SECONDS * 1000;
    expect(await isAuthenticated(worker, sessionId)).toBe(false);
  });

  it("caps the TTL by the absolute time left", async () => {
    const worker = shortTimeoutWorker();
    const loginTime = worker.clock.now;
    const sessionId = await worker.login("user_absolute_ttl");
    const key = await sessionKeyOf(sessionId);
    await keepActive(worker, sessionId, loginTime);
    worker.clock.now = loginTime + ABSOLUTE_SECONDS * 1000 - 2 * MINUTE_MS;
    expect(await isAuthenticated(worker, sessionId)).toBe(true);
    const ttl = await storeClient().pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2 * MINUTE_MS);
  });

  it("never writes a TTL of zero or less", async () => {
    const worker = shortTimeoutWorker();
    const loginTime = worker.clock.now;
    const sessionId = await worker.login("user_ttl_edge");
    const key = await sessionKeyOf(sessionId);
    await keepActive(worker, sessionId, loginTime);
    // One millisecond before the absolute deadline: the slide must leave a positive TTL.
    worker.clock.now = loginTime + ABSOLUTE_SECONDS * 1000 - 1;
    expect(await isAuthenticated(worker, sessionId)).toBe(true);
    // The key has a 1 ms TTL in real time: by the time it is read it may be
    // gone (-2), or in its last millisecond, for which PTTL reports 0.
    const ttl = await storeClient().pttl(key);
    expect(ttl === -2 || ttl >= 0).toBe(true);
    expect(ttl).not.toBe(-1);
    // At the deadline the session is deleted, not given a TTL of zero.
    worker.clock.now = loginTime + ABSOLUTE_SECONDS * 1000;
    expect(await isAuthenticated(worker, sessionId)).toBe(false);
    expect(await storeClient().exists(key)).toBe(0);
  });
});

describe("session store writes", () => {
  it("never recreates a deleted session", async () => {
    const worker = shortTimeoutWorker();
    const sessionId = await worker.login("user_deleted");
    const key = await sessionKeyOf(sessionId);
    await storeClient().del(key);
    worker.clock.advance(5 * MINUTE_MS);

    expect(await isAuthenticated(worker, sessionId)).toBe(false);
    expect(await storeClient().exists(key)).toBe(0);
  });
});
