// Forwarding as the baseline workers do it: the same method, path, query and
// body to the origin, redirects passed back to the client.

/** Sends `request` to the origin at `originUrl` (scheme, host and port) with `headers`. */
export function forwardToOrigin(request: Request, originUrl: string, headers: Headers = request.headers): Promise<Response> {
  const url = new URL(request.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return fetch(`${originUrl}${url.pathname}${url.search}`, {
    method: request.method,
    headers,
    body: hasBody ? request.body : null,
    redirect: "manual",
  });
}
