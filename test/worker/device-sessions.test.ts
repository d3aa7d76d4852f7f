import { describe, expect, inject, it } from "vitest";
import {
  countedStoreUrl, echoedRequest, sessionCookieLine, sessionKeyOf, storeClient, storeRequestCount,
  TestWorker, uniqueLabel, WORKER_URL, withSession, isAuthenticated,
} from "./support.ts";

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const MINUTE_MS = 60_000;

interface ListedSession {
  handle: string;
  current: boolean;
  device: { browser: string | null; browserVersion: string | null; os: string | null; type: string };
  location: { city: string | null; region: string | null; country: string | null };
  createdAt: string;
  lastActiveAt: string;
}

async function listSessions(worker: TestWorker, sessionId: string): Promise<ListedSession[]> {
  const response = await worker.fetch("/_session/sessions", { headers: withSession(sessionId) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sessions: ListedSession[] }).sessions;
}


function sameOrigin(sessionId: string): Headers {
  return withSession(sessionId, { origin: WORKER_URL });
}

function indexKey(userId: string): string {
  return `${inject("keyPrefix")}user-sessions:${userId}`;
}

describe("session list", () => {
  it("lists sessions newest activity first", async () => {
    const worker = new TestWorker();
    const laptop = await worker.login("user_list", { headers: { "user-agent": CHROME_MAC } });
    worker.clock.advance(2 * MINUTE_MS);
    const desktop = await worker.login("user_list", { headers: { "user-agent": FIREFOX_WINDOWS } });
    worker.clock.advance(2 * MINUTE_MS);

    const sessions = await listSessions(worker, laptop);
    expect(sessions).toHaveLength(2);
    expect(sessions[0]!.current).toBe(true);
    expect(sessions[0]!.device).toEqual({ browser: "Chrome", browserVersion: "131", os: "macOS", type: "desktop" });
    expect(sessions[1]!.current).toBe(false);
    expect(sessions[1]!.device).toEqual({ browser: "Firefox", browserVersion: "133", os: "Windows", type: "desktop" });
    expect(sessions[1]!.location).toEqual({ city: "San Francisco", region: "California", country: "US" });
    expect(sessions[1]!.createdAt).toBe(new Date(worker.clock.now - 2 * MINUTE_MS).toISOString());

    const text = JSON.stringify(sessions);
    expect(text).not.toContain(laptop);
    expect(text).not.toContain(desktop);
    expect(text).not.toContain((await sessionKeyOf(desktop)).split("session:")[1]);
  });

  it("requires a session", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/_session/sessions");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("hides and prunes expired sessions", async () => {
    const worker = new TestWorker({ IDLE_TIMEOUT_SECONDS: "600", ABSOLUTE_TIMEOUT_SECONDS: "3600" });
    const old = await worker.login("user_prune");
    worker.clock.advance(9 * MINUTE_MS);
    const fresh = await worker.login("user_prune");
    worker.clock.advance(2 * MINUTE_MS);

    const sessions = await listSessions(worker, fresh);
    expect(sessions.map((session) => session.current)).toEqual([true]);
    expect(await storeClient().hlen(indexKey("user_prune"))).toBe(1);
    expect(await storeClient().exists(await sessionKeyOf(old))).toBe(0);
  });

  it("prunes entries whose session is gone", async () => {
    const worker = new TestWorker();
    const gone = await worker.login("user_gone");
    const kept = await worker.login("user_gone");
    await storeClient().del(await sessionKeyOf(gone));

    expect(await listSessions(worker, kept)).toHaveLength(1);
    expect(await storeClient().hlen(indexKey("user_gone"))).toBe(1);
  });

  it("costs one store request whatever the count", async () => {
    for (const count of [1, 30]) {
      const label = uniqueLabel();
      const worker = new TestWorker({ UPSTASH_REDIS_REST_URL: countedStoreUrl(label) });
      let sessionId = "";
      for (let i = 0; i < count; i++) sessionId = await worker.login(`user_list_cost_${count}`);
      const before = await storeRequestCount(label);
      await listSessions(worker, sessionId);
      // The same request resolves the caller's session and lists.
      expect(await storeRequestCount(label), `${count} sessions`).toBe(before + 1);
    }
  });

  it("ends an expired caller instead of listing", async () => {
    const label = uniqueLabel();
    const worker = new TestWorker({ UPSTASH_REDIS_REST_URL: countedStoreUrl(label), IDLE_TIMEOUT_SECONDS: "600" });
    const sessionId = await worker.login("user_list_expired");
    worker.clock.advance(11 * MINUTE_MS);
    const before = await storeRequestCount(label);

    const response = await worker.fetch("/_session/sessions", { headers: withSession(sessionId) });
    expect(response.status).toBe(401);
    expect(await storeRequestCount(label)).toBe(before + 1);
    expect(await storeClient().exists(await sessionKeyOf(sessionId))).toBe(0);
  });
});

