// Runs the local Upstash REST server from the command line.
//
//   node upstash-local/cli.ts
//
// Environment:
//   REDIS_URL                 Redis to forward to; unset starts a redis-server on a free port
//   UPSTASH_LOCAL_PORT        port on 127.0.0.1 (default 8079)
//   UPSTASH_LOCAL_TOKEN       Bearer token clients must send; unset generates a random one
//   UPSTASH_LOCAL_LATENCY_MS  delay added to every command request, in milliseconds (0 to 60000,
//                             default 0), for the round trip to an Upstash region

import { randomBytes } from "node:crypto";
import { MAX_LATENCY_MS } from "./fault-config.ts";
import { startRedis } from "./redis-process.ts";
import { startRestServer } from "./server.ts";

const DEFAULT_PORT = 8079;

function readPort(): number {
  const text = process.env.UPSTASH_LOCAL_PORT ?? String(DEFAULT_PORT);
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid UPSTASH_LOCAL_PORT "${text}": expected a port number from 0 to 65535`);
  }
  return port;
}

function readLatencyMs(): number {
  const text = process.env.UPSTASH_LOCAL_LATENCY_MS || "0";
  const latencyMs = Number(text);
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
    throw new Error(`invalid UPSTASH_LOCAL_LATENCY_MS "${text}": expected milliseconds from 0 to ${MAX_LATENCY_MS}`);
  }
  return latencyMs;
}

async function main(): Promise<void> {
  const port = readPort();
  const latencyMs = readLatencyMs();
  const token = process.env.UPSTASH_LOCAL_TOKEN || randomBytes(24).toString("base64url");
  const redis = await startRedis();
  let server;
  try {
    server = await startRestServer({ redisUrl: redis.url, token, port, latencyMs });
  } catch (error) {
    await redis.stop();
    throw error;
  }

  console.log(`UPSTASH_REDIS_REST_URL=${server.url}`);
  console.log(`UPSTASH_REDIS_REST_TOKEN=${token}`);
  console.log(`Redis: ${redis.owned ? `started redis-server at ${redis.url}` : "using REDIS_URL"}`);

  const shutdown = async (signal: string) => {
    console.log(`upstash-local: received ${signal}, stopping`);
    await server.close();
    await redis.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`upstash-local: ${(error as Error).message}`);
  process.exit(1);
});
