import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { echoedRequest, TestWorker, WORKER_URL, withSession } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

function captureLogs(): () => string[] {
  const lines: string[] = [];
  for (const method of ["log", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
  }
  return () => lines;
}

describe("log lines", () => {
  it("hold no session ID, token or store secret", async () => {
    const logs = captureLogs();
    const worker = new TestWorker();
    const sessionId = await worker.login("user_logs", { headers: { "user-agent": 'evil" {"level":"info","forged":true} \\u2028' } });
    const other = await worker.login("user_logs");
    const echoed = await echoedRequest(await worker.fetch("/echo", { headers: withSession(sessionId) }));
    const token = String(echoed.headers.authorization).replace(/^Bearer /, "");
    await worker.fetch("/_session/sessions/revoke-others", { method: "POST", headers: withSession(sessionId, { origin: WORKER_URL }) });
    await worker.fetch("/_session/logout", { method: "POST", headers: withSession(sessionId, { origin: WORKER_URL }) });
    await new TestWorker({ UPSTASH_REDIS_REST_URL: inject("closedStoreUrl") }).fetch("/echo", { headers: withSession(other) });

    const lines = logs();
    const events = lines.map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(expect.arrayContaining(["session.created", "session.revoked", "session.ended", "store.error"]));
    const text = lines.join("\n");
    for (const secret of [sessionId, other, token, inject("restToken")]) expect(text).not.toContain(secret);
    // Every event is one JSON object on one line, whatever the client sent.
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  it("name the handle and user of each event", async () => {
    const logs = captureLogs();
    const worker = new TestWorker();
    await worker.login("user_log_fields");
    const created = logs().map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.event === "session.created");
    expect(created).toMatchObject({ level: "info", user: "user_log_fields" });
    expect(String(created?.session)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