describe("signing out a session", () => {
  it("signs out another session by handle", async () => {
    const worker = new TestWorker();
    const first = await worker.login("user_signout", { headers: { "user-agent": CHROME_MAC } });
    const second = await worker.login("user_signout", { headers: { "user-agent": FIREFOX_WINDOWS } });
    const target = (await listSessions(worker, first)).find((session) => !session.current)!;

    const response = await worker.fetch(`/_session/sessions/${target.handle}`, { method: "DELETE", headers: sameOrigin(first) });
    expect(response.status).toBe(204);
    expect(await isAuthenticated(worker, second)).toBe(false);
    expect(await isAuthenticated(worker, first)).toBe(true);

    const audit = (await storeClient().hgetall(`${inject("keyPrefix")}revoked:${target.handle}`)) as unknown as string[];
    const fields = new Map<string, string>();
    for (let i = 0; i < audit.length; i += 2) fields.set(audit[i]!, audit[i + 1]!);
    expect(fields.get("reason")).toBe("revoked");
    expect(fields.get("user")).toBe("user_signout");
    expect(fields.get("browser")).toBe("Firefox");
    expect(Number(fields.get("revoked_at"))).toBe(worker.clock.now);
    const ttl = await storeClient().pttl(`${inject("keyPrefix")}revoked:${target.handle}`);
    expect(ttl).toBeGreaterThan(2592000 * 1000 - 10_000);
  });

  it("never signs out another user's session", async () => {
    const worker = new TestWorker();
    const mine = await worker.login("user_owner_a");
    const theirs = await worker.login("user_owner_b");
    const theirHandle = (await listSessions(worker, theirs))[0]!.handle;

    const response = await worker.fetch(`/_session/sessions/${theirHandle}`, { method: "DELETE", headers: sameOrigin(mine) });
    expect(response.status).toBe(404);
    expect(await isAuthenticated(worker, theirs)).toBe(true);
  });

  it("treats the current handle as logout", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_self_signout");
    const handle = (await listSessions(worker, sessionId))[0]!.handle;
    const response = await worker.fetch(`/_session/sessions/${handle}`, { method: "DELETE", headers: sameOrigin(sessionId) });

    expect(response.status).toBe(204);
    expect(sessionCookieLine(response)).toContain("Max-Age=0");
    expect(await isAuthenticated(worker, sessionId)).toBe(false);
  });

  it("rejects cross-origin sign-outs", async () => {
    const worker = new TestWorker();
    const first = await worker.login("user_signout_csrf");
    const second = await worker.login("user_signout_csrf");
    const handle = (await listSessions(worker, first)).find((session) => !session.current)!.handle;

    const deleted = await worker.fetch(`/_session/sessions/${handle}`, { method: "DELETE", headers: withSession(first, { origin: "https://evil.example" }) });
    const others = await worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: withSession(first, { "sec-fetch-site": "cross-site" }) });
    expect(deleted.status).toBe(403);
    expect(others.status).toBe(403);
    expect(await isAuthenticated(worker, second)).toBe(true);
  });

  it("rejects a malformed handle", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_bad_handle");
    const response = await worker.fetch(`/_session/sessions/${"x".repeat(65)}`, { method: "DELETE", headers: sameOrigin(sessionId) });
    expect(response.status).toBe(404);
  });
});

