// The default benchmark: every variant behind the same origin at each store
// delay, then the exact store-request count, login, the session list and the
// worker's own processing. It only returns figures, which report.ts prints and judges.

import { findChildPid } from "./cpu-time.ts";
import type { LoadProcess } from "./load-process.ts";
import type { LoadJob } from "./load-protocol.ts";
import { measure, type Measurement, type Probe } from "./measure.ts";
import type { Stack } from "./stack.ts";
import { NAIVE_COOKIE, NAIVE_IDLE_TIMEOUT_SECONDS, NAIVE_KEY_PREFIX } from "./workers/naive-session.ts";

export const VARIANTS = ["direct", "pass-through", "pass-through+store", "naive", "edge-sessions"] as const;
export type VariantName = (typeof VARIANTS)[number];

export interface SuiteOptions {
  delaysMs: number[];
  /** Connections of the load runs, each with a session of its own. */
  connections: number;
  /** Measured seconds of a load run. */
  loadSeconds: number;
  warmupSeconds: number;
  /** Measured seconds of a serial (one connection) run. */
  serialSeconds: number;
  /** Requests of the exact store-request count. */
  countRequests: number;
  listSizes: number[];
}

export interface Cell {
  variant: VariantName;
  delayMs: number;
  /** Closed loop with `connections` connections: throughput, and latency under load. */
  load: Measurement;
  /** One connection: latency without queueing. */
  serial: Measurement;
}

export interface ListRun {
  sessions: number;
  /** Sessions in the listed reply, checked once outside the measured run. */
  listed: number;
  measurement: Measurement;
}

export interface SuiteResult {
  options: SuiteOptions;
  cells: Cell[];
  /** Median time of one bare store request at each delay, in milliseconds (delay → time). */
  storeRoundTripsMs: Map<number, number>;
  /** Exact counts at delay 0 with `amount` requests, with and without a session. */
  countWithSession: Measurement;
  countWithoutSession: Measurement;
  /** The product without a session cookie, one connection, delay 0. */
  anonymousSerial: Measurement;
  login: Measurement;
  listing: ListRun[];
}

const PRODUCT_LABEL = "edge";
const PASS_THROUGH_STORE_LABEL = "pass-through-store";
const NAIVE_LABEL = "naive";
const LIST_LABEL = "edge-list";
const ROUND_TRIP_LABEL = "round-trip";
const ROUND_TRIP_SAMPLES = 50;
const COOKIE_NAME = "__Host-sid";
// Users of the login run: each login adds a session to one of them, well under the per-user cap.
const LOGIN_USERS = 1000;

interface Target {
  url: string;
  probe: Probe;
  headers: Array<Record<string, string>>;
}

