// Behaviour when Redis is unreachable or restarts under the REST server.

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { errors, Redis } from "@upstash/redis/cloudflare";
import { findFreePort } from "../../../upstash-local/free-port.ts";
import { startRedisServer, type RedisInstance } from "../../../upstash-local/redis-process.ts";
import { startRestServer, type RestServer } from "../../../upstash-local/server.ts";

const token = randomBytes(16).toString("hex");
const prefix = `upstash-local-test:${randomBytes(6).toString("hex")}:`;

// The restart test needs a redis-server that this file owns, even when
// REDIS_URL names a shared server that must not be restarted.
let redis: RedisInstance;
let server: RestServer;

beforeAll(async () => {
  redis = await startRedisServer();
  server = await startRestServer({ redisUrl: redis.url, token, log: () => {} });
});

afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

function client(url: string): Redis {
  return new Redis({ url, token, retry: false, enableTelemetry: false });
}

it("unreachable Redis gives 500 JSON", async () => {
  // Nothing listens on a port that was just released.
  const unusedPort = await findFreePort();
  const downServer = await startRestServer({ redisUrl: `redis://127.0.0.1:${unusedPort}`, token, log: () => {} });
  try {
    for (const [path, body] of [["/", '["ping"]'], ["/pipeline", '[["ping"]]'], ["/multi-exec", '[["ping"]]']] as const) {
      const response = await fetch(`${downServer.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body });
      expect(response.status).toBe(500);
      const json = (await response.json()) as { error: string };
      expect(json.error).toContain("unreachable");
    }
    const failure = await client(downServer.url).get(`${prefix}down`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errors.UpstashError);
  } finally {
    await downServer.close();
  }
});

it("commands succeed after Redis restart", async () => {
  const redisClient = client(server.url);
  expect(await redisClient.set(`${prefix}before`, "1")).toBe("OK");

  await redis.restart();

  // Persistence is off, so the restarted Redis starts empty.
  expect(await redisClient.get(`${prefix}before`)).toBeNull();
  expect(await redisClient.set(`${prefix}after`, "2")).toBe("OK");
  expect(await redisClient.get(`${prefix}after`)).toBe(2);
});

it("requests during restart fail cleanly", async () => {
  const statuses: number[] = [];
  const badBodies: string[] = [];
  let restarting = true;

  const traffic = (async () => {
    while (restarting) {
      const response = await fetch(`${server.url}/pipeline`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify([["incr", `${prefix}traffic`]]),
      });
      statuses.push(response.status);
      const text = await response.text();
      const json = JSON.parse(text) as unknown;
      const wellFormed = response.status === 200 ? Array.isArray(json) : typeof (json as { error?: unknown }).error === "string";
      if (!wellFormed) {
        badBodies.push(text);
      }
    }
  })();

  await new Promise((resolve) => setTimeout(resolve, 50));
  await redis.restart();
  restarting = false;
  await traffic;

  expect(badBodies).toEqual([]);
  expect(statuses.every((status) => status === 200 || status === 500)).toBe(true);
  // Redis is down for at least one PING poll interval during restart, so some requests fail.
  expect(statuses).toContain(500);
  expect(statuses).toContain(200);
  expect(await client(server.url).incr(`${prefix}traffic-after`)).toBe(1);
});
