import { errorResponse } from "../http/responses.ts";
import { isSameOriginRequest } from "../http/same-origin.ts";
import { logEvent } from "../log.ts";
import type { Runtime } from "../runtime.ts";
import { MAX_LOGIN_BODY_BYTES } from "../throttle/login-throttle.ts";

/**
 * Largest Cookie header the worker accepts, in bytes. Browsers send at most
 * 4096 bytes per cookie, and many origin servers cap a header at 8 KB.
 */
export const MAX_COOKIE_HEADER_BYTES = 8192;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Either the response that ends the request here, or the body to forward. */
export type GuardResult = { response: Response } | { body: Uint8Array | ReadableStream | null };

/**
 * Checks a request before it is forwarded: the Cookie header's size (before
 * any store call), the same-origin rule for unsafe methods when
 * CHECK_ORIGIN_ON_PROXIED_REQUESTS is on, and the login throttle for POSTs to
 * LOGIN_PATHS. The throttle reads the body, so the guard returns the body to forward.
 */
export async function guardProxiedRequest(request: Request, runtime: Runtime): Promise<GuardResult> {
  const cookie = request.headers.get("cookie");
  if (cookie !== null && isOverCookieLimit(cookie)) {
    return { response: errorResponse(431, "cookie_too_large", `The Cookie header is larger than ${MAX_COOKIE_HEADER_BYTES} bytes.`) };
  }
  const unsafe = !SAFE_METHODS.has(request.method);
  if (unsafe && runtime.settings.checkOriginOnProxiedRequests && !isSameOriginRequest(request)) {
    return { response: errorResponse(403, "cross_origin_request", "This request must come from a page of the same origin (Origin or Sec-Fetch-Site header).") };
  }

  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const throttle = runtime.loginThrottle;
  if (!throttle || request.method !== "POST" || !runtime.settings.loginPaths.includes(new URL(request.url).pathname)) {
    return { body: hasBody ? request.body : null };
  }
  const result = await throttle.check(request);
  if (result.allowed) return { body: result.body };
  if ("tooLarge" in result) {
    return { response: errorResponse(413, "login_body_too_large", `A login request body must be at most ${MAX_LOGIN_BODY_BYTES} bytes.`) };
  }
  logEvent("warn", "login.throttled", {
    ip: request.headers.get("cf-connecting-ip"),
    limit: result.limitedBy.join(","),
    retry_after: result.retryAfterSeconds,
  });
  return {
    response: errorResponse(429, "too_many_login_attempts", "Too many login attempts. Try again later.", {
      "retry-after": String(result.retryAfterSeconds),
    }),
  };
}

/**
 * Returns whether a Cookie header is over MAX_COOKIE_HEADER_BYTES in UTF-8.
 * A UTF-16 code unit takes at most 3 bytes in UTF-8, so a header of at most
 * a third of the limit in code units is under it without being encoded.
 */
function isOverCookieLimit(cookie: string): boolean {
  if (cookie.length * 3 <= MAX_COOKIE_HEADER_BYTES) return false;
  return new TextEncoder().encode(cookie).byteLength > MAX_COOKIE_HEADER_BYTES;
}
