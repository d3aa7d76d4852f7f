import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { describe, expect, inject, it } from "vitest";
import { echoedRequest, TestWorker, withSession } from "./support.ts";

async function jwksOf(worker: TestWorker): Promise<JSONWebKeySet> {
  const response = await worker.fetch("/_session/jwks.json");
  return (await response.json()) as JSONWebKeySet;
}

describe("forwarding to the origin", () => {
  it("sends a token that verifies against the JWKS", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_claims");
    const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
    const token = String((await echoedRequest(response)).headers.authorization).replace(/^Bearer /, "");

    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(await jwksOf(worker)), {
      issuer: "edge-sessions",
      audience: "demo-origin",
      typ: "access+jwt",
      algorithms: ["ES256"],
    });
    expect(protectedHeader.kid).toBe("test-key-1");
    expect(Object.keys(protectedHeader).sort()).toEqual(["alg", "kid", "typ"]);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(1024);
    expect(payload.sub).toBe("user_claims");
    expect(payload.sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(payload.sid).not.toBe(sessionId);
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(payload.iat).toBe(Math.floor(worker.clock.now / 1000));
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(typeof payload.auth_time).toBe("number");
    expect(payload.org).toBeUndefined();
  });

  it("reuses a token until near expiry", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_token_reuse");
    const tokenAt = async (): Promise<string> => {
      const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
      return String((await echoedRequest(response)).headers.authorization);
    };
    const first = await tokenAt();
    worker.clock.advance(10_000);
    expect(await tokenAt()).toBe(first);
    // 60 s tokens are reused while more than 30 s of their lifetime is left.
    worker.clock.advance(21_000);
    const second = await tokenAt();
    expect(second).not.toBe(first);
    const payload = JSON.parse(atob(second.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/"))) as { exp: number };
    expect(payload.exp * 1000 - worker.clock.now).toBeGreaterThan(30_000);
  });

  it("gives each session its own token", async () => {
    const worker = new TestWorker();
    const first = await worker.login("user_token_own");
    const second = await worker.login("user_token_own");
    const tokens = new Set<string>();
    for (const sessionId of [first, second]) {
      const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
      tokens.add(String((await echoedRequest(response)).headers.authorization));
    }
    expect(tokens.size).toBe(2);
  });

  it("sends no cached token after revocation", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_token_revoked");
    await worker.fetch("/echo", { headers: withSession(sessionId) });
    await worker.fetch("/_session/logout", { method: "POST", headers: withSession(sessionId, { origin: "http://127.0.0.1:8787" }) });
    const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
    expect((await echoedRequest(response)).headers.authorization).toBeUndefined();
  });

  it("signs with EdDSA when the key is Ed25519", async () => {
    const { exportJWK, generateKeyPair } = await import("jose");
    const { privateKey } = await generateKeyPair("EdDSA", { extractable: true, crv: "Ed25519" });
    const key = JSON.stringify({ ...(await exportJWK(privateKey)), kid: "ed-1", alg: "EdDSA" });
    const worker = new TestWorker({ SIGNING_KEY: key });
    const sessionId = await worker.login("user_eddsa");
    const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
    const token = String((await echoedRequest(response)).headers.authorization).replace(/^Bearer /, "");

    expect(decodeProtectedHeader(token).alg).toBe("EdDSA");
    const { payload } = await jwtVerify(token, createLocalJWKSet(await jwksOf(worker)), { audience: "demo-origin" });
    expect(payload.sub).toBe("user_eddsa");
  });

  it("uses a configured token header without Bearer", async () => {
    const worker = new TestWorker({ ACCESS_TOKEN_HEADER: "X-Access-Token" });
    const sessionId = await worker.login("user_header");
    const response = await worker.fetch("/echo", { headers: withSession(sessionId, { "x-access-token": "forged" }) });
    const echoed = await echoedRequest(response);
    expect(String(echoed.headers["x-access-token"])).toMatch(/^eyJ/);
    expect(echoed.headers.authorization).toBeUndefined();
  });

  it("sends no token without a session", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/echo");
    expect((await echoedRequest(response)).headers.authorization).toBeUndefined();
  });

  it("strips forged identity and control headers", async () => {
    const worker = new TestWorker();
    const forged = [
      ["Authorization", "Bearer forged"],
      ["Session-Control", '{"action":"login","user":"mallory"}'],
      ["Session_Control", '{"action":"login","user":"mallory"}'],
      ["AUTHORIZATION_", "x"],
    ];
    for (const [name, value] of forged) {
      const response = await worker.fetch("/echo", { headers: { [name!]: value! } });
      const headers = (await echoedRequest(response)).headers;
      expect(headers.authorization, name).toBeUndefined();
      expect(headers["session-control"], name).toBeUndefined();
      expect(headers.session_control, name).toBeUndefined();
    }
  });

  it("replaces a forged token with the real one", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_forged");
    const response = await worker.fetch("/echo", { headers: withSession(sessionId, { authorization: "Bearer forged" }) });
    const value = String((await echoedRequest(response)).headers.authorization);
    expect(value).toMatch(/^Bearer eyJ/);
    expect(value).not.toContain("forged");
  });

  it("drops headers that Connection names", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/echo", { headers: { connection: "x-request-id, keep-alive", "x-request-id": "abc", "x-other": "kept" } });
    const headers = (await echoedRequest(response)).headers;
    expect(headers["x-request-id"]).toBeUndefined();
    expect(headers["x-other"]).toBe("kept");
  });

  it("removes the session cookie and keeps others", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_cookie_strip");
    const response = await worker.fetch("/echo", { headers: { cookie: `theme=dark; __Host-sid=${sessionId}; lang=en` } });
    const echoed = await echoedRequest(response);
    expect(echoed.headers.cookie).toBe("theme=dark; lang=en");
    expect(JSON.stringify(echoed)).not.toContain(sessionId);
  });

  it("sends no Cookie header when only the session cookie was set", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_cookie_only");
    const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
    expect((await echoedRequest(response)).headers.cookie).toBeUndefined();
  });

  it("preserves method, path, query and body", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/orders/42?sort=desc&x=%20y", {
      method: "PATCH",
      headers: { "content-type": "application/json", "x-custom": "1" },
      body: JSON.stringify({ status: "shipped", note: "héllo ✓" }),
    });
    const echoed = await echoedRequest(response);
    expect(echoed.method).toBe("PATCH");
    expect(echoed.path).toBe("/orders/42?sort=desc&x=%20y");
    expect(echoed.body).toBe(JSON.stringify({ status: "shipped", note: "héllo ✓" }));
    expect(echoed.headers["x-custom"]).toBe("1");
  });

  it("streams a request body to the origin", async () => {
    const worker = new TestWorker();
    const chunks = ["first,", "second,", "third"];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const response = await worker.fetch("/upload", { method: "POST", body: stream, headers: { "content-type": "text/plain" } });
    expect((await echoedRequest(response)).body).toBe(chunks.join(""));
  });

  it("keeps a double-slash path on the origin", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("//evil.example/steal?q=1");
    const echoed = await echoedRequest(response);
    expect(echoed.path).toBe("//evil.example/steal?q=1");
    expect(echoed.headers.host).toBe(new URL(inject("originUrl")).host);
  });

  it("removes protected headers from origin responses", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_leak");
    const response = await worker.fetch("/leak", { headers: withSession(sessionId) });
    expect(response.headers.get("authorization")).toBeNull();
    expect(response.headers.get("session_control")).toBeNull();
    // The echoed Session_Control logout must not have been applied either.
    const after = await worker.fetch("/echo", { headers: withSession(sessionId) });
    expect((await echoedRequest(after)).headers.authorization).toMatch(/^Bearer /);
  });

  it("marks authenticated responses private", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_cache");
    const authenticated = await worker.fetch("/echo", { headers: withSession(sessionId) });
    expect(authenticated.headers.get("cache-control")).toBe("private, no-store");
    const anonymous = await worker.fetch("/echo");
    expect(anonymous.headers.get("cache-control")).toBeNull();
  });

  it("returns 502 when the origin is unreachable", async () => {
    const worker = new TestWorker({ ORIGIN_URL: inject("closedStoreUrl") });
    const response = await worker.fetch("/echo");
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: "bad_gateway" });
  });
});

