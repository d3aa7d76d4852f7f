// Runs `node scripts/dev.ts` (the stack behind `npm run dev`) on free loopback
// ports, so a browser test can drive the real worker beside a developer's
// own running stack.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export interface DevStack {
  /** The worker's base URL, for example "http://127.0.0.1:40123". */
  workerUrl: string;
  /** Sends SIGINT, as Ctrl-C does, and resolves with the exit code once the script has exited. */
  stop(): Promise<number | null>;
}

/** The line dev.ts prints once every part responds. */
const READY_PATTERN = /edge-sessions is running: open (http:\/\/127\.0\.0\.1:\d+)/;
const STOP_TIMEOUT_MS = 20_000;
// Kept for the error message when the stack fails to start or stop.
const MAX_OUTPUT_CHARS = 8_000;

const root = path.resolve(import.meta.dirname, "../..");

/** Starts the stack and resolves once dev.ts reports it running, or rejects after `timeoutMs`. */
export async function startDevStack(timeoutMs: number): Promise<DevStack> {
  const [workerPort, originPort, storePort] = await findFreePorts(3);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEV_WORKER_PORT: String(workerPort),
    DEV_ORIGIN_PORT: String(originPort),
    DEV_STORE_PORT: String(storePort),
  };
  // Its own redis-server, so the test never writes into a developer's database.
  delete env["REDIS_URL"];

  const child = spawn(process.execPath, ["scripts/dev.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = collectOutput(child);

  try {
    const workerUrl = await waitForReadyLine(child, output, timeoutMs);
    return { workerUrl, stop: () => stopChild(child, output) };
  } catch (error) {
    await stopChild(child, output).catch(() => {});
    throw error;
  }
}

// A port is free when the kernel hands it out for a listener on 127.0.0.1.
// Another process could take it before dev.ts binds it, which only makes the
// start fail with EADDRINUSE.
async function findFreePorts(count: number): Promise<number[]> {
  const servers = [];
  for (let index = 0; index < count; index++) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    servers.push(server);
  }

  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

interface Output {
  text: string;
}

function collectOutput(child: ChildProcess): Output {
  const output = { text: "" };
  const append = (chunk: Buffer) => {
    output.text = (output.text + chunk.toString("utf8")).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return output;
}

function waitForReadyLine(child: ChildProcess, output: Output, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`dev stack did not report running within ${timeoutMs} ms:\n${output.text}`)), timeoutMs);
    const onData = () => {
      const match = READY_PATTERN.exec(output.text);
      if (match?.[1] !== undefined) finish(match[1]);
    };
    const onExit = (code: number | null) => finish(new Error(`dev stack exited with code ${code} before it was running:\n${output.text}`));
    const finish = (result: string | Error) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };

    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

function stopChild(child: ChildProcess, output: Output): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dev stack did not exit within ${STOP_TIMEOUT_MS} ms of SIGINT:\n${output.text}`));
    }, STOP_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill("SIGINT");
  });
}
