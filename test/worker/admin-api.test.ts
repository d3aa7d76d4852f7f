import { describe, expect, it } from "vitest";
import { echoedRequest, TestWorker, withSession, isAuthenticated } from "./support.ts";

const ADMIN_TOKEN = "admin-token-for-tests-0123456789abcdef";

function adminWorker(): TestWorker {
  return new TestWorker({ ADMIN_API_TOKEN: ADMIN_TOKEN });
}

function asAdmin(token = ADMIN_TOKEN): HeadersInit {
  return { authorization: `Bearer ${token}` };
}


describe("admin API", () => {
  it("lists a user's sessions", async () => {
    const worker = adminWorker();
    await worker.login("user_admin_list");
    await worker.login("user_admin_list");
    const response = await worker.fetch("/_session/admin/users/user_admin_list/sessions", { headers: asAdmin() });
    const body = (await response.json()) as { sessions: Array<{ current: boolean }> };

    expect(response.status).toBe(200);
    expect(body.sessions).toHaveLength(2);
    expect(body.sessions.every((session) => !session.current)).toBe(true);
  });

  it("revokes one session", async () => {
    const worker = adminWorker();
    const kept = await worker.login("user_admin_one");
    const revoked = await worker.login("user_admin_one");
    const list = await worker.fetch("/_session/admin/users/user_admin_one/sessions", { headers: asAdmin() });
    const handles = ((await list.json()) as { sessions: Array<{ handle: string; lastActiveAt: string }> }).sessions.map((session) => session.handle);
    const ownHandle = await handleOf(worker, revoked);

    const response = await worker.fetch(`/_session/admin/users/user_admin_one/sessions/${ownHandle}`, { method: "DELETE", headers: asAdmin() });
    expect(handles).toContain(ownHandle);
    expect(response.status).toBe(204);
    expect(await isAuthenticated(worker, revoked)).toBe(false);
    expect(await isAuthenticated(worker, kept)).toBe(true);

    const again = await worker.fetch(`/_session/admin/users/user_admin_one/sessions/${ownHandle}`, { method: "DELETE", headers: asAdmin() });
    expect(again.status).toBe(404);
  });

  it("revokes all sessions of a user", async () => {
    const worker = adminWorker();
    const sessions = [await worker.login("user_admin_all"), await worker.login("user_admin_all")];
    const other = await worker.login("user_admin_bystander");
    const response = await worker.fetch("/_session/admin/users/user_admin_all/sessions/revoke-all", { method: "POST", headers: asAdmin() });

    expect(await response.json()).toEqual({ revoked: 2 });
    for (const sessionId of sessions) expect(await isAuthenticated(worker, sessionId)).toBe(false);
    expect(await isAuthenticated(worker, other)).toBe(true);
  });

  it("rejects missing or wrong credentials", async () => {
    const worker = adminWorker();
    const sessionId = await worker.login("user_admin_denied");
    const attempts: RequestInit[] = [
      {},
      { headers: asAdmin("wrong-token-0123456789abcdef0123456789") },
      { headers: asAdmin(`${ADMIN_TOKEN}x`) },
      { headers: { authorization: ADMIN_TOKEN } },
      { headers: withSession(sessionId) },
    ];
    for (const init of attempts) {
      const response = await worker.fetch("/_session/admin/users/user_admin_denied/sessions", init);
      const text = await response.text();
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(text).not.toContain("user_admin_denied");
    }
    expect(await isAuthenticated(worker, sessionId)).toBe(true);
  });

  it("is off without a configured token", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/_session/admin/users/anyone/sessions", { headers: asAdmin() });
    expect(response.status).toBe(404);
  });

  it("rejects a short admin token setting", async () => {
    const worker = new TestWorker({ ADMIN_API_TOKEN: "short" });
    const response = await worker.fetch("/echo");
    expect(response.status).toBe(500);
  });
});

async function handleOf(worker: TestWorker, sessionId: string): Promise<string> {
  const response = await worker.fetch("/_session/sessions", { headers: withSession(sessionId) });
  const sessions = ((await response.json()) as { sessions: Array<{ handle: string; current: boolean }> }).sessions;
  return sessions.find((session) => session.current)!.handle;
}
