/**
 * Checks that a state-changing request comes from a page of the same origin.
 * SameSite=Strict already keeps the cookie off cross-site requests; this is
 * the second line, for browsers or setups where SameSite does not hold.
 * A request passes when its `Origin` equals the worker's own origin, or, when
 * it has no `Origin`, when `Sec-Fetch-Site` is `same-origin`. A request with
 * neither header is rejected: every current browser sends one of them.
 */
export function isSameOriginRequest(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === new URL(request.url).origin;
  return request.headers.get("sec-fetch-site") === "same-origin";
}