describe("signing out other sessions", () => {
  it("ends every other session", async () => {
    const worker = new TestWorker();
    const others = [await worker.login("user_others"), await worker.login("user_others")];
    const current = await worker.login("user_others");

    const response = await worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: sameOrigin(current) });
    expect(await response.json()).toEqual({ revoked: 2 });
    for (const sessionId of others) expect(await isAuthenticated(worker, sessionId)).toBe(false);
    expect(await isAuthenticated(worker, current)).toBe(true);
  });

  it("ends others when the origin says revoke-others", async () => {
    const worker = new TestWorker();
    const other = await worker.login("user_password_change");
    const current = await worker.login("user_password_change");
    const value = encodeURIComponent(JSON.stringify({ action: "revoke-others" }));
    const response = await worker.fetch(`/control?value=${value}`, { method: "POST", headers: withSession(current) });

    expect(response.status).toBe(200);
    expect(sessionCookieLine(response)).toBeUndefined();
    expect(await isAuthenticated(worker, other)).toBe(false);
    expect(await isAuthenticated(worker, current)).toBe(true);
  });

  it("ends all when the origin says revoke-all", async () => {
    const worker = new TestWorker();
    const other = await worker.login("user_revoke_all");
    const current = await worker.login("user_revoke_all");
    const value = encodeURIComponent(JSON.stringify({ action: "revoke-all" }));
    const response = await worker.fetch(`/control?value=${value}`, { method: "POST", headers: withSession(current) });

    expect(sessionCookieLine(response)).toContain("Max-Age=0");
    expect(await isAuthenticated(worker, other)).toBe(false);
    expect(await isAuthenticated(worker, current)).toBe(false);
  });

  it("ignores revoke-others without a session", async () => {
    const worker = new TestWorker();
    const value = encodeURIComponent(JSON.stringify({ action: "revoke-others" }));
    const response = await worker.fetch(`/control?value=${value}`, { method: "POST" });
    expect(response.status).toBe(200);
  });

  it("never leaves a revoked session alive beside a login", async () => {
    const worker = new TestWorker();
    for (let round = 0; round < 5; round++) {
      const user = `user_race_${round}`;
      const older = [await worker.login(user), await worker.login(user)];
      const current = await worker.login(user);
      const [revoke] = await Promise.all([
        worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: sameOrigin(current) }),
        worker.login(user),
        worker.login(user),
      ]);
      expect(revoke.status).toBe(200);
      for (const sessionId of older) expect(await isAuthenticated(worker, sessionId)).toBe(false);
      expect(await isAuthenticated(worker, current)).toBe(true);
      // Every index entry names a live session, and every live session is indexed.
      const live = await listSessions(worker, current);
      expect(await storeClient().hlen(indexKey(user))).toBe(live.length);
    }
  });
});

describe("per-user index", () => {
  it("keeps every entry under concurrent logins", async () => {
    const worker = new TestWorker();
    const sessionIds = await Promise.all(Array.from({ length: 20 }, () => worker.login("user_parallel")));
    expect(new Set(sessionIds).size).toBe(20);
    expect(await storeClient().hlen(indexKey("user_parallel"))).toBe(20);
    const listed = await listSessions(worker, sessionIds[0]!);
    expect(listed).toHaveLength(20);
    for (const sessionId of sessionIds) expect(await isAuthenticated(worker, sessionId)).toBe(true);
  });

  it("ends the least recently active session over the cap", async () => {
    const worker = new TestWorker({ MAX_SESSIONS_PER_USER: "3" });
    const first = await worker.login("user_cap");
    worker.clock.advance(2 * MINUTE_MS);
    const second = await worker.login("user_cap");
    worker.clock.advance(2 * MINUTE_MS);
    const third = await worker.login("user_cap");
    worker.clock.advance(2 * MINUTE_MS);
    // Using the first session makes the second the least recently active.
    expect(await isAuthenticated(worker, first)).toBe(true);
    worker.clock.advance(2 * MINUTE_MS);
    const fourth = await worker.login("user_cap");

    expect(await isAuthenticated(worker, second)).toBe(false);
    for (const sessionId of [first, third, fourth]) expect(await isAuthenticated(worker, sessionId)).toBe(true);
    expect(await storeClient().hlen(indexKey("user_cap"))).toBe(3);
  });

  it("refreshes last activity at most once a minute", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_refresh");
    const key = await sessionKeyOf(sessionId);
    const loginTime = worker.clock.now;

    worker.clock.advance(30_000);
    await isAuthenticated(worker, sessionId);
    expect(Number(await storeClient().hget(key, "last_active_at"))).toBe(loginTime);

    worker.clock.advance(31_000);
    await isAuthenticated(worker, sessionId);
    expect(Number(await storeClient().hget(key, "last_active_at"))).toBe(worker.clock.now);
  });
});

