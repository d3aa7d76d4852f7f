// npm run bench -- --soak: many clients, each with its own session, log in,
// make requests, list their sessions and log out for a fixed time, while the
// store's redis-server is restarted once in the middle. Afterwards every
// session that should be alive must validate, and every ended one must stay
// ended. The only errors allowed are 503s during the outage window.
//
// Persistence: startRedis() runs redis-server with persistence off and has no
// option to turn it on, so a restart would lose every session and make "alive
// sessions validate" untestable. The soak turns on RDB snapshots at run time
// (CONFIG SET save) on the redis-server it owns: redis-server then saves on
// SIGTERM, and the restarted process loads that file from the same --dir.
// Upstash itself is durable, so this is the behaviour the worker meets in production.

import type { LoadProcess } from "./load-process.ts";
import type { SoakError } from "./load-protocol.ts";
import type { Stack } from "./stack.ts";

export interface SoakOptions {
  seconds: number;
  clients: number;
}

const LABEL = "soak";
const COOKIE_NAME = "__Host-sid";
const REQUESTS_PER_LOOP = 5;
// A request that reached the worker just before the outage can fail up to the
// store timeout (STORE_TIMEOUT_MS in wrangler.toml, 2000 ms) after it, plus scheduling slack.
const OUTAGE_GRACE_MS = 3000;

export async function runSoak(stack: Stack, load: LoadProcess, options: SoakOptions, log: (line: string) => void): Promise<boolean> {
  const worker = await stack.startProduct(LABEL);
  await stack.store.command("CONFIG", "SET", "save", "3600 1");
  log(`soak: ${options.clients} clients for ${options.seconds} s against ${worker.url}; redis-server restarts at ${options.seconds / 2} s`);

  const startedAt = Date.now();
  const endsAt = startedAt + options.seconds * 1000;
  const outage = { start: 0, end: 0 };
  const restart = (async () => {
    await new Promise((resolve) => setTimeout(resolve, (options.seconds * 1000) / 2));
    outage.start = Date.now();
    await stack.redis.restart();
    outage.end = Date.now();
    log(`soak: redis-server restarted in ${outage.end - outage.start} ms`);
  })();

  const result = await load.soak({ kind: "soak", url: worker.url, cookieName: COOKIE_NAME, clients: options.clients, endsAt, requestsPerLoop: REQUESTS_PER_LOOP });
  await restart;

  const inWindow = (error: SoakError) => error.at >= outage.start && error.at <= outage.end + OUTAGE_GRACE_MS;
  const explained = result.errors.filter((error) => error.outcome === 503 && inWindow(error));
  const unexplained = result.errors.filter((error) => !(error.outcome === 503 && inWindow(error)));

  const lines = [
    "",
    `Soak: ${options.clients} clients, ${options.seconds} s, ${result.steps} steps in ${result.loops} login-to-logout loops (${(result.steps / options.seconds).toFixed(0)} steps/s)`,
    `Redis restart: ${outage.end - outage.start} ms, at ${((outage.start - startedAt) / 1000).toFixed(1)} s; outage window with grace: ${outage.end - outage.start + OUTAGE_GRACE_MS} ms`,
    `Persistence: RDB save on shutdown turned on at run time (CONFIG SET save), so sessions survive the restart`,
    `Errors during the outage window (503 expected): ${describeErrors(explained)}`,
    `Unexplained errors: ${describeErrors(unexplained)}`,
    `Alive sessions that validate: ${result.aliveChecked - result.aliveFailed.length} of ${result.aliveChecked}`,
    `Ended sessions that stay ended: ${result.endedChecked - result.endedFailed.length} of ${result.endedChecked} checked`,
    ...result.aliveFailed.slice(0, 10).map((line) => `  alive session failed: ${line}`),
    ...result.endedFailed.slice(0, 10).map((line) => `  ended session failed: ${line}`),
  ];
  const passed = unexplained.length === 0 && result.aliveFailed.length === 0 && result.endedFailed.length === 0;
  lines.push(`Soak result: ${passed ? "PASS" : "FAIL"}`);
  console.log(lines.join("\n"));
  return passed;
}

/** Counts errors by step and outcome, for example "request 503: 12, login network: 1". */
function describeErrors(errors: SoakError[]): string {
  if (errors.length === 0) return "none";
  const counts = new Map<string, number>();
  for (const error of errors) {
    const kind = `${error.step} ${error.outcome}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, count]) => `${kind}: ${count}`).join(", ");
}
