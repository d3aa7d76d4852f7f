import { describe, expect, it } from "vitest";
import { COOKIE_NAME, countedStoreUrl, storeRequestCount, TestWorker, uniqueLabel, withSession } from "./support.ts";

function countedWorker(label: string): TestWorker {
  return new TestWorker({ UPSTASH_REDIS_REST_URL: countedStoreUrl(label) });
}

describe("store requests per request", () => {
  it("costs one request per validated request", async () => {
    const label = uniqueLabel();
    const worker = countedWorker(label);
    const sessionId = await worker.login("user_count");
    const afterLogin = await storeRequestCount(label);

    for (let i = 0; i < 5; i++) {
      worker.clock.advance(2 * 60_000); // past the activity refresh interval, so each request also slides
      const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
      await response.body?.cancel();
    }
    expect(await storeRequestCount(label)).toBe(afterLogin + 5);
  });

  it("costs one request for a login", async () => {
    const label = uniqueLabel();
    const worker = countedWorker(label);
    await worker.login("user_count_login");
    expect(await storeRequestCount(label)).toBe(1);
  });

  it("costs one request for the devices page", async () => {
    const label = uniqueLabel();
    const worker = countedWorker(label);
    const sessionId = await worker.login("user_count_devices");
    await worker.login("user_count_devices");
    const afterLogins = await storeRequestCount(label);

    const page = await worker.fetch("/_session/devices", { headers: withSession(sessionId) });
    expect(page.status).toBe(200);
    await page.body?.cancel();
    expect(await storeRequestCount(label)).toBe(afterLogins + 1);
  });

  it("costs nothing without a session cookie", async () => {
    const label = uniqueLabel();
    const worker = countedWorker(label);
    const response = await worker.fetch("/echo", { headers: { cookie: "theme=dark" } });
    await response.body?.cancel();
    expect(await storeRequestCount(label)).toBe(0);
  });

  it("costs nothing for a malformed cookie", async () => {
    const label = uniqueLabel();
    const worker = countedWorker(label);
    for (const value of ["short", "A".repeat(44), `${"A".repeat(42)}B`, "../../etc", "%00"]) {
      const response = await worker.fetch("/echo", { headers: { cookie: `${COOKIE_NAME}=${value}` } });
      await response.body?.cancel();
    }
    expect(await storeRequestCount(label)).toBe(0);
  });
});
