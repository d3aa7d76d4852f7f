import { beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_TYPE as WORKER_TOKEN_TYPE } from "../../../src/token/access-token.ts";
import { SIGNING_ALGORITHMS } from "../../../src/token/signing-key.ts";
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE } from "../../../verifier/index.ts";
import { createSessionRecord, createTestKeys, createTestVerifier, mintWorkerToken, NOW_SECONDS, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});

describe("tokens minted by the worker", () => {
  it.each(["es256", "eddsa"] as const)("verify with %s keys", async (name) => {
    const verify = createTestVerifier(keys.jwks);
    const token = await mintWorkerToken(keys[name]);

    const verified = await verify(token);

    expect(verified.userId).toBe("user_alice");
    expect(verified.sessionHandle).toBe("sess_public_handle");
    expect(verified.orgId).toBe("org_acme");
    expect(verified.authTime).toBe(NOW_SECONDS - 60);
    expect(verified.issuedAt).toBe(NOW_SECONDS);
    expect(verified.expiresAt).toBe(NOW_SECONDS + 60);
    expect(verified.tokenId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("map a missing organisation to null", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = await mintWorkerToken(keys.es256, createSessionRecord({ orgId: null }));

    const verified = await verify(token);

    expect(verified.orgId).toBeNull();
  });

  it("verify from a Bearer header value", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = await mintWorkerToken(keys.eddsa);

    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
      const verified = await verify(`${scheme} ${token}`);
      expect(verified.userId).toBe("user_alice");
    }
  });

  it("match the worker's algorithms and type", () => {
    expect([...ACCESS_TOKEN_ALGORITHMS]).toEqual([...SIGNING_ALGORITHMS]);
    expect(ACCESS_TOKEN_TYPE).toBe(WORKER_TOKEN_TYPE);
  });
});
