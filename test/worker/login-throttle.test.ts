import { describe, expect, inject, it } from "vitest";
import { chunkedBody, echoedRequest, TestWorker } from "./support.ts";

const LIMITS = { LOGIN_PATHS: "/login", LOGIN_LIMIT_PER_IP: "5/60", LOGIN_LIMIT_PER_ACCOUNT: "3/60" };

function loginAttempt(email: string, ip: string): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": ip },
    body: JSON.stringify({ email, password: "wrong password" }),
  };
}

function uniqueIp(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(2));
  return `198.18.${bytes[0]}.${bytes[1]}`;
}

function uniqueEmail(): string {
  return `${crypto.randomUUID()}@example.com`;
}

describe("login throttling", () => {
  it("limits attempts per account", async () => {
    const worker = new TestWorker(LIMITS);
    const email = uniqueEmail();
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await worker.fetch("/login?user=nobody", loginAttempt(email, uniqueIp()));
      expect(response.status, `attempt ${attempt}`).toBe(200);
      await response.body?.cancel();
    }
    const limited = await worker.fetch("/login?user=nobody", loginAttempt(` ${email.toUpperCase()} `, uniqueIp()));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });

  it("limits attempts per client IP", async () => {
    const worker = new TestWorker(LIMITS);
    const ip = uniqueIp();
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await worker.fetch("/login?user=nobody", loginAttempt(uniqueEmail(), ip));
      expect(response.status, `attempt ${attempt}`).toBe(200);
      await response.body?.cancel();
    }
    expect((await worker.fetch("/login?user=nobody", loginAttempt(uniqueEmail(), ip))).status).toBe(429);
  });

  it("answers alike for known and unknown accounts", async () => {
    const worker = new TestWorker(LIMITS);
    const responses: Response[] = [];
    for (const email of ["alice@example.com", uniqueEmail()]) {
      const unique = email.startsWith("alice") ? `${crypto.randomUUID()}-alice@example.com` : email;
      let last: Response | undefined;
      for (let attempt = 0; attempt < 4; attempt++) last = await worker.fetch("/login?user=x", loginAttempt(unique, uniqueIp()));
      responses.push(last!);
    }
    const [first, second] = responses;
    expect(first!.status).toBe(429);
    expect(second!.status).toBe(429);
    expect(await first!.text()).toBe(await second!.text());
    expect([...first!.headers.keys()].sort()).toEqual([...second!.headers.keys()].sort());
  });

  it("forwards the login body unchanged", async () => {
    const worker = new TestWorker(LIMITS);
    const init = loginAttempt(uniqueEmail(), uniqueIp());
    const response = await worker.fetch("/login?user=user_throttle_body", init);
    expect((await echoedRequest(response)).body).toBe(init.body);
  });

  it("reads the account from a form body", async () => {
    const worker = new TestWorker(LIMITS);
    const email = uniqueEmail();
    const form = (ip: string): RequestInit => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": ip },
      body: new URLSearchParams({ email, password: "x" }).toString(),
    });
    for (let attempt = 0; attempt < 3; attempt++) await (await worker.fetch("/login?user=x", form(uniqueIp()))).body?.cancel();
    expect((await worker.fetch("/login?user=x", form(uniqueIp()))).status).toBe(429);
  });

  it("throttles only POSTs to login paths", async () => {
    const worker = new TestWorker({ ...LIMITS, LOGIN_LIMIT_PER_IP: "1/60" });
    const ip = uniqueIp();
    await (await worker.fetch("/login?user=x", loginAttempt(uniqueEmail(), ip))).body?.cancel();
    expect((await worker.fetch("/login?user=x", { headers: { "cf-connecting-ip": ip } })).status).toBe(200);
    expect((await worker.fetch("/other", loginAttempt(uniqueEmail(), ip))).status).toBe(200);
    expect((await worker.fetch("/login?user=x", loginAttempt(uniqueEmail(), ip))).status).toBe(429);
  });

  it("rejects an oversized login body", async () => {
    const worker = new TestWorker(LIMITS);
    const response = await worker.fetch("/login?user=x", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": uniqueIp() },
      body: JSON.stringify({ email: "a@example.com", password: "x".repeat(20_000) }),
    });
    expect(response.status).toBe(413);
  });

  it("rejects an oversized body sent without a length", async () => {
    const worker = new TestWorker(LIMITS);
    const response = await worker.fetch("/login?user=x", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": uniqueIp() },
      body: chunkedBody(JSON.stringify({ email: "a@example.com", password: "x".repeat(20_000) })),
    });
    expect(response.status).toBe(413);
  });

  it("fails closed when the store is down", async () => {
    const worker = new TestWorker({ ...LIMITS, UPSTASH_REDIS_REST_URL: inject("closedStoreUrl") });
    const response = await worker.fetch("/login?user=x", loginAttempt(uniqueEmail(), uniqueIp()));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).not.toBeNull();
  });
});
