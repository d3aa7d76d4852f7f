// Runs the whole stack locally with no account and no internet:
//
//   redis-server (own, on a free port; or REDIS_URL)
//     <- local Upstash REST server   http://127.0.0.1:8079   (DEV_STORE_PORT)
//     <- the worker in wrangler dev   http://127.0.0.1:8787   (DEV_WORKER_PORT, open this)
//     -> the demo origin              http://127.0.0.1:8788   (DEV_ORIGIN_PORT)
//
// The environment variables move a part to another port, so a second stack
// (the browser test's) can run beside a developer's. Ctrl-C or SIGTERM stops
// all of it. The REST token and a signing key are generated for each run and
// reach wrangler through .wrangler/dev-<worker port>.env, never the command line.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { parseEnv } from "node:util";
import { createRemoteJWKSet, exportJWK, generateKeyPair } from "jose";
import { startDemoOrigin } from "../demo-origin/server.ts";
import type { Env } from "../src/config/env.ts";
import { parseSettings, SettingError, type Settings } from "../src/config/settings.ts";
import { startRedis } from "../upstash-local/redis-process.ts";
import { startRestServer } from "../upstash-local/server.ts";
import { stopChild } from "./stop-child.ts";
import { readWranglerVars } from "./wrangler-vars.ts";

const WORKER_PORT = readPort("DEV_WORKER_PORT", 8787);
const ORIGIN_PORT = readPort("DEV_ORIGIN_PORT", 8788);
const REST_PORT = readPort("DEV_STORE_PORT", 8079);
const WORKER_URL = `http://127.0.0.1:${WORKER_PORT}`;
const ORIGIN_URL = `http://127.0.0.1:${ORIGIN_PORT}`;
const READY_TIMEOUT_MS = 60_000;

const root = path.resolve(import.meta.dirname, "..");
const developerVarsFile = path.join(root, ".dev.vars");
const stops: Array<() => Promise<void>> = [];

/** Reads a TCP port from the environment, or exits with the variable to fix. */
function readPort(name: string, defaultPort: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return defaultPort;

  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    console.error(`dev: ${name} must be an integer from 1 to 65535, got: ${value}`);
    process.exit(1);
  }
  return port;
}

async function main(): Promise<void> {
  await assertPortFree(WORKER_PORT, "DEV_WORKER_PORT");
  await assertPortFree(ORIGIN_PORT, "DEV_ORIGIN_PORT");
  await assertPortFree(REST_PORT, "DEV_STORE_PORT");
  const settings = await readDevSettings();

  const redis = await startRedis();
  stops.push(() => redis.stop());
  const restToken = randomBytes(24).toString("base64url");
  const rest = await startRestServer({ redisUrl: redis.url, token: restToken, port: REST_PORT });
  stops.push(() => rest.close());
  const origin = await startDemoOrigin({
    port: ORIGIN_PORT,
    keySet: createRemoteJWKSet(new URL(`${WORKER_URL}${settings.routePrefix}/jwks.json`)),
    issuer: settings.accessTokenIssuer,
    audience: settings.accessTokenAudience,
    routePrefix: settings.routePrefix,
  });
  stops.push(() => origin.close());

  const envFile = await writeDevEnv(restToken);
  // The secrets are valid for this run only, so the file goes once wrangler has stopped.
  stops.push(() => rm(envFile, { force: true }));
  const wrangler = startWrangler(envFile, rest.url, origin.url);
  stops.push(() => stopChild(wrangler));
  await waitUntilReady(wrangler, settings.routePrefix);

  console.log([
    "",
    `edge-sessions is running: open ${WORKER_URL}`,
    `  demo users: alice@example.com / alice-demo-password, bob@example.com / bob-demo-password`,
    `  worker ${WORKER_URL} -> demo origin ${origin.url}`,
    `  store  ${rest.url} -> ${redis.owned ? `redis-server ${redis.url}` : "REDIS_URL"}`,
    "Press Ctrl-C to stop.",
    "",
  ].join("\n"));
}

/**
 * Checks the worker's settings as the worker will see them, with the worker's
 * own parser, before anything starts: wrangler.toml's [vars], then the
 * developer's .dev.vars on top, then what this script passes itself. The
 * secrets it generates later are only checked for presence here, so they
 * get placeholders. Throws with the setting to fix.
 */
