// Provides a Redis for tests and local development: the one at REDIS_URL, or
// a redis-server child process on a free port of 127.0.0.1. The default port
// 6379 is never used, because another Redis may already run there.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "./free-port.ts";
import { parseRedisUrl, RedisConnection } from "./redis-connection.ts";

export type RedisInstance = {
  /** redis://127.0.0.1:PORT, or REDIS_URL when that was used. */
  url: string;
  /** True when this module started the redis-server process. */
  owned: boolean;
  /** Stops an owned process (SIGTERM, then waits for exit); does nothing for REDIS_URL. */
  stop(): Promise<void>;
  /** Stops and starts an owned process on the same port, so clients can reconnect; rejects for REDIS_URL. */
  restart(): Promise<void>;
};

const INSTALL_HINT = "install it with `apt-get install -y redis-server`, or set REDIS_URL to a running Redis";
const READY_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 5_000;
const POLL_INTERVAL_MS = 25;
const PORT_ATTEMPTS = 3;

/** Uses REDIS_URL when set (after checking that it replies to PING), else starts an owned redis-server. */
export async function startRedis(): Promise<RedisInstance> {
  const url = process.env.REDIS_URL;
  if (url === undefined || url === "") {
    return startRedisServer();
  }
  if (!(await repliesToPing(url))) {
    throw new Error(`REDIS_URL=${url} does not reply to PING; start that Redis or unset REDIS_URL to start a local redis-server`);
  }
  return {
    url,
    owned: false,
    stop: async () => {},
    restart: () => Promise.reject(new Error("cannot restart the Redis at REDIS_URL because this process did not start it")),
  };
}

/** Starts an owned redis-server on a free port of 127.0.0.1 with persistence off and a temporary --dir. */
export async function startRedisServer(): Promise<RedisInstance> {
  const dir = await mkdtemp(path.join(tmpdir(), "upstash-local-redis-"));
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 1; child === undefined; attempt++) {
    port = await findFreePort();
    try {
      child = await spawnRedis(port, dir);
    } catch (error) {
      // Another process may have taken the free port before redis-server bound it.
      if (attempt >= PORT_ATTEMPTS || !/address already in use/i.test((error as Error).message)) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  let current: ChildProcess | undefined = child;
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    stop: async () => {
      await stopProcess(current);
      current = undefined;
      await rm(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopProcess(current);
      current = undefined;
      current = await spawnRedis(port, dir);
    },
  };
}

/** Spawns redis-server and resolves once it replies to PING; rejects with its output if it exits first. */
async function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const args = ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));

  const exited = new Promise<never>((_resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      const hint = error.code === "ENOENT" ? `redis-server was not found on PATH; ${INSTALL_HINT}` : `redis-server failed to start: ${error.message}`;
      reject(new Error(hint));
    });
    child.once("exit", (code, signal) => {
      reject(new Error(`redis-server on port ${port} exited (code ${code}, signal ${signal}) before it was ready:\n${output.trim()}`));
    });
  });
  exited.catch(() => {});
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));

  try {
    await Promise.race([exited, waitForPing(`redis://127.0.0.1:${port}`)]);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return child;
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await repliesToPing(url)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`Redis at ${url} did not reply to PING within ${READY_TIMEOUT_MS} ms`);
}

async function repliesToPing(url: string): Promise<boolean> {
  let connection: RedisConnection | undefined;
  try {
    connection = await RedisConnection.open(parseRedisUrl(url));
    const [reply] = await connection.send([["PING"]]);
    return reply?.kind === "status" && reply.value.toString() === "PONG";
  } catch {
    return false;
  } finally {
    connection?.close();
  }
}

/** Sends SIGTERM and waits for exit; sends SIGKILL if the process is still running after STOP_TIMEOUT_MS. */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
