// One measured run: the load process sends the requests, and the bench reads
// its server-side counters right before and after the measured part, after
// the warm-up, so warm-up traffic never enters the figures.

import { readCpuMilliseconds } from "./cpu-time.ts";
import type { LoadProcess } from "./load-process.ts";
import type { LoadJob, LoadResult } from "./load-protocol.ts";
import type { Stack } from "./stack.ts";

// Time for requests still in flight when autocannon stops to reach the counters, in milliseconds.
const SETTLE_MS = 150;

/** Where a run counts its store requests and CPU time, besides its load job. */
export interface Probe {
  /** REST server label of the worker's store client, or null when it has none. */
  storeLabel: string | null;
  /** PID of the worker's workerd process, or null for the direct variant. */
  workerPid: number | null;
}

export interface Measurement {
  load: LoadResult;
  /** Store requests counted under the label during the measured run. */
  storeRequests: number;
  /** Requests that reached the origin during the measured run. */
  originRequests: number;
  /** Distinct access tokens the origin received: an upper bound on the signatures made. */
  distinctTokens: number;
  /** CPU time per response, in microseconds: the workerd process, the bench process (REST server and origin), and redis-server. */
  cpuPerResponseMicros: { workerd: number | null; restAndOrigin: number; redis: number | null };
}

interface Snapshot {
  store: number;
  workerd: number | null;
  benchProcess: number;
  redis: number | null;
}

export async function measure(stack: Stack, load: LoadProcess, job: LoadJob, probe: Probe, redisPid: number | null): Promise<Measurement> {
  let before: Snapshot | undefined;
  const result = await load.load(job, async () => {
    before = await snapshot(stack, probe, redisPid);
    stack.origin.takeWindow();
  });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const after = await snapshot(stack, probe, redisPid);
  const origin = stack.origin.takeWindow();
  if (before === undefined) throw new Error("the load process finished a run without reporting the end of its warm-up");

  const perResponse = (start: number | null, end: number | null) =>
    start === null || end === null || result.responses === 0 ? null : ((end - start) * 1000) / result.responses;
  return {
    load: result,
    storeRequests: after.store - before.store,
    originRequests: origin.requests,
    distinctTokens: origin.distinctTokens,
    cpuPerResponseMicros: {
      workerd: perResponse(before.workerd, after.workerd),
      restAndOrigin: perResponse(before.benchProcess, after.benchProcess) ?? Number.NaN,
      redis: perResponse(before.redis, after.redis),
    },
  };
}

async function snapshot(stack: Stack, probe: Probe, redisPid: number | null): Promise<Snapshot> {
  const usage = process.cpuUsage();
  return {
    store: probe.storeLabel === null ? 0 : await stack.store.requests(probe.storeLabel),
    workerd: probe.workerPid === null ? null : await readCpuMilliseconds(probe.workerPid),
    benchProcess: (usage.user + usage.system) / 1000,
    redis: redisPid === null ? null : await readCpuMilliseconds(redisPid),
  };
}
