import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JSONWebKeySet, type JWK } from "jose";
import { describe, expect, inject, it } from "vitest";
import { echoedRequest, TestWorker, withSession } from "./support.ts";

async function newKey(kid: string): Promise<{ privateJwk: string; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return {
    privateJwk: JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: "ES256" }),
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256" },
  };
}

async function jwksOf(worker: TestWorker): Promise<JSONWebKeySet> {
  return (await (await worker.fetch("/_session/jwks.json")).json()) as JSONWebKeySet;
}

async function tokenFrom(worker: TestWorker, sessionId: string): Promise<string> {
  const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
  return String((await echoedRequest(response)).headers.authorization).replace(/^Bearer /, "");
}

describe("signing key rotation", () => {
  it("publishes extra keys beside the signing key", async () => {
    const next = await newKey("next-key");
    const worker = new TestWorker({ JWKS_EXTRA_KEYS: JSON.stringify([next.publicJwk]) });
    const jwks = await jwksOf(worker);
    expect(jwks.keys.map((key) => key.kid)).toEqual(["test-key-1", "next-key"]);
    expect(jwks.keys[1]).toMatchObject({ use: "sig", alg: "ES256" });
  });

  it("verifies tokens across a rotation", async () => {
    const current = { privateJwk: inject("signingKey") };
    const next = await newKey("rotation-next");
    const currentPublic = (await jwksOf(new TestWorker())).keys[0]!;

    // Step 1: the next key is published while the current key still signs.
    const before = new TestWorker({ JWKS_EXTRA_KEYS: JSON.stringify([next.publicJwk]) });
    const sessionId = await before.login("user_rotation");
    const oldToken = await tokenFrom(before, sessionId);

    // Step 2: the next key signs; the retired key stays published.
    const after = new TestWorker({ SIGNING_KEY: next.privateJwk, JWKS_EXTRA_KEYS: JSON.stringify([currentPublic]) });
    const newToken = await tokenFrom(after, sessionId);

    // An origin holding either published set verifies both tokens.
    for (const jwks of [await jwksOf(before), await jwksOf(after)]) {
      const keySet = createLocalJWKSet(jwks);
      for (const token of [oldToken, newToken]) {
        const { payload } = await jwtVerify(token, keySet, { audience: "demo-origin", issuer: "edge-sessions" });
        expect(payload.sub).toBe("user_rotation");
      }
    }
    expect(current.privateJwk).not.toBe(next.privateJwk);
  });

  it("rejects unusable extra keys", async () => {
    const next = await newKey("dup");
    const invalid = [
      "not json",
      "{}",
      JSON.stringify([{ ...next.publicJwk, d: "AAAA" }]),
      JSON.stringify([{ kty: "oct", k: "c2VjcmV0", kid: "h", alg: "HS256" }]),
      JSON.stringify([{ ...next.publicJwk, kid: "test-key-1" }]),
      JSON.stringify([next.publicJwk, next.publicJwk]),
      JSON.stringify([{ ...next.publicJwk, alg: "ES384" }]),
      JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ ...next.publicJwk, kid: `k${i}` }))),
    ];
    for (const value of invalid) {
      const response = await new TestWorker({ JWKS_EXTRA_KEYS: value }).fetch("/echo");
      expect(response.status, value.slice(0, 40)).toBe(500);
    }
  });
});
