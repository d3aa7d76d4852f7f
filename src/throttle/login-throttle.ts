import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";
import type { RateLimit, Settings } from "../config/settings.ts";
import { readLimitedBody } from "../http/limited-body.ts";
import { describeStoreFailure, StoreUnavailableError } from "../store/errors.ts";

/** Maximum size of a login request body, which the worker reads to find the account field, in bytes. */
export const MAX_LOGIN_BODY_BYTES = 16 * 1024;

/** Outcome of checking a login attempt against the limits. */
export type ThrottleResult =
  | { allowed: true; body: Uint8Array | null }
  | { allowed: false; retryAfterSeconds: number; limitedBy: Array<"ip" | "account"> }
  | { allowed: false; tooLarge: true };

/**
 * Limits login attempts per client IP and per submitted account identifier
 * with @upstash/ratelimit (sliding windows over the session store's Redis).
 * The library approximates a sliding window from two fixed windows, weighting
 * the previous one by the share still inside the window, so the count in an
 * arbitrary span of one window can exceed the limit by a few attempts.
 * Both limits apply whether or not the account exists, so a 429 reveals
 * nothing about accounts. The account identifier is hashed before it becomes
 * part of a key, so no e-mail address is stored.
 *
 * Fails closed: the limiter's own timeout (which would let requests through)
 * is off, and a store failure throws `StoreUnavailableError` (a 503).
 */
export class LoginThrottle {
  readonly #perIp: Ratelimit;
  readonly #perAccount: Ratelimit;
  readonly #accountField: string;

  constructor(redis: Redis, settings: Settings) {
    this.#perIp = createLimiter(redis, settings.loginLimitPerIp, `${settings.storeKeyPrefix}login-limit:ip`);
    this.#perAccount = createLimiter(redis, settings.loginLimitPerAccount, `${settings.storeKeyPrefix}login-limit:account`);
    this.#accountField = settings.loginAccountField;
  }

  /**
   * Reads the request body (which the caller forwards instead of the
   * consumed original) and counts the attempt against both limits.
   */
  async check(request: Request): Promise<ThrottleResult> {
    const body = await readLimitedBody(request, MAX_LOGIN_BODY_BYTES);
    if (body === "too-large") return { allowed: false, tooLarge: true };

    const ip = request.headers.get("cf-connecting-ip") ?? "unknown";
    const account = readAccountField(request.headers.get("content-type"), body, this.#accountField);
    const checks: Array<Promise<LimitOutcome>> = [limitOrFail(this.#perIp, ip).then((result) => ({ ...result, limit: "ip" }))];
    if (account !== null) {
      const accountKey = await sha256Hex(account.trim().toLowerCase());
      checks.push(limitOrFail(this.#perAccount, accountKey).then((result) => ({ ...result, limit: "account" })));
    }
    const results = await Promise.all(checks);

    const denied = results.filter((result) => !result.success);
    if (denied.length === 0) return { allowed: true, body };
    const reset = Math.max(...denied.map((result) => result.reset));
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((reset - Date.now()) / 1000)),
      limitedBy: denied.map((result) => result.limit),
    };
  }
}

interface LimitOutcome {
  success: boolean;
  /** When the window frees an attempt again, in milliseconds since the Unix epoch. */
  reset: number;
  limit: "ip" | "account";
}

function createLimiter(redis: Redis, limit: RateLimit, prefix: string): Ratelimit {
  return new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(limit.limit, `${limit.windowSeconds} s`),
    prefix,
    timeout: 0,
    analytics: false,
  });
}

async function limitOrFail(limiter: Ratelimit, identifier: string): Promise<{ success: boolean; reset: number }> {
  try {
    return await limiter.limit(identifier);
  } catch (error) {
    throw new StoreUnavailableError("login_limit", describeStoreFailure(error), { cause: error });
  }
}

/** Finds the account identifier in a JSON or form body; null when there is none. */
function readAccountField(contentType: string | null, body: Uint8Array | null, field: string): string | null {
  if (body === null) return null;
  const text = new TextDecoder().decode(body);
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  let value: unknown = null;
  if (type === "application/json") {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null) value = (parsed as Record<string, unknown>)[field];
    } catch {
      return null;
    }
  } else if (type === "application/x-www-form-urlencoded") {
    value = new URLSearchParams(text).get(field);
  }
  return typeof value === "string" && value.trim() !== "" ? value.slice(0, 320) : null;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
