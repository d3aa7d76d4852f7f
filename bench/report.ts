// Turns one run's figures into tables: printed to the terminal and written,
// with the machine and the method, to docs/benchmarks.md.

import type { Measurement } from "./measure.ts";
import type { Environment } from "./environment.ts";
import type { SuiteResult } from "./suite.ts";
import { findCell, LATENCY_ALLOWANCE_MS, signaturesPerRequest, storePerRequest, type TargetCheck } from "./targets.ts";

export function renderTables(result: SuiteResult, checks: TargetCheck[]): string {
  return [
    "### Throughput and latency under load",
    "",
    `${result.options.connections} connections, closed loop, ${result.options.loadSeconds} s measured after ${result.options.warmupSeconds} s of warm-up. ` +
      `Serial: one connection, ${result.options.serialSeconds} s. Ratios compare requests per second with the same run's baselines.`,
    "",
    renderMatrix(result),
    "",
    "One store round trip (d in the targets), timed as the median of 50 serial bare `PING` requests at each delay: " +
      [...result.storeRoundTripsMs].map(([delayMs, roundTrip]) => `${roundTrip.toFixed(2)} ms at delay ${delayMs} ms`).join(", ") + ".",
    "",
    renderWorkerdLoad(result),
    "",
    "### Worker processing, login and exact store-request count (store delay 0)",
    "",
    renderExtras(result),
    "",
    "### Session list (`GET /_session/sessions`, one connection, MAX_SESSIONS_PER_USER=1000)",
    "",
    renderListing(result),
    "",
    "### Targets",
    "",
    table(["target", "result", "figures"], checks.map((check) => [check.name, check.pass ? "PASS" : "FAIL", check.detail])),
  ].join("\n");
}

function renderMatrix(result: SuiteResult): string {
  const rows = result.cells.map((cell) => {
    const passThrough = findCell(result, "pass-through", cell.delayMs).load.load.requestsPerSecond;
    const passThroughStore = findCell(result, "pass-through+store", cell.delayMs).load.load.requestsPerSecond;
    const naive = findCell(result, "naive", cell.delayMs).load.load.requestsPerSecond;
    const rps = cell.load.load.requestsPerSecond;
    return [
      cell.variant,
      String(cell.delayMs),
      rps.toFixed(0),
      (rps / passThrough).toFixed(2),
      (rps / passThroughStore).toFixed(2),
      (rps / naive).toFixed(2),
      cell.load.load.latency.p50.toFixed(2),
      cell.load.load.latency.p99.toFixed(2),
      cell.serial.load.latency.p50.toFixed(2),
      cell.serial.load.latency.p99.toFixed(2),
      fixed(cell.variant === "direct" || cell.variant === "pass-through" ? null : storePerRequest(cell.load), 3),
      fixed(signaturesPerRequest(cell.load), 4),
      fixed(cell.load.cpuPerResponseMicros.workerd, 0),
      fixed(cell.load.cpuPerResponseMicros.restAndOrigin, 0),
    ];
  });
  return table(
    ["variant", "delay ms", "req/s", "÷ pass-through", "÷ pass-through+store", "÷ naive", "p50 ms", "p99 ms", "serial p50 ms", "serial p99 ms", "store req/req", "signatures/req", "workerd CPU µs/req", "REST+origin CPU µs/req"],
    rows,
  );
}

/**
 * Describes how busy each worker's workerd process was in the load runs at
 * the first delay: requests per second times CPU seconds per request. A
 * figure near 1 means the variant ran its one workerd thread flat out.
 */
function renderWorkerdLoad(result: SuiteResult): string {
  const delay0 = result.options.delaysMs[0] ?? 0;
  const loads = result.cells
    .filter((cell) => cell.delayMs === delay0 && cell.load.cpuPerResponseMicros.workerd !== null)
    .map((cell) => `${cell.variant} ${((cell.load.load.requestsPerSecond * cell.load.cpuPerResponseMicros.workerd!) / 1e6).toFixed(2)}`);
  return `workerd CPU seconds per second in the load runs at delay ${delay0} ms (req/s × workerd CPU per request): ${loads.join(", ")}.`;
}