describe("JWKS route", () => {
  it("publishes only the public key", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/_session/jwks.json");
    const jwks = (await response.json()) as JSONWebKeySet;

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("max-age=300");
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kid: "test-key-1", alg: "ES256", use: "sig", kty: "EC", crv: "P-256" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("serves under a configured prefix", async () => {
    const worker = new TestWorker({ ROUTE_PREFIX: "/auth/edge" });
    expect((await worker.fetch("/auth/edge/jwks.json")).status).toBe(200);
    const forwarded = await worker.fetch("/_session/jwks.json");
    expect((await echoedRequest(forwarded)).path).toBe("/_session/jwks.json");
  });

  it("answers unknown worker routes with 404", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/_session/unknown");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not_found" });
  });
});

describe("deployed entry point", () => {
  it("logs in and forwards through the default export", async () => {
    const { exports } = await import("cloudflare:workers");
    const entry = (exports as unknown as { default: Fetcher }).default;
    const login = await entry.fetch("http://127.0.0.1:8787/login?user=user_entry", { method: "POST" });
    await login.body?.cancel();
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;

    const response = await entry.fetch("http://127.0.0.1:8787/echo", { headers: { cookie } });
    const token = String((await echoedRequest(response)).headers.authorization).replace(/^Bearer /, "");
    const { payload } = await jwtVerify(token, createLocalJWKSet(await (await entry.fetch("http://127.0.0.1:8787/_session/jwks.json")).json()), {
      audience: "demo-origin",
      issuer: "edge-sessions",
    });
    expect(payload.sub).toBe("user_entry");
  });
});
