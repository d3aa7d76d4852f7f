import type { SessionRecord } from "../session/record.ts";
import { mintAccessToken, type AccessTokenOptions } from "./access-token.ts";
import type { SigningKey } from "./signing-key.ts";

/** Most sessions whose token one isolate keeps; the oldest entry goes first beyond it. */
const MAX_CACHED_TOKENS = 10_000;

interface CachedToken {
  token: string;
  /** `exp` of the token, in milliseconds. */
  expiresAt: number;
}

/**
 * Reuses a session's access token within an isolate until shortly before it
 * expires, so a busy session does not pay one signature per request.
 *
 * Safe because a token is only ever taken from the cache after the store has
 * confirmed, on that same request, that the session is active: a revoked or
 * expired session never reaches this cache. Entries are keyed by everything
 * the claims carry, so a changed record never gets a stale token.
 */
export class AccessTokenCache {
  readonly #entries = new Map<string, CachedToken>();
  readonly #key: SigningKey;
  readonly #options: AccessTokenOptions;
  /** A token is reused only while more than this much of its lifetime is left, in milliseconds. */
  readonly #reuseMarginMs: number;

  constructor(key: SigningKey, options: AccessTokenOptions) {
    this.#key = key;
    this.#options = options;
    // Half the lifetime, at most 30 s: the origin always gets a token with
    // at least that much validity left, and busy sessions sign about twice per lifetime.
    this.#reuseMarginMs = Math.min(30_000, (options.ttlSeconds * 1000) / 2);
  }

  /** Returns a token for the session that stays valid for at least the reuse margin. */
  async tokenFor(session: SessionRecord, now: number): Promise<string> {
    // The handle alone names a session; the claim values guard against a changed record.
    const cacheKey = `${session.handle}\n${session.createdAt}\n${session.userId}\n${session.orgId ?? ""}`;
    const cached = this.#entries.get(cacheKey);
    if (cached && cached.expiresAt - now > this.#reuseMarginMs) return cached.token;

    const token = await mintAccessToken(session, this.#key, this.#options, now);
    this.#entries.delete(cacheKey);
    if (this.#entries.size >= MAX_CACHED_TOKENS) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(cacheKey, { token, expiresAt: (Math.floor(now / 1000) + this.#options.ttlSeconds) * 1000 });
    return token;
  }
}