export async function runSuite(stack: Stack, load: LoadProcess, options: SuiteOptions, log: (line: string) => void): Promise<SuiteResult> {
  const passThrough = await stack.startPassThrough();
  const passThroughStore = await stack.startPassThroughStore(PASS_THROUGH_STORE_LABEL);
  const naive = await stack.startNaive(NAIVE_LABEL);
  const product = await stack.startProduct(PRODUCT_LABEL);
  const redisPid = await findChildPid("redis-server");

  log(`bench: logging in ${options.connections} users through the product, writing ${options.connections} naive sessions`);
  const users = Array.from({ length: options.connections }, (_, index) => `u${index + 1}`);
  const { cookies } = await load.logIn({ kind: "login", url: product.url, users, cookieName: COOKIE_NAME, concurrency: 4 });
  const naiveCookies = await writeNaiveSessions(stack, users);

  const targets: Record<VariantName, Target> = {
    direct: { url: stack.origin.url, probe: { storeLabel: null, workerPid: null }, headers: [] },
    "pass-through": { url: passThrough.url, probe: { storeLabel: null, workerPid: passThrough.pid }, headers: [] },
    "pass-through+store": { url: passThroughStore.url, probe: { storeLabel: PASS_THROUGH_STORE_LABEL, workerPid: passThroughStore.pid }, headers: [] },
    naive: { url: naive.url, probe: { storeLabel: NAIVE_LABEL, workerPid: naive.pid }, headers: naiveCookies.map((cookie) => ({ cookie })) },
    "edge-sessions": { url: product.url, probe: { storeLabel: PRODUCT_LABEL, workerPid: product.pid }, headers: cookies.map((cookie) => ({ cookie })) },
  };
  const run = (target: Target, job: Partial<LoadJob>) =>
    measure(stack, load, { kind: "load", url: target.url, path: "/api/item", connections: 1, durationSeconds: 1, warmupSeconds: 0, connectionHeaders: target.headers, ...job }, target.probe, redisPid);

  const cells: Cell[] = [];
  const storeRoundTripsMs = new Map<number, number>();
  for (const delayMs of options.delaysMs) {
    await stack.store.setDelay(PRODUCT_LABEL, delayMs);
    await stack.store.setDelay(PASS_THROUGH_STORE_LABEL, delayMs);
    await stack.store.setDelay(NAIVE_LABEL, delayMs);
    await stack.store.setDelay(ROUND_TRIP_LABEL, delayMs);
    storeRoundTripsMs.set(delayMs, await stack.store.roundTripMs(ROUND_TRIP_LABEL, ROUND_TRIP_SAMPLES));
    for (const variant of VARIANTS) {
      log(`bench: ${variant} at store delay ${delayMs} ms`);
      const target = targets[variant];
      const loadRun = await run(target, { connections: options.connections, durationSeconds: options.loadSeconds, warmupSeconds: options.warmupSeconds });
      const serialRun = await run(target, { connections: 1, durationSeconds: options.serialSeconds });
      cells.push({ variant, delayMs, load: loadRun, serial: serialRun });
    }
  }

  await stack.store.setDelay(PRODUCT_LABEL, 0);
  log("bench: exact store-request count, product worker processing, login");
  const product0 = targets["edge-sessions"];
  const countWithSession = await run(product0, { connections: options.connections, amount: options.countRequests });
  const anonymous = { ...product0, headers: [] };
  const countWithoutSession = await run(anonymous, { connections: options.connections, amount: options.countRequests });
  const anonymousSerial = await run(anonymous, { durationSeconds: options.serialSeconds });
  const login = await run(anonymous, {
    path: "/login?user=login-{n}",
    rotate: LOGIN_USERS,
    connections: 4,
    durationSeconds: options.serialSeconds,
    warmupSeconds: options.warmupSeconds,
  });
  await passThrough.stop();
  await passThroughStore.stop();
  await naive.stop();

  const listing = await runListing(stack, load, options, redisPid, log);
  return { options, cells, storeRoundTripsMs, countWithSession, countWithoutSession, anonymousSerial, login, listing };
}

/** Writes one naive session per user, as the naive design stores them, and returns their cookies. */
async function writeNaiveSessions(stack: Stack, users: string[]): Promise<string[]> {
  const cookies: string[] = [];
  for (const user of users) {
    const sessionId = crypto.randomUUID();
    await stack.store.command("SET", `${NAIVE_KEY_PREFIX}${sessionId}`, JSON.stringify({ user }), "EX", NAIVE_IDLE_TIMEOUT_SECONDS);
    cookies.push(`${NAIVE_COOKIE}=${sessionId}`);
  }
  return cookies;
}

/**
 * Lists the sessions of users with 1, 10, 100 and 1,000 sessions. This needs
 * MAX_SESSIONS_PER_USER at 1000 (its maximum), so it runs on a second product
 * worker with that one setting changed.
 */
async function runListing(stack: Stack, load: LoadProcess, options: SuiteOptions, redisPid: number | null, log: (line: string) => void): Promise<ListRun[]> {
  const worker = await stack.startProduct(LIST_LABEL, { MAX_SESSIONS_PER_USER: "1000" });
  const runs: ListRun[] = [];
  for (const sessions of options.listSizes) {
    log(`bench: session list with ${sessions} sessions`);
    const user = `list-${sessions}`;
    const { cookies } = await load.logIn({ kind: "login", url: worker.url, users: Array<string>(sessions).fill(user), cookieName: COOKIE_NAME, concurrency: 4 });
    const cookie = cookies[cookies.length - 1]!;
    const listed = await countListed(worker.url, cookie);
    const measurement = await measure(stack, load, {
      kind: "load",
      url: worker.url,
      path: "/_session/sessions",
      connections: 1,
      durationSeconds: options.serialSeconds,
      // A fixed count, so no request cut off at the end skews the store requests per list request.
      amount: listRequests(sessions),
      warmupSeconds: 0,
      connectionHeaders: [{ cookie }],
    }, { storeLabel: LIST_LABEL, workerPid: worker.pid }, redisPid);
    runs.push({ sessions, listed, measurement });
  }
  await worker.stop();
  return runs;
}

/** Requests per list run: 200, but 20 for 1,000 sessions, whose list takes about 0.2 s each on a 2-core machine. */
function listRequests(sessions: number): number {
  return Math.max(20, Math.min(200, Math.floor(20_000 / sessions)));
}

/** Fetches the list once to check its length, outside any measured run. */
async function countListed(workerUrl: string, cookie: string): Promise<number> {
  const response = await fetch(`${workerUrl}/_session/sessions`, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET /_session/sessions failed with ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { sessions: unknown[] };
  return body.sessions.length;
}
