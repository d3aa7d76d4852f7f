import { describe, expect, it } from "vitest";
import {
  clearStoreFault, countedStoreUrl, echoedRequest, sessionCookieLine, sessionKeyOf, setStoreFault,
  storeClient, TestWorker, uniqueLabel, WORKER_URL, withSession, isAuthenticated,
} from "./support.ts";

// Each fault leaves the request with a session unanswered by the store. The
// worker must fail closed: 503 with Retry-After, nothing forwarded, no cookie
// change, and the session still valid once the store recovers.
const FAULTS: Array<[string, Record<string, unknown>]> = [
  ["HTTP 500", { status: 500 }],
  ["HTTP 429 (quota)", { status: 429 }],
  ["HTTP 401 (bad token)", { status: 401 }],
  ["dropped connection", { drop: true }],
  ["no reply at all", { hang: true }],
  ["reply slower than the budget", { latencyMs: 2000 }],
  ["non-JSON reply", { malformed: "not-json" }],
  ["wrong reply shape", { malformed: "wrong-shape" }],
  ["reply without result", { malformed: "missing-result" }],
  ["writes rejected, reads served", { readonly: true }],
];

function faultyWorker(label: string): TestWorker {
  return new TestWorker({ UPSTASH_REDIS_REST_URL: countedStoreUrl(label), STORE_TIMEOUT_MS: "300" });
}

async function expectFailedClosed(response: Response, name: string): Promise<void> {
  const text = await response.text();
  expect(response.status, name).toBe(503);
  expect(response.headers.get("retry-after"), name).toBe("2");
  expect(response.headers.get("cache-control"), name).toBe("no-store");
  expect(sessionCookieLine(response), name).toBeUndefined();
  expect(JSON.parse(text), name).toMatchObject({ error: "session_store_unavailable" });
  expect(text, name).not.toContain("ERR injected");
}


describe("store faults", () => {
  it("fail closed and sign no one out", async () => {
    for (const [name, fault] of FAULTS) {
      const label = uniqueLabel();
      const worker = faultyWorker(label);
      const sessionId = await worker.login(`user_fault_${label}`);

      await setStoreFault(label, fault);
      await expectFailedClosed(await worker.fetch("/echo", { headers: withSession(sessionId) }), name);
      await clearStoreFault(label);

      expect(await isAuthenticated(worker, sessionId), name).toBe(true);
    }
  });

  it("fail a login closed without ending the old session", async () => {
    const label = uniqueLabel();
    const worker = faultyWorker(label);
    const sessionId = await worker.login("user_fault_login");
    // The session lookup passes; the create request fails.
    await setStoreFault(label, { failAfter: 1, status: 500 });
    await expectFailedClosed(await worker.fetch("/login?user=user_fault_login", { method: "POST", headers: withSession(sessionId) }), "create");
    await clearStoreFault(label);
    expect(await isAuthenticated(worker, sessionId)).toBe(true);
  });

  it("fail a logout closed", async () => {
    const label = uniqueLabel();
    const worker = faultyWorker(label);
    const sessionId = await worker.login("user_fault_logout");
    await setStoreFault(label, { failAfter: 1, drop: true });
    const response = await worker.fetch("/_session/logout", { method: "POST", headers: withSession(sessionId, { origin: WORKER_URL }) });
    await expectFailedClosed(response, "logout");
    await clearStoreFault(label);
    expect(await isAuthenticated(worker, sessionId)).toBe(true);
  });

  it("keep revoked sessions revoked after an outage", async () => {
    const label = uniqueLabel();
    const worker = faultyWorker(label);
    const revoked = await worker.login("user_fault_revoked");
    const kept = await worker.login("user_fault_revoked");
    await worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: withSession(kept, { origin: WORKER_URL }) });

    await setStoreFault(label, { status: 500 });
    await expectFailedClosed(await worker.fetch("/echo", { headers: withSession(revoked) }), "outage");
    await clearStoreFault(label);

    expect(await isAuthenticated(worker, revoked)).toBe(false);
    expect(await isAuthenticated(worker, kept)).toBe(true);
  });

  it("treat a corrupt record as a store fault", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_corrupt");
    const key = await sessionKeyOf(sessionId);
    await storeClient().hset(key, { last_active_at: "abc" });

    await expectFailedClosed(await worker.fetch("/echo", { headers: withSession(sessionId) }), "corrupt");
    expect(await storeClient().exists(key)).toBe(1);
  });

  it("treat a record without a user as a store fault", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_corrupt_user");
    const key = await sessionKeyOf(sessionId);
    await storeClient().hdel(key, "user");
    await expectFailedClosed(await worker.fetch("/echo", { headers: withSession(sessionId) }), "no user");
    await expectFailedClosed(await worker.fetch("/_session/sessions", { headers: withSession(sessionId) }), "no user, list");
  });

  it("treat a corrupt record as a fault when listing", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_corrupt_list");
    const key = await sessionKeyOf(sessionId);
    await storeClient().hset(key, { absolute_expires_at: "later" });

    await expectFailedClosed(await worker.fetch("/_session/sessions", { headers: withSession(sessionId) }), "corrupt, list");
    await expectFailedClosed(await worker.fetch("/_session/devices", { headers: withSession(sessionId) }), "corrupt, devices");
    expect(await storeClient().exists(key)).toBe(1);
  });
});
