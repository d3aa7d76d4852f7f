import { describe, expect, it } from "vitest";
import { TestWorker, withSession } from "./support.ts";

describe("smoke", () => {
  it("logs in and forwards a token", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_1");
    const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
    const body = (await response.json()) as { headers: Record<string, string> };
    expect(response.status).toBe(200);
    expect(body.headers.authorization).toMatch(/^Bearer /);
  });
});
