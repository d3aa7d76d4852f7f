// Benchmark baseline: a worker that forwards every request to the origin and
// does nothing else, so its cost is the runtime's own (routing, one subrequest).

import { forwardToOrigin } from "./forward.ts";

interface PassThroughEnv {
  /** Scheme, host and port of the origin. */
  ORIGIN_URL: string;
}

export default {
  fetch(request: Request, env: PassThroughEnv): Promise<Response> {
    return forwardToOrigin(request, env.ORIGIN_URL);
  },
};
