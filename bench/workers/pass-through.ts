// Benchmark baseline: a worker that forwards every request to the origin and
// does nothing else, so its cost is the runtime's own (routing, one subrequest).

interface PassThroughEnv {
  /** Scheme, host and port of the origin. */
  ORIGIN_URL: string;
}

export default {
  fetch(request: Request, env: PassThroughEnv): Promise<Response> {
    const url = new URL(request.url);
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    return fetch(`${env.ORIGIN_URL}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: hasBody ? request.body : null,
      redirect: "manual",
    });
  },
};
