import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { reportNewDevice } from "../../../src/notify/new-device.ts";
import type { Runtime } from "../../../src/runtime.ts";
import { ACCESS_TOKEN_ERROR_CODES } from "../../../verifier/index.ts";
import { AUDIENCE, createSessionRecord, createTestKeys, createTestVerifier, expectRejected, ISSUER, NOW_MS, signToken, workerClaims, workerHeader, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("audience", () => {
  it("rejects a wrong aud", async () => {
    const verify = createTestVerifier(keys.jwks);
    const token = await signToken(keys.es256, workerHeader(keys.es256), { ...workerClaims(), aud: "https://other.example" });

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "aud");
  });

  it("rejects an aud array containing ours", async () => {
    const verify = createTestVerifier(keys.jwks);

    for (const aud of [[AUDIENCE, "https://other.example"], ["https://other.example", AUDIENCE], [AUDIENCE]]) {
      const token = await signToken(keys.es256, workerHeader(keys.es256), { ...workerClaims(), aud });
      await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "aud");
    }
  });

  it("rejects a missing aud", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { aud: _aud, ...claims } = workerClaims();
    const token = await signToken(keys.es256, workerHeader(keys.es256), claims);

    await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "aud");
  });
});

describe("issuer", () => {
  it("rejects a wrong or missing iss", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { iss: _iss, ...withoutIssuer } = workerClaims();
    const claimSets = [{ ...workerClaims(), iss: "someone-else" }, { ...workerClaims(), iss: [ISSUER] }, withoutIssuer];

    for (const claims of claimSets) {
      const token = await signToken(keys.es256, workerHeader(keys.es256), claims as Record<string, unknown>);
      await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "iss");
    }
  });
});

describe("other claims", () => {
  it("rejects missing or empty identity claims", async () => {
    const verify = createTestVerifier(keys.jwks);

    for (const claim of ["sub", "sid", "jti"]) {
      const { [claim]: _removed, ...withoutClaim } = workerClaims();
      const missing = await signToken(keys.es256, workerHeader(keys.es256), withoutClaim);
      await expectRejected(verify(missing), ACCESS_TOKEN_ERROR_CODES.invalid, missing, claim);

      for (const value of ["", 42, null]) {
        const token = await signToken(keys.es256, workerHeader(keys.es256), { ...workerClaims(), [claim]: value });
        await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, claim);
      }
    }
  });

  it("rejects a non-string org", async () => {
    const verify = createTestVerifier(keys.jwks);

    for (const org of ["", 7, null, ["org_acme"]]) {
      const token = await signToken(keys.es256, workerHeader(keys.es256), { ...workerClaims(), org });
      await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "org");
    }
  });
});

describe("typ header", () => {
  it("rejects other or missing typ", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { typ: _typ, ...withoutType } = workerHeader(keys.es256);
    const headers = [
      { ...workerHeader(keys.es256), typ: "at+jwt" },
      { ...workerHeader(keys.es256), typ: "JWT" },
      { ...workerHeader(keys.es256), typ: "Access+JWT" },
      { ...workerHeader(keys.es256), typ: "application/access+jwt" },
      { ...workerHeader(keys.es256), typ: "new-device+jwt" },
      withoutType,
    ];

    for (const header of headers) {
      const token = await signToken(keys.es256, header);
      await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "typ");
    }
  });

  it("rejects the worker's new-device report", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const report = await captureNewDeviceReport();
    const verify = createTestVerifier(keys.jwks);

    const error = await expectRejected(verify(report), ACCESS_TOKEN_ERROR_CODES.invalid, report, "typ");
    expect(error.message).toContain("access+jwt");
  });
});

// Runs the worker's reportNewDevice against a webhook server on 127.0.0.1 and
// returns the JWT it posted.
async function captureNewDeviceReport(): Promise<string> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      bodies.push(body);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  try {
    const { port } = server.address() as AddressInfo;
    const runtime = {
      settings: { accessTokenIssuer: ISSUER, accessTokenAudience: AUDIENCE },
      signingKey: keys.es256.signingKey,
      clock: () => NOW_MS,
    } as unknown as Runtime;
    await reportNewDevice(runtime, new URL(`http://127.0.0.1:${port}/webhook`), createSessionRecord(), 1);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }

  expect(bodies).toHaveLength(1);
  return bodies[0] ?? "";
}