function renderExtras(result: SuiteResult): string {
  const delay0 = result.options.delaysMs[0] ?? 0;
  const passThrough = findCell(result, "pass-through", delay0);
  const passThroughStore = findCell(result, "pass-through+store", delay0);
  const product = findCell(result, "edge-sessions", delay0);
  // Runs of a fixed request count end on autocannon's one-second tick, so
  // their requests per second mean nothing. Only timed runs show a rate.
  const row = (name: string, measurement: Measurement, baseline: Measurement | null, timed = true) => [
    name,
    timed ? measurement.load.requestsPerSecond.toFixed(0) : "–",
    measurement.load.latency.p50.toFixed(2),
    measurement.load.latency.p99.toFixed(2),
    baseline === null ? "–" : (measurement.load.latency.p50 - baseline.load.latency.p50).toFixed(2),
    fixed(measurement.cpuPerResponseMicros.workerd, 0),
    fixed(storePerRequest(measurement), 3),
  ];
  return table(
    ["run", "req/s", "p50 ms", "p99 ms", "p50 − pass-through ms", "workerd CPU µs/req", "store req/req"],
    [
      row("pass-through, serial", passThrough.serial, null),
      row("pass-through+store (one bare store request), serial", passThroughStore.serial, passThrough.serial),
      row("edge-sessions with session, serial", product.serial, passThrough.serial),
      row("edge-sessions without session, serial", result.anonymousSerial, passThrough.serial),
      row("login (new session + user index), 4 connections", result.login, null),
      row(`${result.options.countRequests} requests with session`, result.countWithSession, null, false),
      row(`${result.options.countRequests} requests without session`, result.countWithoutSession, null, false),
    ],
  );
}

function renderListing(result: SuiteResult): string {
  return table(
    ["sessions", "listed", "p50 ms", "p99 ms", "store req/list request"],
    result.listing.map((run) => [
      String(run.sessions),
      String(run.listed),
      run.measurement.load.latency.p50.toFixed(2),
      run.measurement.load.latency.p99.toFixed(2),
      fixed(storePerRequest(run.measurement), 3),
    ]),
  );
}

