import type { Env } from "./env.ts";

/** Validated configuration. Durations carry their unit in the name. */
export interface Settings {
  /** Origin that receives every request the worker does not handle itself; scheme, host and port only. */
  originUrl: URL;
  storeUrl: string;
  storeToken: string;
  /** Private JWK (JSON text) that signs access tokens. */
  signingKey: string;
  /** Path prefix of the worker's own routes, for example `/_session`; never ends with `/`. */
  routePrefix: string;
  cookieName: string;
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
  accessTokenTtlSeconds: number;
  /** Lower-case header name that carries the access token to the origin. */
  accessTokenHeader: string;
  accessTokenIssuer: string;
  accessTokenAudience: string;
  /** Lower-case header name of the session-control channel between origin and worker. */
  sessionControlHeader: string;
  storeTimeoutMs: number;
  storeKeyPrefix: string;
  /** Most live sessions per user; a login beyond it ends the least recently active one. */
  maxSessionsPerUser: number;
  /** How long an ended session's audit record is kept, in seconds; 0 keeps none. */
  auditRetentionSeconds: number;
  /** Bearer token of the admin API; null turns the admin API off. */
  adminApiToken: string | null;
  /** Webhook URL for new-device sign-ins; null turns the report off. */
  newDeviceWebhookUrl: URL | null;
  /** Paths whose POST requests are login attempts and are throttled; empty turns throttling off. */
  loginPaths: string[];
  /** Body field (JSON or form) that names the account in a login attempt. */
  loginAccountField: string;
  loginLimitPerIp: RateLimit;
  loginLimitPerAccount: RateLimit;
  /** Lower-case names of extra request headers that only the worker may set (clients' copies are dropped). */
  protectedRequestHeaders: string[];
  /** Whether unsafe proxied requests must also pass the same-origin check. */
  checkOriginOnProxiedRequests: boolean;
  /** `Strict-Transport-Security` max-age for HTTPS responses, in seconds; 0 sends none. */
  hstsMaxAgeSeconds: number;
  /** Public JWKs published beside the signing key (the next key, or retired ones), as JSON text. */
  jwksExtraKeys: string;
  /**
   * How recent the caller's login must be, in seconds, to sign out other
   * sessions; 0 requires no recent login.
   */
  signOutRequiresLoginWithinSeconds: number;
}

/** A rate limit: at most `limit` attempts per window. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** A setting that is missing or invalid, named so an operator can fix it. */
export class SettingError extends Error {
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super(`${setting} ${problem}`);
    this.name = "SettingError";
    this.setting = setting;
  }
}

