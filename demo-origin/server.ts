// Serves the demo origin on 127.0.0.1.
//
//   JWKS_URL=http://127.0.0.1:8787/_session/jwks.json node demo-origin/server.ts
//
// Environment:
//   JWKS_URL               required, the worker's public key set
//   DEMO_ORIGIN_PORT       TCP port, default 8788 (0 picks a free one)
//   ACCESS_TOKEN_ISSUER    expected `iss`, default "edge-sessions"
//   ACCESS_TOKEN_AUDIENCE  expected `aud`, default "demo-origin"
//   ROUTE_PREFIX           the worker's route prefix, for the devices page link; default "/_session"
import type { AddressInfo } from "node:net";

import { serve, type ServerType } from "@hono/node-server";
import { createRemoteJWKSet } from "jose";

import { createDemoOrigin, type DemoOriginOptions } from "./app.ts";
import { formatRequestLogLine } from "./request-log.ts";

export const DEFAULT_PORT = 8788;
export const DEFAULT_ISSUER = "edge-sessions";
export const DEFAULT_AUDIENCE = "demo-origin";

// Loopback only: the origin is meant to be reached through the worker, never
// directly from the network.
const HOSTNAME = "127.0.0.1";

export interface RunningDemoOrigin {
  /** Base URL, for example "http://127.0.0.1:8788". */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the demo origin on 127.0.0.1 and resolves once it accepts
 * connections. Logs one line per request to stdout unless `logRequest` is given.
 */
export async function startDemoOrigin(options: DemoOriginOptions & { port: number }): Promise<RunningDemoOrigin> {
  const app = createDemoOrigin({
    ...options,
    logRequest: options.logRequest ?? ((entry) => console.log(formatRequestLogLine(entry, new Date()))),
  });

  const server = await listen(app.fetch, options.port);
  const { port } = server.address() as AddressInfo;

  return { url: `http://${HOSTNAME}:${port}`, close: () => closeServer(server) };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: HOSTNAME }, () => {
      server.off("error", reject);
      resolve(server);
    });
    // EADDRINUSE and EACCES arrive as an error event instead of the listening callback.
    server.once("error", reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would hold close() open until they time out.
    if ("closeAllConnections" in server) {
      server.closeAllConnections();
    }
  });
}

/** Reads the configuration from the environment, or throws with the variable to fix. */
export function readConfig(env: NodeJS.ProcessEnv): DemoOriginOptions & { port: number } {
  const jwksUrl = env["JWKS_URL"];
  if (jwksUrl === undefined || jwksUrl === "") {
    throw new Error("JWKS_URL is missing. Set it to the worker's key set, for example http://127.0.0.1:8787/_session/jwks.json");
  }
  if (!URL.canParse(jwksUrl)) {
    throw new Error(`JWKS_URL is not a valid URL: ${jwksUrl}`);
  }

  return {
    keySet: createRemoteJWKSet(new URL(jwksUrl)),
    issuer: env["ACCESS_TOKEN_ISSUER"] || DEFAULT_ISSUER,
    audience: env["ACCESS_TOKEN_AUDIENCE"] || DEFAULT_AUDIENCE,
    routePrefix: env["ROUTE_PREFIX"] || undefined,
    port: readPort(env["DEMO_ORIGIN_PORT"]),
  };
}

function readPort(value: string | undefined): number {
  if (value === undefined || value === "") {
    return DEFAULT_PORT;
  }

  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new Error(`DEMO_ORIGIN_PORT must be an integer from 0 to 65535, got: ${value}`);
  }
  return port;
}

async function main(): Promise<void> {
  let config: DemoOriginOptions & { port: number };
  try {
    config = readConfig(process.env);
  } catch (error) {
    console.error(`demo origin: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }

  let origin: RunningDemoOrigin;
  try {
    origin = await startDemoOrigin(config);
  } catch (error) {
    console.error(`demo origin: could not listen on ${HOSTNAME}:${config.port}: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  console.log(`demo origin listening on ${origin.url} (JWKS_URL=${process.env["JWKS_URL"]}, issuer ${config.issuer}, audience ${config.audience})`);

  const stop = (signal: string) => {
    console.log(`demo origin stopping (${signal})`);
    origin.close().catch((error: unknown) => console.error("demo origin: close failed", error));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.main) {
  await main();
}
