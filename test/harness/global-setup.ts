// Starts the real components the worker tests need, once per test run: a
// redis-server (or the one at REDIS_URL), the local Upstash REST server in
// front of it, an echo origin, and two stand-ins for a broken store (a closed
// port and a server that never responds). Values reach the workerd tests
// through vitest's provide/inject.
//
// Every key the tests write starts with a prefix unique to this run, and the
// teardown deletes exactly those keys, so a shared Redis keeps its own data.

import http from "node:http";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import { Redis } from "@upstash/redis";
import type { TestProject } from "vitest/node";
import { startRedis } from "../../upstash-local/redis-process.ts";
import { startRestServer } from "../../upstash-local/server.ts";
import { startEchoOrigin } from "./echo-origin.ts";
import { listenOnLoopback, type LoopbackServer } from "./loopback-server.ts";
import "./provided-context.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedis();
  const restToken = randomBytes(24).toString("base64url");
  const rest = await startRestServer({ redisUrl: redis.url, token: restToken, log: () => {} });
  const origin = await startEchoOrigin();
  const hanging = await startHangingServer();
  const keyPrefix = `es-test-${randomBytes(6).toString("hex")}:`;

  project.provide("restUrl", rest.url);
  project.provide("restToken", restToken);
  project.provide("originUrl", origin.url);
  project.provide("keyPrefix", keyPrefix);
  project.provide("signingKey", await createSigningKey());
  project.provide("closedStoreUrl", `http://127.0.0.1:${await findClosedPort()}`);
  project.provide("hangingStoreUrl", hanging.url);

  return async () => {
    await deleteKeys(rest.url, restToken, keyPrefix);
    await hanging.close();
    await origin.close();
    await rest.close();
    await redis.stop();
  };
}

async function createSigningKey(): Promise<string> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return JSON.stringify({ ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "ES256" });
}

async function deleteKeys(restUrl: string, token: string, prefix: string): Promise<void> {
  const redis = new Redis({ url: restUrl, token, retry: false, enableTelemetry: false });
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, { match: `${prefix}*`, count: 500 });
    if (keys.length > 0) await redis.del(...keys);
    cursor = String(next);
  } while (cursor !== "0");
}

async function findClosedPort(): Promise<number> {
  const server = await listenOnLoopback(http.createServer());
  await server.close();
  return server.port;
}

/** Starts a server that accepts requests and never responds: a store that is too slow. */
function startHangingServer(): Promise<LoopbackServer> {
  return listenOnLoopback(http.createServer(() => {}));
}