describe("device metadata", () => {
  async function recordOf(sessionId: string): Promise<Map<string, string>> {
    const flat = (await storeClient().hgetall(await sessionKeyOf(sessionId))) as unknown as string[];
    const record = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) record.set(flat[i]!, flat[i + 1]!);
    return record;
  }

  it("stores non-ASCII place names exactly", async () => {
    const worker = new TestWorker();
    for (const city of ["Münsingen", "Srīperumbūdūr"]) {
      const sessionId = await worker.login("user_city", { cf: { country: "CH", region: "Bern", city } } as RequestInit);
      const record = await recordOf(sessionId);
      expect(record.get("city")).toBe(city);
      expect(record.get("country")).toBe("CH");
    }
  });

  it("stores XX and T1 as unknown", async () => {
    const worker = new TestWorker();
    for (const country of ["XX", "T1"]) {
      const sessionId = await worker.login("user_no_country", { cf: { country } } as RequestInit);
      expect((await recordOf(sessionId)).has("country")).toBe(false);
    }
  });

  it("falls back to CF-IPCountry without request.cf", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_ipcountry", { cf: undefined, headers: { "cf-ipcountry": "DE" } } as RequestInit);
    const record = await recordOf(sessionId);
    expect(record.get("country")).toBe("DE");
    expect(record.has("city")).toBe(false);
  });

  it("parses a mobile User-Agent", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_mobile", { headers: { "user-agent": SAFARI_IPHONE } });
    const record = await recordOf(sessionId);
    expect(record.get("browser")).toBe("Safari");
    expect(record.get("os")).toBe("iOS");
    expect(record.get("device_type")).toBe("mobile");
  });

  it("caps and parses an 80 KB User-Agent", async () => {
    const worker = new TestWorker();
    const crafted = `${CHROME_MAC} ${"(KHTML, like Gecko) ".repeat(4096)}`.slice(0, 80 * 1024);
    const sessionId = await worker.login("user_long_ua", { headers: { "user-agent": crafted } });
    const record = await recordOf(sessionId);
    expect(record.get("user_agent")).toHaveLength(512);
    expect(record.get("browser")).toBe("Chrome");
    expect(record.get("os")).toBe("macOS");
  });
});

describe("per-user cap under load", () => {
  it("never exceeds the cap in a login race", async () => {
    const worker = new TestWorker({ MAX_SESSIONS_PER_USER: "5" });
    const sessionIds = await Promise.all(Array.from({ length: 20 }, () => worker.login("user_cap_race")));
    expect(new Set(sessionIds).size).toBe(20);
    expect(await storeClient().hlen(indexKey("user_cap_race"))).toBe(5);
    const alive = [];
    for (const sessionId of sessionIds) if (await isAuthenticated(worker, sessionId)) alive.push(sessionId);
    expect(alive).toHaveLength(5);
  });

  it("is idempotent when repeated", async () => {
    const worker = new TestWorker();
    await worker.login("user_repeat_others");
    const current = await worker.login("user_repeat_others");
    const first = await worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: sameOrigin(current) });
    const second = await worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: sameOrigin(current) });
    expect(await first.json()).toEqual({ revoked: 1 });
    expect(await second.json()).toEqual({ revoked: 0 });
    expect(await listSessions(worker, current)).toHaveLength(1);
  });
});

describe("recent login for signing out others", () => {
  const STEP_UP = { SIGN_OUT_REQUIRES_LOGIN_WITHIN_SECONDS: "300" };

  it("allows sign-outs soon after login", async () => {
    const worker = new TestWorker(STEP_UP);
    const other = await worker.login("user_step_up_fresh");
    const current = await worker.login("user_step_up_fresh");
    worker.clock.advance(299_000);
    const response = await worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: sameOrigin(current) });
    expect(await response.json()).toEqual({ revoked: 1 });
    expect(await isAuthenticated(worker, other)).toBe(false);
  });

  it("asks for a new login later", async () => {
    const worker = new TestWorker(STEP_UP);
    const other = await worker.login("user_step_up_stale");
    const current = await worker.login("user_step_up_stale");
    const handle = (await listSessions(worker, current)).find((session) => !session.current)!.handle;
    worker.clock.advance(301_000);

    const others = await worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: sameOrigin(current) });
    const one = await worker.fetch(`/_session/sessions/${handle}`, { method: "DELETE", headers: sameOrigin(current) });
    const form = await worker.fetch("/_session/devices/sign-out-others", { method: "POST", headers: sameOrigin(current) });
    expect(others.status).toBe(403);
    expect(await others.json()).toMatchObject({ error: "reauthentication_required" });
    expect(one.status).toBe(403);
    expect(form.headers.get("location")).toBe("/_session/devices?notice=reauthenticate");
    expect(await isAuthenticated(worker, other)).toBe(true);

    const self = await worker.fetch(`/_session/sessions/${(await listSessions(worker, current)).find((session) => session.current)!.handle}`, {
      method: "DELETE",
      headers: sameOrigin(current),
    });
    expect(self.status).toBe(204);
  });
});
