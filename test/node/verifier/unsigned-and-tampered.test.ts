import { beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ERROR_CODES } from "../../../verifier/index.ts";
import { createTestKeys, createTestVerifier, encodeText, expectRejected, mintWorkerToken, workerClaims, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});

function splitToken(token: string): [string, string, string] {
  const [header = "", payload = "", signature = ""] = token.split(".");
  return [header, payload, signature];
}

describe("unsigned tokens", () => {
  it.each(["none", "None", "NONE", "nOnE"])("reject alg %s with or without signature", async (alg) => {
    const verify = createTestVerifier(keys.jwks);
    const header = encodeText(JSON.stringify({ alg, typ: "access+jwt", kid: keys.es256.signingKey.kid }));
    const payload = encodeText(JSON.stringify(workerClaims()));
    const { 2: realSignature } = splitToken(await mintWorkerToken(keys.es256));

    // An unsecured JWS has an empty signature, so the trailing-dot form is
    // malformed, and the forms that carry a signature fail on "alg".
    await expectRejected(verify(`${header}.${payload}.`), ACCESS_TOKEN_ERROR_CODES.malformed);
    await expectRejected(verify(`${header}.${payload}`), ACCESS_TOKEN_ERROR_CODES.malformed);
    await expectRejected(verify(`${header}.${payload}.${realSignature}`), ACCESS_TOKEN_ERROR_CODES.invalid, undefined, "alg");
  });
});

describe("tampered signatures", () => {
  it.each(["es256", "eddsa"] as const)("reject a stripped signature (%s)", async (name) => {
    const verify = createTestVerifier(keys.jwks);
    const [header, payload] = splitToken(await mintWorkerToken(keys[name]));

    await expectRejected(verify(`${header}.${payload}.`), ACCESS_TOKEN_ERROR_CODES.malformed);
  });

  it.each(["es256", "eddsa"] as const)("reject an all-zero signature (%s)", async (name) => {
    const verify = createTestVerifier(keys.jwks);
    const [header, payload, signature] = splitToken(await mintWorkerToken(keys[name]));
    const zeros = "A".repeat(signature.length);

    await expectRejected(verify(`${header}.${payload}.${zeros}`), ACCESS_TOKEN_ERROR_CODES.invalid, undefined, "signature");
  });

  it.each(["es256", "eddsa"] as const)("reject a truncated signature (%s)", async (name) => {
    const verify = createTestVerifier(keys.jwks);
    const token = await mintWorkerToken(keys[name]);
    const [header, payload, signature] = splitToken(token);

    // Both signatures are 64 bytes, 86 base64url characters. A length of 4n + 1
    // characters cannot be base64url, so it is malformed rather than invalid.
    expect(signature).toHaveLength(86);
    const cases = [
      { length: 82, code: ACCESS_TOKEN_ERROR_CODES.invalid },
      { length: 85, code: ACCESS_TOKEN_ERROR_CODES.malformed },
      { length: 43, code: ACCESS_TOKEN_ERROR_CODES.invalid },
      { length: 4, code: ACCESS_TOKEN_ERROR_CODES.invalid },
    ];
    for (const { length, code } of cases) {
      const truncated = `${header}.${payload}.${signature.slice(0, length)}`;
      await expectRejected(verify(truncated), code, token);
    }
  });

  it.each(["es256", "eddsa"] as const)("reject a changed payload (%s)", async (name) => {
    const verify = createTestVerifier(keys.jwks);
    const [header, , signature] = splitToken(await mintWorkerToken(keys[name]));
    const payload = encodeText(JSON.stringify({ ...workerClaims(), sub: "user_admin" }));

    await expectRejected(verify(`${header}.${payload}.${signature}`), ACCESS_TOKEN_ERROR_CODES.invalid, undefined, "signature");
  });
});
