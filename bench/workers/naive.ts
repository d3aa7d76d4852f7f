// Benchmark baseline: the straightforward design of a session layer, kept
// apart from the product. Per request with a session cookie it makes two store
// round trips one after the other (GET of the JSON record, then EXPIRE to slide
// the idle timeout), parses the record, and signs a fresh HS256 token.
// Requests without a session are forwarded anonymously, as the product does.

import { Redis } from "@upstash/redis/cloudflare";
import { SignJWT } from "jose";
import { forwardToOrigin } from "./forward.ts";
import { NAIVE_COOKIE, NAIVE_IDLE_TIMEOUT_SECONDS, NAIVE_KEY_PREFIX, type NaiveRecord } from "./naive-session.ts";

interface NaiveEnv {
  ORIGIN_URL: string;
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
  /** HMAC secret of the access tokens (its UTF-8 bytes are the key). */
  TOKEN_SECRET: string;
}

// A module worker may export only handlers, so shared names live in naive-session.ts.
const TOKEN_TTL_SECONDS = 60;

let clients: { redis: Redis; secret: Uint8Array } | undefined;

export default {
  async fetch(request: Request, env: NaiveEnv): Promise<Response> {
    clients ??= {
      redis: new Redis({
        url: env.UPSTASH_REDIS_REST_URL,
        token: env.UPSTASH_REDIS_REST_TOKEN,
        automaticDeserialization: false,
        // Two calls, two HTTP requests: that is the design being measured.
        enableAutoPipelining: false,
        enableTelemetry: false,
      }),
      secret: new TextEncoder().encode(env.TOKEN_SECRET),
    };
    const headers = new Headers(request.headers);
    headers.delete("cookie");
    headers.delete("authorization");

    const sessionId = readCookie(request.headers.get("cookie"), NAIVE_COOKIE);
    if (sessionId !== null) {
      const key = `${NAIVE_KEY_PREFIX}${sessionId}`;
      const stored = await clients.redis.get<string>(key);
      if (stored !== null) {
        await clients.redis.expire(key, NAIVE_IDLE_TIMEOUT_SECONDS);
        const record = JSON.parse(stored) as NaiveRecord;
        headers.set("authorization", `Bearer ${await signToken(record.user, sessionId, clients.secret)}`);
      }
    }

    return forwardToOrigin(request, env.ORIGIN_URL, headers);
  },
};

function signToken(user: string, sessionId: string, secret: Uint8Array): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: sessionId.slice(0, 8) })
    .setProtectedHeader({ alg: "HS256", typ: "access+jwt" })
    .setSubject(user)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(secret);
}

function readCookie(header: string | null, name: string): string | null {
  if (header === null) return null;
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}
