import { base64url, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

import { AUDIENCE, bearer, createSigningKey, createTestApp, ISSUER, signAccessToken, type SigningKey } from "./fixtures.ts";

let key: SigningKey;
let otherKey: SigningKey;

beforeAll(async () => {
  key = await createSigningKey();
  otherKey = await createSigningKey();
});

async function requestMe(authorization: string | undefined) {
  const app = createTestApp(key);
  const init = authorization === undefined ? {} : { headers: { Authorization: authorization } };
  return app.request("/me", init);
}

async function expectRejected(authorization: string | undefined, reason: string) {
  const response = await requestMe(authorization);

  expect(response.status).toBe(401);
  expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer\b/);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.json()).toEqual({ error: reason });
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe("GET /me", () => {
  it("valid token returns its claims", async () => {
    const token = await signAccessToken(key);
    const app = createTestApp(key);

    const response = await app.request("/me", bearer(token));
    const claims = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(claims.sub).toBe("user_alice");
    expect(claims.sid).toBe("sess_public_handle");
    expect(claims.org).toBe("org_acme");
    expect(claims.iss).toBe(ISSUER);
    expect(claims.aud).toBe(AUDIENCE);
    expect(claims.jti).toBe("token-id-1");
    expect(typeof claims.auth_time).toBe("number");
    expect(typeof claims.exp).toBe("number");
  });

  it("lowercase bearer scheme is accepted", async () => {
    const token = await signAccessToken(key);

    const response = await requestMe(`bearer ${token}`);

    expect(response.status).toBe(200);
  });

  it("EdDSA token is accepted", async () => {
    const { privateKey, publicKey } = await generateKeyPair("Ed25519");
    const publicJwk = { ...(await exportJWK(publicKey)), kid: "ed-key", alg: "EdDSA" };
    const app = createTestApp(key, { keySet: createLocalJWKSet({ keys: [publicJwk] }) });
    const token = await new SignJWT({ sub: "user_bob", sid: "sess_2" })
      .setProtectedHeader({ alg: "EdDSA", typ: "access+jwt", kid: "ed-key" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("60s")
      .sign(privateKey);

    const response = await app.request("/me", bearer(token));

    expect(response.status).toBe(200);
    expect(((await response.json()) as { sub: string }).sub).toBe("user_bob");
  });

  it("missing token is 401 without error code", async () => {
    const response = await requestMe(undefined);

    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect(await response.json()).toEqual({ error: "missing access token" });
  });

  it("non-Bearer scheme counts as missing", async () => {
    const response = await requestMe("Basic YWxpY2U6cGFzc3dvcmQ=");

    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
  });

  it("invalid token sets invalid_token", async () => {
    const response = await requestMe("Bearer not-a-jwt");

    expect(response.headers.get("WWW-Authenticate")).toBe('Bearer error="invalid_token"');
  });

  it("expired token is rejected", async () => {
    const now = nowSeconds();
    const token = await signAccessToken(key, { claims: { iat: now - 120, exp: now - 60 } });

    await expectRejected(`Bearer ${token}`, "access token expired");
  });

  it("expiry within clock tolerance passes", async () => {
    const now = nowSeconds();
    const token = await signAccessToken(key, { claims: { iat: now - 62, exp: now - 2 } });

    const response = await requestMe(`Bearer ${token}`);

    expect(response.status).toBe(200);
  });

  it("wrong audience is rejected", async () => {
    const token = await signAccessToken(key, { claims: { aud: "another-origin" } });

    await expectRejected(`Bearer ${token}`, 'invalid "aud" claim in access token');
  });

  it("wrong issuer is rejected", async () => {
    const token = await signAccessToken(key, { claims: { iss: "someone-else" } });

    await expectRejected(`Bearer ${token}`, 'invalid "iss" claim in access token');
  });

  it("wrong typ header is rejected", async () => {
    for (const typ of ["JWT", "at+jwt"]) {
      const token = await signAccessToken(key, { header: { typ } });
      await expectRejected(`Bearer ${token}`, 'unexpected access token typ header, expected "access+jwt"');
    }
  });

  it("alg none is rejected", async () => {
    const now = nowSeconds();
    const token = new UnsecuredJWT({ sub: "user_alice", sid: "sess_1", iat: now, exp: now + 60 })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .encode();

    await expectRejected(`Bearer ${token}`, "access token algorithm not allowed, expected one of ES256, EdDSA");
  });

  it("HS256 token is rejected", async () => {
    const token = await new SignJWT({ sub: "user_alice", sid: "sess_1" })
      .setProtectedHeader({ alg: "HS256", typ: "access+jwt", kid: "test-key-1" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime("60s")
      .sign(new TextEncoder().encode("a-shared-secret-of-at-least-32-bytes!"));

    await expectRejected(`Bearer ${token}`, "access token algorithm not allowed, expected one of ES256, EdDSA");
  });

  it("signature from another key is rejected", async () => {
    const token = await signAccessToken(otherKey);

    await expectRejected(`Bearer ${token}`, "invalid access token signature");
  });

  it("tampered payload is rejected", async () => {
    const token = await signAccessToken(key);
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
    const forged = base64url.encode(JSON.stringify({ ...claims, sub: "user_bob" }));

    await expectRejected(`Bearer ${header}.${forged}.${signature}`, "invalid access token signature");
  });

  it("unknown key id is rejected", async () => {
    const token = await signAccessToken(key, { header: { kid: "rotated-away" } });

    await expectRejected(`Bearer ${token}`, "no single key in the key set matches the access token's kid and alg");
  });

  it("garbage tokens are rejected", async () => {
    for (const token of ["garbage", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30", "...", "e30.e30.e30"]) {
      const response = await requestMe(`Bearer ${token}`);
      expect(response.status, token).toBe(401);
      expect(await response.json(), token).toEqual({ error: "malformed access token" });
    }
  });

  it("malformed Authorization header is rejected", async () => {
    for (const header of ["Bearer", "Bearer ", "Bearer two tokens", "Bearer tok\u00e9n"]) {
      await expectRejected(header, "malformed Authorization header, expected Bearer <token>");
    }
  });

  it("missing required claims are rejected", async () => {
    for (const claim of ["sub", "sid", "exp"]) {
      const token = await signAccessToken(key, { omit: [claim] });
      await expectRejected(`Bearer ${token}`, `access token is missing the "${claim}" claim`);
    }
  });

  it("claims of wrong type are rejected", async () => {
    const cases: Array<[string, unknown]> = [
      ["sub", 42],
      ["sid", ""],
      ["org", ["org_acme"]],
      ["auth_time", "yesterday"],
    ];

    for (const [claim, value] of cases) {
      const token = await signAccessToken(key, { claims: { [claim]: value } });
      await expectRejected(`Bearer ${token}`, `invalid "${claim}" claim in access token`);
    }
  });

  it("unavailable key set is 503", async () => {
    const errors: unknown[] = [];
    const app = createTestApp(key, {
      keySet: async () => {
        throw new TypeError("fetch failed");
      },
      logError: (_message, error) => errors.push(error),
    });
    const token = await signAccessToken(key);

    const response = await app.request("/me", bearer(token));

    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toEqual({ error: "could not load the worker's public keys, try again shortly" });
    expect(errors).toHaveLength(1);
  });
});

describe("other routes", () => {
  it("unknown route is 404", async () => {
    const app = createTestApp(key);

    for (const [method, path] of [["GET", "/admin"], ["POST", "/"], ["GET", "/login"]] as const) {
      const response = await app.request(path, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get("Cache-Control"), `${method} ${path}`).toBe("no-store");
    }
  });

  it("request log names user, never token", async () => {
    const entries: unknown[] = [];
    const app = createTestApp(key, { logRequest: (entry) => entries.push(entry) });
    const token = await signAccessToken(key);

    await app.request("/me?debug=1", bearer(token));
    await app.request("/me");

    expect(entries).toEqual([
      { method: "GET", path: "/me", status: 200, userId: "user_alice" },
      { method: "GET", path: "/me", status: 401, userId: undefined },
    ]);
    expect(JSON.stringify(entries)).not.toContain(token);
  });
});
