// startRedis and startRedisServer: REDIS_URL handling, ports and the error
// when redis-server is not installed.

import { afterEach, expect, it } from "vitest";
import { findFreePort } from "../../../upstash-local/free-port.ts";
import { startRedis, startRedisServer } from "../../../upstash-local/redis-process.ts";

const savedEnv = { PATH: process.env.PATH, REDIS_URL: process.env.REDIS_URL };

afterEach(() => {
  process.env.PATH = savedEnv.PATH;
  if (savedEnv.REDIS_URL === undefined) {
    delete process.env.REDIS_URL;
  } else {
    process.env.REDIS_URL = savedEnv.REDIS_URL;
  }
});

it("owned server avoids port 6379", async () => {
  const redis = await startRedisServer();
  try {
    expect(redis.owned).toBe(true);
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(redis.url).port).not.toBe("6379");
  } finally {
    await redis.stop();
  }
});

it("REDIS_URL is used unowned", async () => {
  const owned = await startRedisServer();
  try {
    process.env.REDIS_URL = owned.url;
    const redis = await startRedis();
    expect(redis.owned).toBe(false);
    expect(redis.url).toBe(owned.url);
    await redis.stop();
    await expect(redis.restart()).rejects.toThrow("REDIS_URL");
  } finally {
    await owned.stop();
  }
});

it("silent REDIS_URL fails with message", async () => {
  process.env.REDIS_URL = `redis://127.0.0.1:${await findFreePort()}`;
  await expect(startRedis()).rejects.toThrow("does not reply to PING");
});

it("missing redis-server names install command", async () => {
  process.env.PATH = "/nonexistent";
  await expect(startRedisServer()).rejects.toThrow("apt-get install -y redis-server");
});
