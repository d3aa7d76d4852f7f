import { describe, expect, it } from "vitest";
import { withSecurityHeaders } from "../../src/http/security-headers.ts";
import { echoedRequest, TestWorker, withSession } from "./support.ts";

const IDENTITY_HEADERS = [
  "X-User-Id", "X-User-Email", "X-Auth-User", "X-Forwarded-User", "X-Remote-User", "Remote-User",
  "X-Authenticated-User", "Session-Control", "Authorization",
];
const IP_HEADERS = ["X-Forwarded-For", "X-Real-IP", "Forwarded", "True-Client-IP", "X-Client-IP"];

function variantsOf(name: string): string[] {
  return [name, name.toLowerCase(), name.toUpperCase(), name.replaceAll("-", "_")];
}

describe("request header boundary", () => {
  it("drops forged identity headers without a session", async () => {
    const worker = new TestWorker();
    for (const header of IDENTITY_HEADERS) {
      for (const name of variantsOf(header)) {
        const response = await worker.fetch("/echo", { headers: { [name]: "user_b" } });
        const received = JSON.stringify((await echoedRequest(response)).headers).toLowerCase();
        expect(received, name).not.toContain("user_b");
      }
    }
  });

  it("forwards exactly one identity with a session", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_a");
    const forged = new Headers();
    for (const header of IDENTITY_HEADERS) forged.append(header.replaceAll("-", "_"), "user_b");
    forged.append("X-User-Id", "user_b");
    forged.append("X-User-Id", "user_c");
    forged.append("Authorization", "Bearer forged");
    forged.append("cookie", `__Host-sid=${sessionId}`);

    const response = await worker.fetch("/echo", { headers: forged });
    const headers = (await echoedRequest(response)).headers;
    expect(String(headers.authorization)).toMatch(/^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.stringify(headers)).not.toContain("user_b");
    expect(JSON.stringify(headers)).not.toContain("user_c");
  });

  it("sets the client IP from CF-Connecting-IP only", async () => {
    const worker = new TestWorker();
    const forged: Record<string, string> = { "cf-connecting-ip": "203.0.113.9" };
    for (const header of IP_HEADERS) forged[header] = "198.51.100.66";
    const response = await worker.fetch("/echo", { headers: forged });
    const headers = (await echoedRequest(response)).headers;

    expect(headers["x-forwarded-for"]).toBe("203.0.113.9");
    expect(JSON.stringify(headers)).not.toContain("198.51.100.66");
  });

  it("keeps the token when Connection names it", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_connection");
    const response = await worker.fetch("/echo", {
      headers: withSession(sessionId, { connection: "close, authorization, x-forwarded-for", "cf-connecting-ip": "203.0.113.10" }),
    });
    const headers = (await echoedRequest(response)).headers;
    expect(String(headers.authorization)).toMatch(/^Bearer eyJ/);
    expect(headers["x-forwarded-for"]).toBe("203.0.113.10");
  });

  it("drops configured protected headers", async () => {
    const worker = new TestWorker({ PROTECTED_REQUEST_HEADERS: "X-Tenant-Id, X-Role" });
    const response = await worker.fetch("/echo", { headers: { "x-tenant-id": "t1", x_role: "admin", "x-other": "kept" } });
    const headers = (await echoedRequest(response)).headers;
    expect(headers["x-tenant-id"]).toBeUndefined();
    expect(headers.x_role).toBeUndefined();
    expect(headers["x-other"]).toBe("kept");
  });

  it("rejects an oversized Cookie header", async () => {
    const worker = new TestWorker();
    for (const size of [8193, 32 * 1024, 100 * 1024]) {
      const response = await worker.fetch("/echo", { headers: { cookie: `big=${"a".repeat(size)}` } });
      expect(response.status, String(size)).toBe(431);
    }
    const manyCookies = Array.from({ length: 200 }, (_, i) => `c${i}=v`).join("; ");
    expect((await worker.fetch("/echo", { headers: { cookie: manyCookies } })).status).toBe(200);
  });

  it("accepts a Cookie header of exactly the limit", async () => {
    const worker = new TestWorker();
    const atLimit = `big=${"a".repeat(8188)}`;
    expect((await worker.fetch("/echo", { headers: { cookie: atLimit } })).status).toBe(200);
    expect((await worker.fetch("/echo", { headers: { cookie: `${atLimit}a` } })).status).toBe(431);
  });

  it("ignores a session ID outside the cookie", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_sid_elsewhere");
    const attempts: Array<[string, RequestInit]> = [
      [`/echo?sid=${sessionId}`, {}],
      ["/echo", { method: "POST", body: `sid=${sessionId}`, headers: { "content-type": "application/x-www-form-urlencoded" } }],
      ["/echo", { headers: { authorization: `Bearer ${sessionId}` } }],
      ["/echo", { headers: { "x-session-id": sessionId } }],
    ];
    for (const [path, init] of attempts) {
      const response = await worker.fetch(path, init);
      const authorization = (await echoedRequest(response)).headers.authorization;
      expect(authorization, path).toBeUndefined();
    }
  });
});