async function readDevSettings(): Promise<Settings> {
  const developerVars = existsSync(developerVarsFile) ? parseEnv(await readFile(developerVarsFile, "utf8")) : {};
  const env = {
    ...(await readWranglerVars()),
    ...developerVars,
    ORIGIN_URL,
    UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${REST_PORT}`,
    UPSTASH_REDIS_REST_TOKEN: "generated-at-start",
    SIGNING_KEY: "generated-at-start",
  } as Env;
  try {
    return parseSettings(env);
  } catch (error) {
    if (error instanceof SettingError) throw new Error(`${error.message}. Fix it in .dev.vars or wrangler.toml`);
    throw error;
  }
}

/** Rejects with the variable to change when a port cannot be used, before anything starts. */
function assertPortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      const unusable = error.code === "EADDRINUSE" || error.code === "EACCES";
      reject(unusable ? new Error(`port ${port} on 127.0.0.1 cannot be used (${error.code}); set ${variable} to a free port`) : error);
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

/** Writes the run's secrets where wrangler reads them, and the geolocation fixture. */
async function writeDevEnv(restToken: string): Promise<string> {
  const directory = path.join(root, ".wrangler");
  await mkdir(directory, { recursive: true });
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const signingKey = JSON.stringify({ ...(await exportJWK(privateKey)), kid: "dev-key", alg: "ES256" });
  // One file per worker port, so that a second stack never rewrites the secrets of a running one.
  const envFile = path.join(directory, `dev-${WORKER_PORT}.env`);
  await writeFile(envFile, `UPSTASH_REDIS_REST_TOKEN=${restToken}\nSIGNING_KEY='${signingKey}'\n`, { mode: 0o600 });
  // Miniflare fetches request.cf from the network unless its cache file is
  // younger than 30 days; a fresh copy of the fixture keeps it offline.
  await copyFile(path.join(root, "test/fixtures/cf.json"), path.join(directory, "cf.json"));
  return envFile;
}

function startWrangler(envFile: string, storeUrl: string, originUrl: string): ChildProcess {
  const wranglerBin = path.join(root, "node_modules/.bin/wrangler");
  // A developer's own .dev.vars (for example ADMIN_API_TOKEN) is read first;
  // the run's generated secrets come later and win where both set a name.
  const envFiles = existsSync(developerVarsFile) ? ["--env-file", developerVarsFile, "--env-file", envFile] : ["--env-file", envFile];
  const args = [
    "dev", "--ip", "127.0.0.1", "--port", String(WORKER_PORT), ...envFiles,
    "--var", `UPSTASH_REDIS_REST_URL:${storeUrl}`, "--var", `ORIGIN_URL:${originUrl}`,
    "--show-interactive-dev-session=false",
  ];
  return spawn(wranglerBin, args, {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_PATH: path.join(root, ".wrangler/cf.json"),
      // Inside the project's ignored .wrangler/ folder instead of the user's home.
      WRANGLER_LOG_PATH: path.join(root, ".wrangler/logs"),
    },
  });
}

async function waitUntilReady(wrangler: ChildProcess, routePrefix: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (wrangler.exitCode !== null) throw new Error(`wrangler dev exited with code ${wrangler.exitCode}`);
    let status: number | null = null;
    try {
      status = (await fetch(`${WORKER_URL}${routePrefix}/jwks.json`)).status;
    } catch {
      // Not listening yet.
    }
    if (status === 200) return;
    // The worker responds to every request with 500 while a setting is invalid.
    if (status === 500) {
      throw new Error(`the worker at ${WORKER_URL} responds with 500 because a setting is invalid (see the config.invalid line in the output). Fix it in .dev.vars or wrangler.toml`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not respond on ${WORKER_URL}${routePrefix}/jwks.json within ${READY_TIMEOUT_MS / 1000} s`);
}

async function stopAll(): Promise<void> {
  for (const stop of stops.reverse()) {
    await stop().catch((error: unknown) => console.error(`dev: stop failed: ${(error as Error).message}`));
  }
  stops.length = 0;
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping...");
    void stopAll().then(() => process.exit(0));
  });
}

main().catch(async (error: unknown) => {
  console.error(`dev: ${(error as Error).message}`);
  await stopAll();
  process.exit(1);
});
