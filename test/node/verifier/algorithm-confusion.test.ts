import { createHmac } from "node:crypto";

import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_ERROR_CODES } from "../../../verifier/index.ts";
import { createTestKey, createTestKeys, createTestVerifier, encodeText, expectRejected, signToken, workerClaims, workerHeader, type TestKey, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});

const HMAC_HASHES = { HS256: "sha256", HS384: "sha384", HS512: "sha512" } as const;

/** Signs the worker's claims with HMAC, using `secret` as the MAC key. */
function macToken(alg: keyof typeof HMAC_HASHES, kid: string, secret: Uint8Array | string): string {
  const signingInput = `${encodeText(JSON.stringify({ alg, typ: "access+jwt", kid }))}.${encodeText(JSON.stringify(workerClaims()))}`;
  const mac = createHmac(HMAC_HASHES[alg], secret).update(signingInput).digest("base64url");
  return `${signingInput}.${mac}`;
}

/** Returns the forms in which a public key's bytes could be mistaken for an HMAC secret. */
async function publicKeyForms(key: TestKey): Promise<Record<string, Uint8Array | string>> {
  const der = new Uint8Array(await crypto.subtle.exportKey("spki", key.publicKey));
  const base64 = Buffer.from(der).toString("base64");
  const pem = `-----BEGIN PUBLIC KEY-----\n${base64.match(/.{1,64}/g)?.join("\n")}\n-----END PUBLIC KEY-----\n`;
  return { pem, der, jwkJson: JSON.stringify(key.signingKey.publicJwk) };
}

// The same token must fail in jose alone, with only the algorithm allowlist, so
// the header checks are not the only line of defence.
async function expectJoseRejects(token: string): Promise<void> {
  await expect(jwtVerify(token, createLocalJWKSet(keys.jwks), { algorithms: [...ACCESS_TOKEN_ALGORITHMS] })).rejects.toThrow();
}

describe("algorithm confusion", () => {
  it.each(["es256", "eddsa"] as const)("rejects HMAC keyed with the %s public key", async (name) => {
    const verify = createTestVerifier(keys.jwks);
    const key = keys[name];
    const forms = await publicKeyForms(key);

    for (const alg of Object.keys(HMAC_HASHES) as (keyof typeof HMAC_HASHES)[]) {
      for (const secret of Object.values(forms)) {
        const token = macToken(alg, key.signingKey.kid, secret);
        await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "alg");
        await expectJoseRejects(token);
      }
    }
  });

  it("rejects HS256 with an empty key", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = macToken("HS256", keys.es256.signingKey.kid, new Uint8Array(0));

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "alg");
    await expectJoseRejects(token);
  });

  it.each(["ES256", "EdDSA"] as const)("rejects an unrelated %s key with our kid", async (alg) => {
    const verify = createTestVerifier(keys.jwks);
    const ours = alg === "ES256" ? keys.es256 : keys.eddsa;
    const unrelated = await createTestKey(alg, ours.signingKey.kid);
    const token = await signToken(unrelated);

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "signature");
    await expectJoseRejects(token);
  });

  it("rejects our key under other algorithm labels", async () => {
    const verify = createTestVerifier(keys.jwks);

    for (const alg of ["ES384", "ES512", "PS256", "RS256", "Ed25519", "es256", "EDDSA"]) {
      const token = await signToken(keys.es256, { ...workerHeader(keys.es256), alg });
      await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "alg");
      await expectJoseRejects(token);
    }
  });

  it("rejects an ES256 token under the EdDSA key id", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = await signToken(keys.es256, { ...workerHeader(keys.es256), kid: keys.eddsa.signingKey.kid });

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "kid");
  });
});