describe("response header boundary", () => {
  it("never returns the token to the client", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_no_leak");
    const response = await worker.fetch("/leak", { headers: withSession(sessionId) });
    const body = await response.text();
    const token = String(JSON.parse(body).headers.authorization).replace(/^Bearer /, "");
    // The origin chose to echo the token in its body (its business); no header carries it.
    for (const [name, value] of response.headers) expect(value, name).not.toContain(token);
  });

  it("adds HSTS to HTTPS responses only", async () => {
    const worker = new TestWorker();
    const https = await worker.fetchUrl("https://app.example/echo");
    const http = await worker.fetch("/echo");
    expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(http.headers.get("strict-transport-security")).toBeNull();
    const off = await new TestWorker({ HSTS_MAX_AGE_SECONDS: "0" }).fetchUrl("https://app.example/echo");
    expect(off.headers.get("strict-transport-security")).toBeNull();
  });

  it("adds HSTS in place, and to a copy when the headers are immutable", () => {
    const mutable = new Response("body", { headers: { "x-kept": "1" } });
    expect(withSecurityHeaders(mutable, "https://app.example/", 60)).toBe(mutable);
    expect(mutable.headers.get("strict-transport-security")).toBe("max-age=60; includeSubDomains");

    // Response.redirect() has immutable headers, like a response passed on from fetch().
    const immutable = Response.redirect("https://app.example/next", 302);
    const secured = withSecurityHeaders(immutable, "https://app.example/", 60);
    expect(secured).not.toBe(immutable);
    expect(secured.status).toBe(302);
    expect(secured.headers.get("location")).toBe("https://app.example/next");
    expect(secured.headers.get("strict-transport-security")).toBe("max-age=60; includeSubDomains");
  });

  it("clears cached pages at logout", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_clear_site");
    const response = await worker.fetch("/logout", { method: "POST", headers: withSession(sessionId) });
    expect(response.headers.get("clear-site-data")).toBe('"cache"');
  });
});

describe("same-origin check on proxied requests", () => {
  it("is off by default", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/echo", { method: "POST", headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(200);
  });

  it("rejects cross-origin unsafe requests when on", async () => {
    const worker = new TestWorker({ CHECK_ORIGIN_ON_PROXIED_REQUESTS: "true" });
    const crossOrigin = await worker.fetch("/echo", { method: "POST", headers: { origin: "https://evil.example" } });
    const sameOrigin = await worker.fetch("/echo", { method: "POST", headers: { origin: "http://127.0.0.1:8787" } });
    const safe = await worker.fetch("/echo", { headers: { origin: "https://evil.example" } });
    expect(crossOrigin.status).toBe(403);
    expect(sameOrigin.status).toBe(200);
    expect(safe.status).toBe(200);
  });
});
