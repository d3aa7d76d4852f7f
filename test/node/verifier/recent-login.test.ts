import { beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ERROR_CODES, AccessTokenError, requireRecentLogin } from "../../../verifier/index.ts";
import { createTestKeys, createTestVerifier, expectRejected, mintWorkerToken, NOW_MS, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});

// The fixture session logged in 60 seconds before the fixed time.
const LOGIN_AGE_SECONDS = 60;

describe("recent login check", () => {
  it("accepts a login within the limit", async () => {
    const verified = await createTestVerifier(keys.jwks)(await mintWorkerToken(keys.es256));

    expect(() => requireRecentLogin(verified, LOGIN_AGE_SECONDS, () => NOW_MS)).not.toThrow();
  });

  it("rejects a login past the limit", async () => {
    const verified = await createTestVerifier(keys.jwks)(await mintWorkerToken(keys.es256));

    let caught: unknown;
    try {
      requireRecentLogin(verified, LOGIN_AGE_SECONDS - 1, () => NOW_MS);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(AccessTokenError);
    expect((caught as AccessTokenError).code).toBe(ACCESS_TOKEN_ERROR_CODES.loginTooOld);
    expect((caught as AccessTokenError).claim).toBe("auth_time");
  });

  it("applies maxAuthAgeSeconds on every token", async () => {
    const token = await mintWorkerToken(keys.eddsa);

    await expect(createTestVerifier(keys.jwks, { maxAuthAgeSeconds: LOGIN_AGE_SECONDS })(token)).resolves.toBeDefined();
    await expectRejected(createTestVerifier(keys.jwks, { maxAuthAgeSeconds: LOGIN_AGE_SECONDS - 1 })(token), ACCESS_TOKEN_ERROR_CODES.loginTooOld, token, "auth_time");
  });
});
