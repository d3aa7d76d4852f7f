// The benchmark's origin: a plain Node HTTP server on 127.0.0.1 that returns a
// small fixed body, so the origin's own cost stays small and equal for every
// variant. It counts requests and the distinct access tokens it receives,
// which bounds the number of signatures a worker made in a window.
//
//   GET /login?user=U   responds with Session-Control {"action":"login","user":U}
//   GET /logout         responds with Session-Control {"action":"logout"}
//   GET /whoami         returns {"user": <sub of the access token> | null}
//   anything else       returns the fixed body

import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const FIXED_BODY = JSON.stringify({ ok: true, note: "edge-sessions benchmark origin" });

/** Counts since the last `takeWindow()`. */
export interface OriginWindow {
  requests: number;
  /** Requests that carried an Authorization header. */
  withToken: number;
  distinctTokens: number;
}

export interface BenchOrigin {
  url: string;
  takeWindow(): OriginWindow;
  close(): Promise<void>;
}

export async function startBenchOrigin(): Promise<BenchOrigin> {
  let requests = 0;
  let withToken = 0;
  let tokens = new Set<string>();

  const server = http.createServer((request, response) => {
    requests++;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      withToken++;
      tokens.add(authorization);
    }
    // The body of a GET is empty; draining keeps keep-alive sockets usable for other methods.
    request.resume();
    request.on("end", () => respond(request, response, authorization));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    takeWindow() {
      const window = { requests, withToken, distinctTokens: tokens.size };
      requests = 0;
      withToken = 0;
      tokens = new Set();
      return window;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(request: IncomingMessage, response: ServerResponse, authorization: string | undefined): void {
  const url = new URL(request.url ?? "/", "http://origin.invalid");
  response.setHeader("content-type", "application/json");
  if (url.pathname === "/login") {
    const user = url.searchParams.get("user") ?? "u0";
    response.setHeader("session-control", JSON.stringify({ action: "login", user }));
  } else if (url.pathname === "/logout") {
    response.setHeader("session-control", JSON.stringify({ action: "logout" }));
  } else if (url.pathname === "/whoami") {
    response.end(JSON.stringify({ user: tokenSubject(authorization) }));
    return;
  }
  response.end(FIXED_BODY);
}

/**
 * Reads `sub` from a bearer JWT without verifying it: the worker under test
 * is the only client that can reach this origin with a token, and the soak
 * test only needs to know which user the worker vouched for.
 */
function tokenSubject(authorization: string | undefined): string | null {
  const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : undefined;
  const payload = token?.split(".")[1];
  if (payload === undefined) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown };
    return typeof claims.sub === "string" ? claims.sub : null;
  } catch {
    return null;
  }
}