/** Renders the whole docs/benchmarks.md page for one run. */
export function renderDocument(result: SuiteResult, checks: TargetCheck[], environment: Environment): string {
  return `# Benchmarks

This page is written by \`npm run bench\` (\`bench/run.ts\`); every figure on it
comes from the run described below. Rerun the command to replace it.

**Read the ratios, not the absolute figures.** The run shares a 2-core
machine between the load generator, workerd, the local Upstash REST server,
redis-server and the origin, so absolute requests per second and
milliseconds are noise from one run to the next. Every variant is measured in
the same run behind the same origin, so the ratios and differences between
variants are what the figures say.

## Run

| | |
| --- | --- |
| command | \`${environment.command}\` |
| date | ${environment.date} |
| CPU | ${environment.cpuModel}, \`nproc\` = ${environment.cpus} |
| memory | ${environment.memory} |
| Node.js | ${environment.node} |
| workerd | ${environment.workerd} |
| load generator | autocannon ${environment.autocannon}, in a process of its own |

## What is measured

All servers listen on 127.0.0.1. The origin is a Node HTTP server that
returns a small fixed JSON body. Each worker runs in workerd through
miniflare, bundled by esbuild, without \`nodejs_compat\`. The store is the
local Upstash REST server (\`upstash-local/\`) over an owned redis-server.
Its per-label delay (\`PUT /_faults/<label>\` with \`latencyMs\`) stands for
the round trip to an Upstash region, and is added to every store request of
the pass-through+store, naive and edge-sessions variants.

- **direct**: the load generator calls the origin; no worker.
- **pass-through**: \`bench/workers/pass-through.ts\` forwards each request and does nothing else.
- **pass-through+store**: \`bench/workers/pass-through-store.ts\`,
  pass-through plus one bare store request (\`PING\` through the product's
  store client) before each forward, and no session work: the least any
  design that asks the store once per request can cost. The gap between it
  and edge-sessions is the product's own work; the gap between
  pass-through and it is the store request itself.
- **naive**: \`bench/workers/naive.ts\`, the straightforward design: a GET of
  a JSON record and then an EXPIRE (two store requests, one after the other,
  \`@upstash/redis\` with auto-pipelining off), \`JSON.parse\`, and a new
  HS256 token signed with jose on every request. The bench writes its sessions.
- **edge-sessions**: the product (\`src/index.ts\`) with the \`[vars]\` of
  \`wrangler.toml\`, an ES256 signing key, and sessions created by logging in
  through the worker (the origin answers \`/login\` with \`Session-Control\`).

Each connection of a load run carries a session of its own
(${result.options.connections} sessions). Latencies are autocannon's
per-response times, kept at full resolution by the bench (autocannon's own
histogram rounds to whole milliseconds). Store requests are counted by the
REST server per \`/tag/<label>\` (\`GET /_stats/<label>\`) and divided by the
requests that reached the origin. Signatures per request is the number of
distinct access tokens the origin received divided by the requests it
received: every new signature yields a distinct token (each has a random
\`jti\`), so this is an upper bound. CPU per request is the change in the
process's user and system time (\`/proc/<pid>/stat\`) divided by the responses.

The latency targets use the serial runs (one connection), where the median
is the request path itself; under load the median is mostly queueing for
the two cores. The allowance in the latency targets is ${LATENCY_ALLOWANCE_MS} ms.

Logins in these runs are \`GET /login\`: the worker's login throttle applies
only to \`POST\` requests to \`LOGIN_PATHS\`, so it is not part of these figures.

## Results

${renderTables(result, checks)}

## Reading the figures

The soak test (\`npm run bench -- --soak\`) reports separately; its last
result is in [soak.md](soak.md).

- The local REST server is a Node process on the same two cores as the
  worker, so every store request also costs this machine the REST server's
  CPU time (column "REST+origin CPU µs/req"), which a remote Upstash
  database would spend elsewhere. It runs beside the workerd thread that
  bounds each load run (next point), so it slows a run only when the two
  cores are both busy.
- At delay 0 each worker variant is bound by its own workerd process,
  which runs the worker on one thread. The line under the first table
  shows how busy that thread was. A figure near 1 means it ran flat out.
  Then a variant's requests per second are about one divided by its
  workerd CPU per request, so the throughput ratio of two such variants is
  the inverse ratio of their CPU per request.
- The store request is an HTTP subrequest, like the origin request that is
  all pass-through does. In miniflare each subrequest also passes through
  miniflare's outbound worker, so it costs workerd CPU of the same order
  as the whole of pass-through. The pass-through+store row measures that
  cost with no session work at all, so no design that asks the store once
  per request can do better than it. The throughput target's row gives its
  share of pass-through's throughput next to the product's.
- Column "÷ pass-through+store" shows how much of that throughput
  edge-sessions keeps. In the second table, the difference between the
  rows "pass-through+store" and "edge-sessions with session" is the
  session path's own cost.
- At delays 5 and 20 ms the load runs are bound by the store delay, not by
  CPU: each connection waits for its store requests, so requests per second
  follow the number of store round trips per request.
- Direct and pass-through never touch the store, so their rows at the three
  delays measure the same thing: the spread between those rows is the
  run-to-run noise of this machine, and a ratio against one low row is off
  by that much.
- The injected store delay is a Node timer, which fires at the delay or
  later, and the REST server adds its own work. The latency targets
  therefore use d, one store round trip as timed in the same run (the line
  under the first table), not the nominal delay. The naive variant pays d
  twice.
`;
}

function table(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`);
  return lines.join("\n");
}

function fixed(value: number | null, digits: number): string {
  return value === null ? "–" : value.toFixed(digits);
}
