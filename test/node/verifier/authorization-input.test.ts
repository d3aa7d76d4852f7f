import { beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ERROR_CODES } from "../../../verifier/index.ts";
import { createTestKeys, createTestVerifier, expectRejected, mintWorkerToken, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
let token: string;
beforeAll(async () => {
  keys = await createTestKeys();
  token = await mintWorkerToken(keys.es256);
});

describe("token input", () => {
  it("rejects no input as missing", async () => {
    const verify = createTestVerifier(keys.jwks);

    await expectRejected(verify(undefined), ACCESS_TOKEN_ERROR_CODES.missing);
    await expectRejected(verify(null), ACCESS_TOKEN_ERROR_CODES.missing);
    await expectRejected(verify(""), ACCESS_TOKEN_ERROR_CODES.missing);
  });

  it("treats another scheme as missing", async () => {
    const verify = createTestVerifier(keys.jwks);

    await expectRejected(verify("Basic dXNlcjpwYXNzd29yZA=="), ACCESS_TOKEN_ERROR_CODES.missing);
    await expectRejected(verify(`DPoP ${token}`), ACCESS_TOKEN_ERROR_CODES.missing, token);
  });

  it("rejects Bearer without exactly one space", async () => {
    const verify = createTestVerifier(keys.jwks);
    const malformed = [`Bearer  ${token}`, `Bearer\t${token}`, "Bearer", "Bearer ", `Bearer ${token} `, `Bearer ${token}\n`, ` Bearer ${token}`, `Bearer: ${token}`];

    for (const value of malformed) {
      await expectRejected(verify(value), ACCESS_TOKEN_ERROR_CODES.malformed, token);
    }
  });

  it("rejects a non-string input", async () => {
    const verify = createTestVerifier(keys.jwks);

    await expectRejected(verify(42 as unknown as string), ACCESS_TOKEN_ERROR_CODES.malformed);
  });
});
