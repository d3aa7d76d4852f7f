import { describe, expect, it } from "vitest";
import { COOKIE_NAME, echoedRequest, sessionCookieLine, TestWorker } from "./support.ts";

const CLEARED_COOKIE = `${COOKIE_NAME}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict`;

async function expectAnonymous(worker: TestWorker, cookie: string): Promise<Response> {
  const response = await worker.fetch("/echo", { headers: { cookie } });
  expect(response.status, cookie).toBe(200);
  expect((await echoedRequest(response)).headers.authorization, cookie).toBeUndefined();
  return response;
}

describe("session cookie input", () => {
  it("treats a malformed cookie as no session", async () => {
    const worker = new TestWorker();
    for (const value of ["", "x", "A".repeat(43) + "=", "A".repeat(500), "'; DROP TABLE", '"quoted"', "é".repeat(43)]) {
      const response = await expectAnonymous(worker, `${COOKIE_NAME}=${value}`);
      // The value is never reflected: the only Set-Cookie is the fixed clearing line.
      expect(sessionCookieLine(response), value).toBe(CLEARED_COOKIE);
    }
  });

  it("treats an unknown session ID as no session", async () => {
    const worker = new TestWorker();
    const response = await expectAnonymous(worker, `${COOKIE_NAME}=${"Q".repeat(42)}A`);
    expect(sessionCookieLine(response)).toContain("Max-Age=0");
  });

  it("treats a duplicated cookie as no session", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_duplicate");
    const other = await worker.login("user_duplicate_other");
    await expectAnonymous(worker, `${COOKIE_NAME}=${sessionId}; ${COOKIE_NAME}=${other}`);
    await expectAnonymous(worker, `${COOKIE_NAME}=${sessionId}; ${COOKIE_NAME}=${sessionId}`);
  });

  it("finds the cookie across merged Cookie lines", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_merged");
    const response = await worker.fetch("/echo", { headers: { cookie: `theme=dark, ${COOKIE_NAME}=${sessionId}` } });
    const echoed = await echoedRequest(response);
    expect(echoed.headers.authorization).toMatch(/^Bearer /);
    expect(echoed.headers.cookie).toBe("theme=dark");
  });

  it("accepts a quoted cookie value", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_quoted");
    const response = await worker.fetch("/echo", { headers: { cookie: `${COOKIE_NAME}="${sessionId}"` } });
    expect((await echoedRequest(response)).headers.authorization).toMatch(/^Bearer /);
  });

  it("ignores a cookie with another name", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_other_name");
    await expectAnonymous(worker, `sid=${sessionId}; __Secure-sid=${sessionId}; __host-sid=${sessionId}`);
  });
});
