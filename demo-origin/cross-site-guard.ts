// Rejects state-changing requests that a browser marks as coming from another
// site. Without this, any web page could post its own credentials to /login and
// sign the visitor in to the attacker's account (login CSRF), or sign them out.
import type { MiddlewareHandler } from "hono";

// Sec-Fetch-Site values (Fetch Metadata Request Headers) that a form on this
// origin or a URL the user typed produce. "same-site" is rejected too, because a
// sibling subdomain is a different, possibly less trusted, application.
const ALLOWED_FETCH_SITES = new Set(["same-origin", "none"]);

/**
 * Returns middleware that responds with 403 to a request whose Sec-Fetch-Site is
 * not same-origin or none.
 *
 * NOTE: A request without Sec-Fetch-Site passes, so scripts and curl work.
 * Browsers that predate Fetch Metadata (Safari before 16.4) are unprotected.
 */
export function rejectCrossSiteRequests(): MiddlewareHandler {
  return async (c, next) => {
    const fetchSite = c.req.header("Sec-Fetch-Site");
    if (fetchSite !== undefined && !ALLOWED_FETCH_SITES.has(fetchSite.toLowerCase())) {
      return c.json({ error: `cross-site request rejected (Sec-Fetch-Site: ${fetchSite})` }, 403);
    }

    await next();
  };
}
