import { createApp } from "./app.ts";
import { parseSettings, SettingError } from "./config/settings.ts";
import type { Env } from "./config/env.ts";
import { misconfiguredResponse } from "./http/responses.ts";
import { logEvent } from "./log.ts";
import type { Runtime } from "./runtime.ts";
import { UpstashSessionStore } from "./store/session-store.ts";
import { createStoreClient } from "./store/redis-client.ts";
import { importSigningKey, SigningKeyError } from "./token/signing-key.ts";
import { AccessTokenCache } from "./token/access-token-cache.ts";
import { buildJwks } from "./token/jwks.ts";
import { LoginThrottle } from "./throttle/login-throttle.ts";

type FetchHandler = (request: Request, env: Env, ctx: ExecutionContext) => Promise<Response>;

export interface WorkerOptions {
  /** Current time in milliseconds since the Unix epoch. */
  clock?: () => number;
}

/**
 * Creates the worker's fetch handler. Settings are checked once per `env`
 * object, which is once per isolate in production. A missing or invalid
 * setting is logged once, by name, and every request then gets a generic 500:
 * nothing is forwarded while the configuration is wrong.
 */
export function createWorker(options: WorkerOptions = {}): { fetch: FetchHandler } {
  const clock = options.clock ?? Date.now;
  const apps = new WeakMap<Env, Promise<ReturnType<typeof createApp> | null>>();

  return {
    async fetch(request, env, ctx) {
      let app = apps.get(env);
      if (!app) {
        app = buildApp(env, clock);
        apps.set(env, app);
      }
      const ready = await app;
      return ready ? ready.fetch(request, env, ctx) : misconfiguredResponse();
    },
  };
}

async function buildApp(env: Env, clock: () => number): Promise<ReturnType<typeof createApp> | null> {
  try {
    const settings = parseSettings(env);
    const signingKey = await importSigningKey(settings.signingKey);
    const redis = createStoreClient({ url: settings.storeUrl, token: settings.storeToken, requestTimeoutMs: settings.storeTimeoutMs });
    const store = new UpstashSessionStore(redis, {
      keyPrefix: settings.storeKeyPrefix,
      idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
      absoluteTimeoutMs: settings.absoluteTimeoutSeconds * 1000,
      maxSessionsPerUser: settings.maxSessionsPerUser,
      auditRetentionMs: settings.auditRetentionSeconds * 1000,
    });
    const accessTokens = new AccessTokenCache(signingKey, {
      issuer: settings.accessTokenIssuer,
      audience: settings.accessTokenAudience,
      ttlSeconds: settings.accessTokenTtlSeconds,
    });
    const jwks = buildJwks(signingKey, settings.jwksExtraKeys);
    const loginThrottle = settings.loginPaths.length > 0 ? new LoginThrottle(redis, settings) : null;
    const runtime: Runtime = { settings, signingKey, store, accessTokens, loginThrottle, jwks, clock };
    return createApp(runtime);
  } catch (error) {
    if (error instanceof SettingError) {
      logEvent("error", "config.invalid", { setting: error.setting, problem: error.message });
    } else if (error instanceof SigningKeyError) {
      logEvent("error", "config.invalid", { setting: "SIGNING_KEY", problem: `SIGNING_KEY ${error.message}` });
    } else {
      // Not a setting at fault (for example a runtime without WebCrypto support for the key).
      logEvent("error", "config.invalid", { setting: null, problem: error instanceof Error ? error.name : "unknown error" });
    }
    return null;
  }
}

export default createWorker();
