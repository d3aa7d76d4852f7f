// Benchmark baseline: pass-through plus one bare store request (a PING through
// the product's own store client) before each forward. It does no session
// work, so it is the least that any design asking the store once per request
// can cost. The gap between it and the product is the product's own work.

import type { Redis } from "@upstash/redis/cloudflare";
import { DEFAULTS } from "../../src/config/settings.ts";
import { createStoreClient } from "../../src/store/redis-client.ts";
import { forwardToOrigin } from "./forward.ts";

interface PassThroughStoreEnv {
  ORIGIN_URL: string;
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

let redis: Redis | undefined;

export default {
  async fetch(request: Request, env: PassThroughStoreEnv): Promise<Response> {
    redis ??= createStoreClient({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, requestTimeoutMs: Number(DEFAULTS.STORE_TIMEOUT_MS) });
    await redis.ping();
    return forwardToOrigin(request, env.ORIGIN_URL);
  },
};
