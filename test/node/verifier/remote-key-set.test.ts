import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ERROR_CODES, createAccessTokenVerifier } from "../../../verifier/index.ts";
import { AUDIENCE, createTestKeys, expectRejected, ISSUER, mintWorkerToken, NOW_MS, signToken, workerHeader, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});

type Behaviour = "jwks" | "server-error" | "not-json" | "reset";

interface JwksServer {
  url: string;
  requestCount: () => number;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

// A JWKS endpoint on 127.0.0.1 that serves the test keys or fails in one way.
async function startJwksServer(behaviour: Behaviour): Promise<JwksServer> {
  let count = 0;
  const server = createServer((_request, response) => {
    count++;
    if (behaviour === "jwks") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(keys.jwks));
    } else if (behaviour === "server-error") {
      response.writeHead(500).end();
    } else if (behaviour === "not-json") {
      response.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
    } else {
      response.socket?.destroy();
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/_session/jwks.json`, requestCount: () => count };
}

function createRemoteVerifier(jwksUrl: string) {
  return createAccessTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, clock: () => NOW_MS });
}

describe("remote key set", () => {
  it("verifies against a served JWKS", async () => {
    const server = await startJwksServer("jwks");
    const verify = createRemoteVerifier(server.url);

    await expect(verify(await mintWorkerToken(keys.es256))).resolves.toHaveProperty("userId", "user_alice");
    await expect(verify(await mintWorkerToken(keys.eddsa))).resolves.toHaveProperty("userId", "user_alice");
    expect(server.requestCount()).toBe(1);
  });

  it("limits refetches for unknown kids", async () => {
    const server = await startJwksServer("jwks");
    const verify = createRemoteVerifier(server.url);
    await verify(await mintWorkerToken(keys.es256));

    for (let index = 0; index < 5; index++) {
      const token = await signToken(keys.es256, { ...workerHeader(keys.es256), kid: `unknown-${index}` });
      await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.invalid, token, "kid");
    }
    expect(server.requestCount()).toBe(1);
  });

  it.each(["server-error", "not-json", "reset"] as const)("reports keys unavailable on %s", async (behaviour) => {
    const server = await startJwksServer(behaviour);
    const verify = createRemoteVerifier(server.url);
    const token = await mintWorkerToken(keys.es256);

    const error = await expectRejected(verify(token), ACCESS_TOKEN_ERROR_CODES.keysUnavailable, token);
    expect(error.cause).toBeDefined();
    expect(server.requestCount()).toBeGreaterThanOrEqual(1);
  });

  it("rejects a malformed token without fetching", async () => {
    const server = await startJwksServer("jwks");
    const verify = createRemoteVerifier(server.url);

    await expectRejected(verify("not-a-token"), ACCESS_TOKEN_ERROR_CODES.malformed);
    expect(server.requestCount()).toBe(0);
  });
});
