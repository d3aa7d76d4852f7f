import { describe, expect, it } from "vitest";
import { echoedRequest, sessionKeyOf, storeClient, TestWorker, WORKER_URL, withSession, isAuthenticated } from "./support.ts";


describe("concurrent requests", () => {
  it("never log each other out", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_parallel_requests");
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        worker.clock.advance(i % 3 === 0 ? 61_000 : 0);
        return worker.fetch("/echo", { headers: withSession(sessionId) });
      }),
    );
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect((await echoedRequest(response)).headers.authorization).toMatch(/^Bearer /);
    }
    expect(await isAuthenticated(worker, sessionId)).toBe(true);
  });

  it("never resurrect a session during logout", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_logout_race");
    const key = await sessionKeyOf(sessionId);
    // A slow request is in flight while the session ends.
    const slow = worker.fetch("/slow?ms=300", { headers: withSession(sessionId) });
    const burst = Array.from({ length: 20 }, () => worker.fetch("/echo", { headers: withSession(sessionId) }));
    const logout = await worker.fetch("/_session/logout", { method: "POST", headers: withSession(sessionId, { origin: WORKER_URL }) });
    expect(logout.status).toBe(204);

    await (await slow).body?.cancel();
    for (const response of await Promise.all(burst)) await response.body?.cancel();
    expect(await storeClient().exists(key)).toBe(0);
    expect(await isAuthenticated(worker, sessionId)).toBe(false);
  });

  it("ends every session during a burst of revocations", async () => {
    const worker = new TestWorker();
    const sessions = await Promise.all(Array.from({ length: 10 }, () => worker.login("user_revoke_burst")));
    const keeper = sessions[0]!;
    await Promise.all([
      worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: withSession(keeper, { origin: WORKER_URL }) }),
      ...sessions.slice(1).map((sessionId) => worker.fetch("/echo", { headers: withSession(sessionId) })),
    ]);
    for (const sessionId of sessions.slice(1)) expect(await isAuthenticated(worker, sessionId)).toBe(false);
    expect(await isAuthenticated(worker, keeper)).toBe(true);
  });
});
