// HTTP server that speaks the Upstash Redis REST protocol, as used by
// @upstash/redis 1.39, and forwards each command to redis-server over RESP2.

import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isAuthorized } from "./bearer-auth.ts";
import { InvalidBodyError, parseCommandList, parseSingleCommand } from "./command-body.ts";
import { findRejection } from "./command-policy.ts";
import { runPipeline, runSingle, runTransaction, type CommandResponse, type RejectionCheck } from "./command-runner.ts";
import { ConnectionPool } from "./connection-pool.ts";
import { delay } from "./delay.ts";
import { MAX_LATENCY_MS, type FaultConfig } from "./fault-config.ts";
import { handleFaultRequest } from "./fault-endpoint.ts";
import { FaultRegistry, rejectWrite } from "./fault-injection.ts";
import { sendFaultReply } from "./fault-reply.ts";
import { BodyTooLargeError, readBody, sendJson } from "./http-io.ts";
import { parseRedisUrl, RedisConnectionError } from "./redis-connection.ts";
import { encodeErrorItem, type StringEncoding } from "./reply-json.ts";
import { RequestStats } from "./request-stats.ts";
import { allowedMethodsOf, matchRoute, type Endpoint } from "./routes.ts";

export type RestServerOptions = {
  /** redis://[user:password@]host:port[/database] of the Redis that runs the commands. */
  redisUrl: string;
  /** Bearer token that clients must send. */
  token: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free port. */
  port?: number;
  /**
   * Delay added to every command request, tagged or not, in milliseconds
   * (0 to 60000, default 0). Benchmarks use it for the round trip to an Upstash region.
   */
  latencyMs?: number;
  /** Receives log lines (start, stop, Redis errors); defaults to stderr. */
  log?: (message: string) => void;
};

export type RestServer = {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Stops accepting requests, closes every HTTP socket and every Redis connection. */
  close(): Promise<void>;
};

type Context = {
  pool: ConnectionPool;
  stats: RequestStats;
  faults: FaultRegistry;
  token: string;
  latencyMs: number;
  /** Aborted by close(), which ends every pending delay. */
  closing: AbortController;
  logRedisError: (error: Error) => void;
};

