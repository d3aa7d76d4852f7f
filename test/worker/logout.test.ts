import { describe, expect, inject, it } from "vitest";
import { echoedRequest, sessionCookieLine, sessionKeyOf, storeClient, TestWorker, WORKER_URL, withSession } from "./support.ts";

describe("logout route", () => {
  it("ends the session and clears the cookie", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_logout");
    const response = await worker.fetch("/_session/logout", { method: "POST", headers: withSession(sessionId, { origin: WORKER_URL }) });

    expect(response.status).toBe(204);
    expect(sessionCookieLine(response)).toMatch(/^__Host-sid=; Max-Age=0; Path=\/; Secure; HttpOnly; SameSite=Strict$/);
    expect(await storeClient().exists(await sessionKeyOf(sessionId))).toBe(0);
    const after = await worker.fetch("/echo", { headers: withSession(sessionId) });
    expect((await echoedRequest(after)).headers.authorization).toBeUndefined();
  });

  it("removes the session from the user index", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_logout_index");
    const other = await worker.login("user_logout_index");
    await worker.fetch("/_session/logout", { method: "POST", headers: withSession(sessionId, { origin: WORKER_URL }) });
    const index = (await storeClient().hkeys(`${inject("keyPrefix")}user-sessions:user_logout_index`)) as string[];
    expect(index).toHaveLength(1);
    expect(await storeClient().exists(await sessionKeyOf(other))).toBe(1);
  });

  it("redirects a browser form post", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_logout_form");
    const response = await worker.fetch("/_session/logout", {
      method: "POST",
      headers: withSession(sessionId, { "sec-fetch-site": "same-origin", accept: "text/html,application/xhtml+xml" }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("rejects a cross-origin post", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_logout_csrf");
    const attempts: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, {}];
    for (const headers of attempts) {
      const response = await worker.fetch("/_session/logout", { method: "POST", headers: withSession(sessionId, headers) });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(sessionCookieLine(response)).toBeUndefined();
    }
    expect(await storeClient().exists(await sessionKeyOf(sessionId))).toBe(1);
  });

  it("clears the cookie without a session", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/_session/logout", { method: "POST", headers: { origin: WORKER_URL } });
    expect(response.status).toBe(204);
    expect(sessionCookieLine(response)).toContain("Max-Age=0");
  });

  it("rejects GET on the logout route", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/_session/logout");
    expect(response.status).toBe(404);
  });
});

describe("logout through session control", () => {
  it("ends the session when the origin says logout", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_origin_logout");
    const response = await worker.fetch("/logout", { method: "POST", headers: withSession(sessionId) });

    expect(response.status).toBe(200);
    expect(response.headers.get("session-control")).toBeNull();
    expect(sessionCookieLine(response)).toContain("Max-Age=0");
    expect(await storeClient().exists(await sessionKeyOf(sessionId))).toBe(0);
  });
});
