// The load process: receives jobs from the bench process over the IPC channel
// and sends every measured request, so the load generator never shares an
// event loop with the servers it measures.
//
// A load job runs its warm-up, reports `ready`, and starts the measured run
// only on `go`, so the bench process can read its counters in between.

import autocannon, { type AutocannonClient, type AutocannonOptions, type AutocannonRequest } from "autocannon";
import type { FromLoadProcess, LoadJob, LoadResult, LoginJob, LoginResult, ToLoadProcess } from "./load-protocol.ts";
import { LatencySamples } from "./percentiles.ts";
import { runSoakClients } from "./soak-clients.ts";

// A request that takes this long counts as a timeout, in seconds.
const REQUEST_TIMEOUT_SECONDS = 10;

const waitingForGo = new Map<number, () => void>();

function send(message: FromLoadProcess): void {
  process.send?.(message);
}

process.on("message", (message: ToLoadProcess) => {
  if ("shutdown" in message) {
    process.disconnect();
    return;
  }
  if ("go" in message) {
    waitingForGo.get(message.id)?.();
    waitingForGo.delete(message.id);
    return;
  }
  const { id, job } = message;
  const work = job.kind === "load" ? runLoad(id, job) : job.kind === "login" ? logIn(job) : runSoakClients(job);
  work.then(
    (result) => send({ id, result }),
    (error: unknown) => send({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});

async function runLoad(id: number, job: LoadJob): Promise<LoadResult> {
  if (job.warmupSeconds > 0) await runAutocannon(job, { duration: job.warmupSeconds });
  const go = new Promise<void>((resolve) => waitingForGo.set(id, resolve));
  send({ id, ready: true });
  await go;
  return runAutocannon(job, job.amount === undefined ? { duration: job.durationSeconds } : { amount: job.amount });
}

function runAutocannon(job: LoadJob, length: Pick<AutocannonOptions, "duration" | "amount">): Promise<LoadResult> {
  const samples = new LatencySamples();
  let counter = 0;
  let nextClient = 0;
  const request: AutocannonRequest = {
    method: "GET",
    path: job.path,
    setupRequest: (raw) => ({ ...raw, path: job.path.replace("{n}", String(counter++ % (job.rotate ?? 1))) }),
  };
  const options: AutocannonOptions = {
    url: job.url,
    connections: job.connections,
    timeout: REQUEST_TIMEOUT_SECONDS,
    ...length,
    requests: [request],
    setupClient: (client: AutocannonClient) => {
      const headers = job.connectionHeaders[nextClient++ % Math.max(1, job.connectionHeaders.length)];
      if (headers !== undefined) client.setHeaders(headers);
    },
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => {
      if (error) {
        reject(error);
        return;
      }
      const statusCounts: Record<string, number> = {};
      for (const [status, stats] of Object.entries(result.statusCodeStats)) statusCounts[status] = Number(stats.count);
      resolve({
        responses: samples.count,
        durationSeconds: result.duration,
        requestsPerSecond: samples.count / result.duration,
        latency: samples.summarize(),
        statusCounts,
        errors: result.errors,
        timeouts: result.timeouts,
      });
    });
    instance.on("response", (_client: unknown, _status: number, _bytes: number, milliseconds: number) => samples.add(milliseconds));
  });
}

async function logIn(job: LoginJob): Promise<LoginResult> {
  const cookies: string[] = new Array<string>(job.users.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < job.users.length) {
      const index = next++;
      cookies[index] = await logInOne(job, job.users[index]!);
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return { cookies };
}

async function logInOne(job: LoginJob, user: string): Promise<string> {
  const response = await fetch(`${job.url}/login?user=${encodeURIComponent(user)}`, { redirect: "manual" });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${job.cookieName}=`));
  if (response.status !== 200 || cookie === undefined) {
    throw new Error(`login of ${user} failed: status ${response.status}, no ${job.cookieName} cookie`);
  }
  return cookie.split(";")[0]!;
}