// Browsers cap a cookie's Max-Age at 400 days (RFC 6265bis, section 5.6.1).
const MAX_COOKIE_AGE_SECONDS = 400 * 24 * 60 * 60;
// Access tokens are bearer credentials the origin cannot revoke, so they stay short.
const MAX_ACCESS_TOKEN_TTL_SECONDS = 300;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const COOKIE_NAME = /^__Host-[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const DEFAULTS = {
  ROUTE_PREFIX: "/_session",
  SESSION_COOKIE_NAME: "__Host-sid",
  IDLE_TIMEOUT_SECONDS: "1800",
  ABSOLUTE_TIMEOUT_SECONDS: "7776000",
  ACCESS_TOKEN_TTL_SECONDS: "60",
  ACCESS_TOKEN_HEADER: "Authorization",
  ACCESS_TOKEN_ISSUER: "edge-sessions",
  SESSION_CONTROL_HEADER: "Session-Control",
  STORE_TIMEOUT_MS: "2000",
  STORE_KEY_PREFIX: "es:",
  MAX_SESSIONS_PER_USER: "50",
  AUDIT_RETENTION_SECONDS: "2592000",
  LOGIN_PATHS: "",
  LOGIN_ACCOUNT_FIELD: "email",
  LOGIN_LIMIT_PER_IP: "30/60",
  LOGIN_LIMIT_PER_ACCOUNT: "10/60",
  PROTECTED_REQUEST_HEADERS: "",
  CHECK_ORIGIN_ON_PROXIED_REQUESTS: "false",
  HSTS_MAX_AGE_SECONDS: "31536000",
  JWKS_EXTRA_KEYS: "[]",
  SIGN_OUT_REQUIRES_LOGIN_WITHIN_SECONDS: "0",
} as const satisfies Partial<Record<keyof Env, string>>;

/**
 * Parses and checks every setting. Throws a `SettingError` naming the first
 * setting that is missing or invalid.
 */
export function parseSettings(env: Env): Settings {
  const idleTimeoutSeconds = readInteger(env, "IDLE_TIMEOUT_SECONDS", 1, MAX_COOKIE_AGE_SECONDS);
  const absoluteTimeoutSeconds = readInteger(env, "ABSOLUTE_TIMEOUT_SECONDS", 1, MAX_COOKIE_AGE_SECONDS);
  if (absoluteTimeoutSeconds < idleTimeoutSeconds) {
    throw new SettingError("ABSOLUTE_TIMEOUT_SECONDS", "must not be shorter than IDLE_TIMEOUT_SECONDS");
  }
  const originUrl = readOriginUrl(env);

  return {
    originUrl,
    storeUrl: readHttpUrl(env, "UPSTASH_REDIS_REST_URL").href.replace(/\/$/, ""),
    storeToken: readRequired(env, "UPSTASH_REDIS_REST_TOKEN"),
    signingKey: readRequired(env, "SIGNING_KEY"),
    routePrefix: readRoutePrefix(env),
    cookieName: readMatching(env, "SESSION_COOKIE_NAME", COOKIE_NAME, "must start with __Host- and be a valid cookie name"),
    idleTimeoutSeconds,
    absoluteTimeoutSeconds,
    accessTokenTtlSeconds: readInteger(env, "ACCESS_TOKEN_TTL_SECONDS", 1, MAX_ACCESS_TOKEN_TTL_SECONDS),
    accessTokenHeader: readHeaderName(env, "ACCESS_TOKEN_HEADER"),
    accessTokenIssuer: readText(env, "ACCESS_TOKEN_ISSUER"),
    accessTokenAudience: env.ACCESS_TOKEN_AUDIENCE?.trim() || originUrl.origin,
    sessionControlHeader: readHeaderName(env, "SESSION_CONTROL_HEADER"),
    storeTimeoutMs: readInteger(env, "STORE_TIMEOUT_MS", 50, 30_000),
    storeKeyPrefix: readMatching(env, "STORE_KEY_PREFIX", /^[\x21-\x7e]{0,64}$/, "must be at most 64 printable ASCII characters"),
    maxSessionsPerUser: readInteger(env, "MAX_SESSIONS_PER_USER", 1, 1000),
    auditRetentionSeconds: readInteger(env, "AUDIT_RETENTION_SECONDS", 0, MAX_COOKIE_AGE_SECONDS),
    adminApiToken: readAdminApiToken(env),
    newDeviceWebhookUrl: env.NEW_DEVICE_WEBHOOK_URL?.trim() ? readHttpUrl(env, "NEW_DEVICE_WEBHOOK_URL") : null,
    loginPaths: readList(env, "LOGIN_PATHS", /^\/[\x21-\x7e]{0,255}$/, "must be a comma-separated list of paths starting with /"),
    loginAccountField: readMatching(env, "LOGIN_ACCOUNT_FIELD", /^[A-Za-z0-9_.-]{1,64}$/, "must be a form or JSON field name"),
    loginLimitPerIp: readRateLimit(env, "LOGIN_LIMIT_PER_IP"),
    loginLimitPerAccount: readRateLimit(env, "LOGIN_LIMIT_PER_ACCOUNT"),
    protectedRequestHeaders: readList(env, "PROTECTED_REQUEST_HEADERS", HEADER_NAME, "must be a comma-separated list of header names")
      .map((name) => name.toLowerCase().replaceAll("_", "-")),
    checkOriginOnProxiedRequests: readBoolean(env, "CHECK_ORIGIN_ON_PROXIED_REQUESTS"),
    hstsMaxAgeSeconds: readInteger(env, "HSTS_MAX_AGE_SECONDS", 0, 2 * 365 * 24 * 60 * 60),
    jwksExtraKeys: readRequired(env, "JWKS_EXTRA_KEYS"),
    signOutRequiresLoginWithinSeconds: readInteger(env, "SIGN_OUT_REQUIRES_LOGIN_WITHIN_SECONDS", 0, MAX_COOKIE_AGE_SECONDS),
  };
}

function readRaw(env: Env, name: keyof Env): string | undefined {
  const value = env[name] ?? (DEFAULTS as Partial<Record<keyof Env, string>>)[name];
  return typeof value === "string" ? value.trim() : undefined;
}

function readRequired(env: Env, name: keyof Env): string {
  const value = readRaw(env, name);
  if (!value) throw new SettingError(name, "is missing");
  return value;
}

function readText(env: Env, name: keyof Env): string {
  return readMatching(env, name, /^[\x20-\x7e]{1,256}$/, "must be 1 to 256 printable ASCII characters");
}

function readMatching(env: Env, name: keyof Env, pattern: RegExp, rule: string): string {
  const value = readRaw(env, name);
  if (value === undefined) throw new SettingError(name, "is missing");
  if (!pattern.test(value)) throw new SettingError(name, rule);
  return value;
}

function readInteger(env: Env, name: keyof Env, min: number, max: number): number {
  const text = readRequired(env, name);
  const value = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new SettingError(name, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function readHeaderName(env: Env, name: keyof Env): string {
  return readMatching(env, name, HEADER_NAME, "must be a valid HTTP header name").toLowerCase();
}

function readHttpUrl(env: Env, name: keyof Env): URL {
  const text = readRequired(env, name);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingError(name, "must be an absolute http or https URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SettingError(name, "must be an absolute http or https URL");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new SettingError(name, "must not contain credentials, a query or a fragment");
  }
  return url;
}

function readOriginUrl(env: Env): URL {
  const url = readHttpUrl(env, "ORIGIN_URL");
  if (url.pathname !== "/") {
    throw new SettingError("ORIGIN_URL", "must have no path: the request path is appended to it unchanged");
  }
  return url;
}

function readRoutePrefix(env: Env): string {
  const prefix = readMatching(env, "ROUTE_PREFIX", /^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, "must be a path such as /_session, without a trailing slash");
  return prefix;
}

// A guessable admin token would open every user's sessions, so short ones are rejected.
const MIN_ADMIN_TOKEN_LENGTH = 32;

function readAdminApiToken(env: Env): string | null {
  const token = env.ADMIN_API_TOKEN?.trim();
  if (!token) return null;
  if (token.length < MIN_ADMIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new SettingError("ADMIN_API_TOKEN", `must be at least ${MIN_ADMIN_TOKEN_LENGTH} printable ASCII characters without spaces`);
  }
  return token;
}

function readList(env: Env, name: keyof Env, itemPattern: RegExp, rule: string): string[] {
  const text = readRaw(env, name) ?? "";
  const items = text.split(",").map((item) => item.trim()).filter((item) => item !== "");
  if (items.length > 32 || !items.every((item) => itemPattern.test(item))) throw new SettingError(name, rule);
  return items;
}

function readBoolean(env: Env, name: keyof Env): boolean {
  const text = readRequired(env, name);
  if (text !== "true" && text !== "false") throw new SettingError(name, 'must be "true" or "false"');
  return text === "true";
}

function readRateLimit(env: Env, name: keyof Env): RateLimit {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(readRequired(env, name));
  const limit = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (!match || limit < 1 || windowSeconds < 1 || windowSeconds > 86_400) {
    throw new SettingError(name, 'must be "<attempts>/<seconds>", for example "5/60", with a window of at most 86400 seconds');
  }
  return { limit, windowSeconds };
}
