/**
 * The bindings the worker reads. Plain settings come from `[vars]` in
 * wrangler.toml, secrets from `wrangler secret put`. Every value arrives as a
 * string (or is missing) and is checked by `parseSettings`.
 */
export interface Env {
  ORIGIN_URL?: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  SIGNING_KEY?: string;
  ROUTE_PREFIX?: string;
  SESSION_COOKIE_NAME?: string;
  IDLE_TIMEOUT_SECONDS?: string;
  ABSOLUTE_TIMEOUT_SECONDS?: string;
  ACCESS_TOKEN_TTL_SECONDS?: string;
  ACCESS_TOKEN_HEADER?: string;
  ACCESS_TOKEN_ISSUER?: string;
  ACCESS_TOKEN_AUDIENCE?: string;
  SESSION_CONTROL_HEADER?: string;
  STORE_TIMEOUT_MS?: string;
  STORE_KEY_PREFIX?: string;
  MAX_SESSIONS_PER_USER?: string;
  AUDIT_RETENTION_SECONDS?: string;
  ADMIN_API_TOKEN?: string;
  NEW_DEVICE_WEBHOOK_URL?: string;
  LOGIN_PATHS?: string;
  LOGIN_ACCOUNT_FIELD?: string;
  LOGIN_LIMIT_PER_IP?: string;
  LOGIN_LIMIT_PER_ACCOUNT?: string;
  PROTECTED_REQUEST_HEADERS?: string;
  CHECK_ORIGIN_ON_PROXIED_REQUESTS?: string;
  HSTS_MAX_AGE_SECONDS?: string;
  JWKS_EXTRA_KEYS?: string;
  SIGN_OUT_REQUIRES_LOGIN_WITHIN_SECONDS?: string;
}
