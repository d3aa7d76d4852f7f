import type { JWTPayload } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ERROR_CODES, type AccessTokenErrorCode } from "../../../verifier/index.ts";
import { createTestKeys, createTestVerifier, expectRejected, mintWorkerToken, NOW_MS, NOW_SECONDS, signToken, workerClaims, workerHeader, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});

const TOLERANCE = 5;

function signClaims(changes: Record<string, unknown>, omit: string[] = []): Promise<string> {
  const claims: Record<string, unknown> = { ...workerClaims(), ...changes };
  for (const name of omit) delete claims[name];
  return signToken(keys.es256, workerHeader(keys.es256), claims as JWTPayload);
}

async function expectAccepted(token: string, overrides = {}): Promise<void> {
  const verify = createTestVerifier(keys.jwks, overrides);
  await expect(verify(token)).resolves.toHaveProperty("userId", "user_alice");
}

async function expectClaimRejected(token: string, code: AccessTokenErrorCode, claim: string, overrides = {}): Promise<void> {
  const verify = createTestVerifier(keys.jwks, overrides);
  await expectRejected(verify(token), code, token, claim);
}

describe("exp claim", () => {
  it("rejects exp just past tolerance", async () => {
    const token = await signClaims({ iat: NOW_SECONDS - 60, exp: NOW_SECONDS - TOLERANCE - 1 });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.expired, "exp");
  });

  it("rejects exp at the tolerance edge", async () => {
    const token = await signClaims({ iat: NOW_SECONDS - 60, exp: NOW_SECONDS - TOLERANCE });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.expired, "exp");
  });

  it("accepts exp within tolerance", async () => {
    const token = await signClaims({ iat: NOW_SECONDS - 60, exp: NOW_SECONDS - TOLERANCE + 1 });
    await expectAccepted(token);
  });

  it("expires a worker token after its lifetime", async () => {
    const token = await mintWorkerToken(keys.eddsa, undefined, NOW_MS - 66_000);
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.expired, "exp");
  });

  it("rejects a missing exp", async () => {
    const token = await signClaims({}, ["exp"]);
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "exp");
  });

  it("rejects exp as a string", async () => {
    const token = await signClaims({ exp: String(NOW_SECONDS + 60) });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "exp");
  });

  it("rejects a fractional exp", async () => {
    const token = await signClaims({ exp: NOW_SECONDS + 30.5 });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "exp");
  });

  it("rejects exp of 1e20", async () => {
    const token = await signClaims({ exp: 1e20 });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "exp");
  });

  it("rejects a negative exp", async () => {
    const token = await signClaims({ exp: -1 });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.expired, "exp");
  });

  it("rejects exp not after iat", async () => {
    const token = await signClaims({ iat: NOW_SECONDS, exp: NOW_SECONDS });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "exp", { clockToleranceSeconds: 5 });
  });
});

describe("token lifetime", () => {
  it("rejects exp minus iat over the maximum", async () => {
    const token = await signClaims({ iat: NOW_SECONDS, exp: NOW_SECONDS + 301 });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "exp");
  });

  it("accepts exp minus iat at the maximum", async () => {
    const token = await signClaims({ iat: NOW_SECONDS, exp: NOW_SECONDS + 300 });
    await expectAccepted(token);
  });

  it("applies a configured maximum", async () => {
    const token = await signClaims({ iat: NOW_SECONDS, exp: NOW_SECONDS + 61 });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "exp", { maxTokenAgeSeconds: 60 });
    await expectAccepted(await signClaims({ iat: NOW_SECONDS, exp: NOW_SECONDS + 60 }), { maxTokenAgeSeconds: 60 });
  });
});

describe("iat and nbf claims", () => {
  it("rejects iat in the future beyond tolerance", async () => {
    const token = await signClaims({ iat: NOW_SECONDS + TOLERANCE + 1, exp: NOW_SECONDS + 120 });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "iat");
  });

  it("accepts iat in the future within tolerance", async () => {
    const token = await signClaims({ iat: NOW_SECONDS + TOLERANCE, exp: NOW_SECONDS + 120 });
    await expectAccepted(token);
  });

  it("rejects nbf in the future beyond tolerance", async () => {
    const token = await signClaims({ nbf: NOW_SECONDS + TOLERANCE + 1 });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.invalid, "nbf");
  });

  it("accepts nbf within tolerance", async () => {
    const token = await signClaims({ nbf: NOW_SECONDS + TOLERANCE });
    await expectAccepted(token);
  });

  it("rejects missing or fractional iat", async () => {
    await expectClaimRejected(await signClaims({}, ["iat"]), ACCESS_TOKEN_ERROR_CODES.invalid, "iat");
    await expectClaimRejected(await signClaims({ iat: NOW_SECONDS - 0.5 }), ACCESS_TOKEN_ERROR_CODES.invalid, "iat");
    await expectClaimRejected(await signClaims({ iat: "now" }), ACCESS_TOKEN_ERROR_CODES.invalid, "iat");
  });

  it("rejects missing or invalid auth_time", async () => {
    await expectClaimRejected(await signClaims({}, ["auth_time"]), ACCESS_TOKEN_ERROR_CODES.invalid, "auth_time");
    await expectClaimRejected(await signClaims({ auth_time: NOW_SECONDS - 0.5 }), ACCESS_TOKEN_ERROR_CODES.invalid, "auth_time");
    await expectClaimRejected(await signClaims({ auth_time: -1 }), ACCESS_TOKEN_ERROR_CODES.invalid, "auth_time");
    await expectClaimRejected(await signClaims({ auth_time: String(NOW_SECONDS) }), ACCESS_TOKEN_ERROR_CODES.invalid, "auth_time");
  });
});

describe("clock tolerance option", () => {
  it("rejects exp at now without tolerance", async () => {
    const token = await signClaims({ iat: NOW_SECONDS - 60, exp: NOW_SECONDS });
    await expectClaimRejected(token, ACCESS_TOKEN_ERROR_CODES.expired, "exp", { clockToleranceSeconds: 0 });
    await expectAccepted(await signClaims({ iat: NOW_SECONDS - 60, exp: NOW_SECONDS + 1 }), { clockToleranceSeconds: 0 });
  });

  it("widens every check at 60 seconds", async () => {
    const overrides = { clockToleranceSeconds: 60 };
    await expectAccepted(await signClaims({ iat: NOW_SECONDS - 100, exp: NOW_SECONDS - 59 }), overrides);
    await expectClaimRejected(await signClaims({ iat: NOW_SECONDS - 100, exp: NOW_SECONDS - 60 }), ACCESS_TOKEN_ERROR_CODES.expired, "exp", overrides);
    await expectAccepted(await signClaims({ iat: NOW_SECONDS + 60, exp: NOW_SECONDS + 120 }), overrides);
    await expectClaimRejected(await signClaims({ iat: NOW_SECONDS + 61, exp: NOW_SECONDS + 120 }), ACCESS_TOKEN_ERROR_CODES.invalid, "iat", overrides);
  });
});