/** Starts the server on 127.0.0.1 and resolves once it listens. */
export async function startRestServer(options: RestServerOptions): Promise<RestServer> {
  if (options.token === "") {
    throw new TypeError("the REST server token must not be empty");
  }
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
    throw new TypeError(`invalid latencyMs ${latencyMs}: expected an integer from 0 to ${MAX_LATENCY_MS} (milliseconds)`);
  }
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const context: Context = {
    pool: new ConnectionPool(parseRedisUrl(options.redisUrl)),
    stats: new RequestStats(),
    faults: new FaultRegistry(),
    token: options.token,
    latencyMs,
    closing: new AbortController(),
    logRedisError: createRepeatFilter(log),
  };
  const server = http.createServer((request, response) => {
    handleRequest(context, request, response).catch((error: unknown) => {
      log(`upstash-local: request failed: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) {
        sendJson(response, 500, encodeErrorItem(`ERR internal server error: ${(error as Error).message}`));
      }
    });
  });

  const port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const latencyNote = latencyMs > 0 ? `, adding ${latencyMs} ms to every command request` : "";
  log(`upstash-local: listening on ${url}, forwarding to Redis at ${redactUrl(options.redisUrl)}${latencyNote}`);
  return {
    url,
    port,
    close: () => closeServer(server, context, log),
  };
}

async function handleRequest(context: Context, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const pathname = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
  const route = matchRoute(pathname);
  if (route.kind === "not-found") {
    sendJson(response, 404, encodeErrorItem(`ERR no endpoint at ${pathname}; use /, /pipeline or /multi-exec`));
    return;
  }
  if (route.kind === "command" && route.endpoint === "base" && request.method === "GET") {
    sendJson(response, 200, JSON.stringify({ result: "upstash-local is running" }));
    return;
  }
  const allowedMethods = allowedMethodsOf(route);
  if (!allowedMethods.includes(request.method ?? "")) {
    response.setHeader("allow", allowedMethods.join(", "));
    sendJson(response, 405, encodeErrorItem(`ERR method ${request.method} is not allowed on ${pathname}; use ${allowedMethods.join(" or ")}`));
    return;
  }
  if (route.kind === "command") {
    context.stats.countRequest(route.tag);
  }
  if (!isAuthorized(request.headers.authorization, context.token)) {
    sendJson(response, 401, encodeErrorItem("Unauthorized: missing or invalid Bearer token in the Authorization header"));
    return;
  }
  if (route.kind === "stats") {
    sendJson(response, 200, JSON.stringify(context.stats.get(route.tag)));
    return;
  }
  if (route.kind === "faults") {
    await handleFaultRequest(context.faults, route.tag, request, response);
    return;
  }
  await handleCommand(context, route.endpoint, route.tag, request, response);
}

/**
 * Runs one command request: reads the body, waits the global and the fault
 * latency, then sends the fault's reply or runs the commands.
 */
async function handleCommand(context: Context, endpoint: Endpoint, tag: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const encoding: StringEncoding = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64" ? "base64" : "plain";
  // Untagged requests have the label "", which never has a fault (fault-endpoint.ts rejects it).
  const fault = context.faults.take(tag);
  let result: CommandResponse;
  try {
    const body = await readBody(request);
    if (!(await delay(context.latencyMs + (fault?.latencyMs ?? 0), context.closing.signal))) {
      return;
    }
    if (fault !== undefined && sendFaultReply(fault, endpoint, body, response)) {
      return;
    }
    result = await runEndpoint(context, endpoint, body, encoding, rejectionCheckFor(fault));
  } catch (error) {
    sendFailure(context, response, error);
    return;
  }
  context.stats.countCommands(tag, result.commandsRun);
  sendJson(response, result.status, result.body);
}

function rejectionCheckFor(fault: FaultConfig | undefined): RejectionCheck {
  if (fault?.readonly !== true) {
    return findRejection;
  }
  return (command) => findRejection(command) ?? rejectWrite(command);
}

function runEndpoint(context: Context, endpoint: Endpoint, body: string, encoding: StringEncoding, reject: RejectionCheck): Promise<CommandResponse> {
  switch (endpoint) {
    case "base":
      return runSingle(context.pool, parseSingleCommand(body), encoding, reject);
    case "pipeline":
      return runPipeline(context.pool, parseCommandList(body), encoding, reject);
    case "multi-exec":
      return runTransaction(context.pool, parseCommandList(body), encoding, reject);
  }
}

/** Maps a failure to its status: 413 body too large, 400 bad body, 500 Redis unavailable. */
function sendFailure(context: Context, response: ServerResponse, error: unknown): void {
  if (error instanceof BodyTooLargeError) {
    // The rest of the body is not read, so the connection cannot be reused.
    sendJson(response, 413, encodeErrorItem(error.message), true);
    return;
  }
  if (error instanceof InvalidBodyError) {
    sendJson(response, 400, encodeErrorItem(error.message));
    return;
  }
  if (error instanceof RedisConnectionError) {
    context.logRedisError(error);
    sendJson(response, 500, encodeErrorItem(`ERR ${error.message}`));
    return;
  }
  throw error;
}

/** Logs a Redis error only when its message differs from the previous one, so an outage logs one line, not one per request. */
function createRepeatFilter(log: (message: string) => void): (error: Error) => void {
  let lastMessage = "";
  return (error) => {
    if (error.message !== lastMessage) {
      lastMessage = error.message;
      log(`upstash-local: ${error.message}`);
    }
  };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server, context: Context, log: (message: string) => void): Promise<void> {
  context.closing.abort();
  return new Promise((resolve) => {
    server.close(() => {
      log("upstash-local: stopped");
      resolve();
    });
    server.closeAllConnections();
    context.pool.close();
  });
}

/** Removes the password from a Redis URL before it is logged. */
function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") {
    parsed.password = "***";
  }
  return parsed.toString();
}
