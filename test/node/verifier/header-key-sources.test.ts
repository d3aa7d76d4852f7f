import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ERROR_CODES } from "../../../verifier/index.ts";
import { startCanaryServer, type CanaryServer } from "./canary-server.ts";
import { createTestKey, createTestKeys, createTestVerifier, expectRejected, signToken, workerHeader, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
let canary: CanaryServer;
beforeAll(async () => {
  keys = await createTestKeys();
  canary = await startCanaryServer();
});
afterAll(async () => {
  await canary.close();
});

// A truncated certificate is enough, because the parameter is rejected before its value is read.
const CERTIFICATE_CHAIN = ["MIIBszCCAVmgAwIBAgIUAAAAAAAAAAAAAAAAAAAAAAAAAAAwCgYIKoZIzj0EAwIwADAeFw0yNjAxMDEwMDAwMDBaFw0yNzAxMDEwMDAwMDBa"];

describe("key sources in the header", () => {
  it("rejects an embedded jwk of the signer", async () => {
    const verify = createTestVerifier(keys.jwks);
    const attacker = await createTestKey("ES256", keys.es256.signingKey.kid);
    const token = await signToken(attacker, { ...workerHeader(attacker), jwk: attacker.signingKey.publicJwk });

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "jwk");
  });

  it("rejects an embedded jwk of our key", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = await signToken(keys.es256, { ...workerHeader(keys.es256), jwk: keys.es256.signingKey.publicJwk });

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "jwk");
  });

  it("never fetches jku or x5u", async () => {
    const verify = createTestVerifier(keys.jwks);
    const attacker = await createTestKey("ES256", "attacker-key");

    for (const parameter of ["jku", "x5u"]) {
      for (const signer of [attacker, keys.es256]) {
        const header = { ...workerHeader(signer), [parameter]: `${canary.url}/${parameter}.json` };
        const token = await signToken(signer, header);
        await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, parameter);
      }
    }

    expect(canary.requests).toEqual([]);
  });

  it("rejects an x5c certificate chain", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = await signToken(keys.es256, { ...workerHeader(keys.es256), x5c: CERTIFICATE_CHAIN });

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "x5c");
  });
});

describe("kid header", () => {
  it("rejects an unknown kid", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = await signToken(keys.es256, { ...workerHeader(keys.es256), kid: "unknown-key" });

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "kid");
  });

  it("rejects path and SQL injection kids", async () => {
    const verify = createTestVerifier(keys.jwks);

    // Both are printable ASCII, so they reach the key set, which finds no such key.
    for (const kid of ["../../../../dev/null", "' OR '1'='1"]) {
      const token = await signToken(keys.es256, { ...workerHeader(keys.es256), kid });
      await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "kid");
    }
  });

  it("rejects kids that are not printable ASCII", async () => {
    const verify = createTestVerifier(keys.jwks);
    const kids: unknown[] = ["", "a".repeat(129), "key id", "key\u0000", "kéy", 42, null, ["test-es256"]];

    for (const kid of kids) {
      const token = await signToken(keys.es256, { ...workerHeader(keys.es256), kid });
      await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "kid");
    }
  });

  it("rejects a missing kid", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { kid: _kid, ...header } = workerHeader(keys.es256);
    const token = await signToken(keys.es256, header);

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "kid");
  });

  it("rejects a 10 KB kid", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = await signToken(keys.es256, { ...workerHeader(keys.es256), kid: "k".repeat(10 * 1024) });

    // The token exceeds the size limit before the kid is read.
    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.malformed, token);
  });

  it("accepts a 128-character kid", async () => {
    const kid = "k".repeat(128);
    const key = await createTestKey("ES256", kid);
    const verify = createTestVerifier({ keys: [key.signingKey.publicJwk] });
    const token = await signToken(key);

    await expect(verify(token)).resolves.toHaveProperty("userId", "user_alice");
  });
});
