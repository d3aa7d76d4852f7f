// Starts the local stack the bench measures, all on 127.0.0.1: an owned
// redis-server, the local Upstash REST server over it, the bench origin, and
// one workerd instance per worker variant. Every store client gets its own
// /tag/<label>, so the REST server counts and delays each variant apart.

import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import { startRedis, type RedisInstance } from "../upstash-local/redis-process.ts";
import { startRestServer, type RestServer } from "../upstash-local/server.ts";
import { startBenchOrigin, type BenchOrigin } from "./origin.ts";
import { readWranglerVars } from "../scripts/wrangler-vars.ts";
import { createStoreAdmin, type StoreAdmin } from "./store-admin.ts";
import { startWorker, type WorkerInstance } from "./worker-instance.ts";

export interface Stack {
  redis: RedisInstance;
  rest: RestServer;
  store: StoreAdmin;
  origin: BenchOrigin;
  /** Starts the product with wrangler.toml's vars, `overrides` on top, its store under /tag/<label>. */
  startProduct(label: string, overrides?: Record<string, string>): Promise<WorkerInstance>;
  startPassThrough(): Promise<WorkerInstance>;
  /** Starts the pass-through+store worker (one bare store request, then forward) with its store under /tag/<label>. */
  startPassThroughStore(label: string): Promise<WorkerInstance>;
  /** Starts the naive worker with its store under /tag/<label>. */
  startNaive(label: string): Promise<WorkerInstance>;
  stop(): Promise<void>;
}

export async function startStack(log: (line: string) => void): Promise<Stack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => log(`bench: stop failed: ${(error as Error).message}`));
    stops.length = 0;
  };
  try {
    const redis = await startRedis();
    stops.push(() => redis.stop());
    if (!redis.owned) throw new Error("REDIS_URL is set: the bench needs a redis-server of its own, so unset REDIS_URL");

    const restToken = randomBytes(24).toString("base64url");
    const rest = await startRestServer({ redisUrl: redis.url, token: restToken, log: () => {} });
    stops.push(() => rest.close());
    const origin = await startBenchOrigin();
    stops.push(() => origin.close());

    const productVars = await readWranglerVars();
    const signingKey = await createSigningKey();
    const tokenSecret = randomBytes(32).toString("base64url");

    const started = (worker: WorkerInstance) => {
      stops.push(() => worker.stop());
      return worker;
    };
    return {
      redis,
      rest,
      store: createStoreAdmin(rest.url, restToken),
      origin,
      startProduct: async (label, overrides = {}) =>
        started(await startWorker(`edge-sessions-${label}`, "src/index.ts", {
          ...productVars,
          ORIGIN_URL: origin.url,
          UPSTASH_REDIS_REST_URL: `${rest.url}/tag/${label}`,
          UPSTASH_REDIS_REST_TOKEN: restToken,
          SIGNING_KEY: signingKey,
          ...overrides,
        })),
      startPassThrough: async () => started(await startWorker("pass-through", "bench/workers/pass-through.ts", { ORIGIN_URL: origin.url })),
      startPassThroughStore: async (label) =>
        started(await startWorker("pass-through-store", "bench/workers/pass-through-store.ts", {
          ORIGIN_URL: origin.url,
          UPSTASH_REDIS_REST_URL: `${rest.url}/tag/${label}`,
          UPSTASH_REDIS_REST_TOKEN: restToken,
        })),
      startNaive: async (label) =>
        started(await startWorker("naive", "bench/workers/naive.ts", {
          ORIGIN_URL: origin.url,
          UPSTASH_REDIS_REST_URL: `${rest.url}/tag/${label}`,
          UPSTASH_REDIS_REST_TOKEN: restToken,
          TOKEN_SECRET: tokenSecret,
        })),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Generates an ES256 private JWK, as `npm run keygen` prints one. */
async function createSigningKey(): Promise<string> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return JSON.stringify({ ...(await exportJWK(privateKey)), kid: "bench-key", alg: "ES256" });
}
