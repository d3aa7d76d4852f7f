/**
 * Adds `Strict-Transport-Security` to a response served over HTTPS, unless
 * the origin set its own. `maxAgeSeconds` of 0 adds nothing. Plain-HTTP
 * responses never carry it (browsers ignore it there, RFC 6797 section 7.2).
 */
export function withSecurityHeaders(response: Response, requestUrl: string, maxAgeSeconds: number): Response {
  if (maxAgeSeconds === 0 || !requestUrl.startsWith("https:") || response.headers.has("strict-transport-security") || response.webSocket) {
    return response;
  }
  const secured = new Response(response.body, response);
  secured.headers.set("strict-transport-security", `max-age=${maxAgeSeconds}; includeSubDomains`);
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
