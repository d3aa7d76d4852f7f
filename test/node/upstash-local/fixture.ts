// Shared setup for the upstash-local tests: a Redis from startRedis(), a REST
// server in front of it, a random key prefix per test file, and cleanup that
// deletes only keys with that prefix (REDIS_URL may point at a shared server).

import { randomBytes } from "node:crypto";
import { Redis } from "@upstash/redis/cloudflare";
import { startRedis, type RedisInstance } from "../../../upstash-local/redis-process.ts";
import { startRestServer, type RestServer } from "../../../upstash-local/server.ts";

type RedisOptions = ConstructorParameters<typeof Redis>[0];

export type Fixture = {
  redis: RedisInstance;
  server: RestServer;
  token: string;
  /** Unique per fixture; every key a test writes starts with it. */
  prefix: string;
  key(name: string): string;
  /** @upstash/redis against the server, with retries off. */
  client(options?: Partial<RedisOptions>): Redis;
  /** Raw POST with the Bearer token, for checks the client cannot make. */
  post(path: string, body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
};

export async function startFixture(): Promise<Fixture> {
  const redis = await startRedis();
  const token = randomBytes(16).toString("hex");
  const server = await startRestServer({ redisUrl: redis.url, token, log: () => {} });
  const prefix = `upstash-local-test:${randomBytes(6).toString("hex")}:`;

  const client = (options: Partial<RedisOptions> = {}) =>
    new Redis({ url: server.url, token, retry: false, enableTelemetry: false, ...options });
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body,
    });

  return {
    redis,
    server,
    token,
    prefix,
    key: (name) => `${prefix}${name}`,
    client,
    post,
    close: async () => {
      await deleteKeysWithPrefix(client(), prefix);
      await server.close();
      await redis.stop();
    },
  };
}

async function deleteKeysWithPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, { match: `${prefix}*`, count: 1000 });
    if (keys.length > 0) {
      await client.del(...keys);
    }
    cursor = String(next);
  } while (cursor !== "0");
}
