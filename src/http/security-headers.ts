/**
 * Adds `Strict-Transport-Security` to a response served over HTTPS, unless
 * the origin set its own. `maxAgeSeconds` of 0 adds nothing. Plain-HTTP
 * responses never carry it (browsers ignore it there, RFC 6797 section 7.2).
 *
 * The header is set in place when the response's headers are mutable, as
 * they are for every response the worker builds, so the common case copies
 * nothing. A response with immutable headers is copied first.
 */
export function withSecurityHeaders(response: Response, requestUrl: string, maxAgeSeconds: number): Response {
  if (maxAgeSeconds === 0 || !requestUrl.startsWith("https:") || response.headers.has("strict-transport-security") || response.webSocket) {
    return response;
  }
  const value = `max-age=${maxAgeSeconds}; includeSubDomains`;
  try {
    response.headers.set("strict-transport-security", value);
    return response;
  } catch (error) {
    // Immutable headers throw a TypeError. Any other error is a real fault.
    if (!(error instanceof TypeError)) throw error;
  }
  const secured = new Response(response.body, response);
  secured.headers.set("strict-transport-security", value);
  return secured;
}

/**
 * Headers of a response that ends the browser's session: the cookie-clearing
 * line, no caching, and `Clear-Site-Data: "cache"` so pages cached for the
 * signed-in user are dropped. Cookies of the app itself are left alone.
 */
export function logoutHeaders(clearCookie: string): Headers {
  return new Headers({ "set-cookie": clearCookie, "cache-control": "no-store", "clear-site-data": '"cache"' });
}
