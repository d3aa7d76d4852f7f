// Messages between the bench process and the load process (bench/load-client.ts),
// which sends every measured request from a process of its own.

import type { LatencySummary } from "./percentiles.ts";

/** A closed-loop load run with autocannon. */
export interface LoadJob {
  kind: "load";
  /** Base URL of the server under test. */
  url: string;
  /** Request path, in which "{n}" is replaced by a counter modulo `rotate`. */
  path: string;
  rotate?: number;
  connections: number;
  /** Length of the measured run in seconds, unless `amount` is set. */
  durationSeconds: number;
  /** Exact number of requests of the measured run. */
  amount?: number;
  /** Unmeasured run before the measured one, in seconds. Zero skips it. */
  warmupSeconds: number;
  /** Extra headers per connection, assigned in turn. An empty list sends none. */
  connectionHeaders: Array<Record<string, string>>;
}

export interface LoadResult {
  /** Completed responses in the measured run. */
  responses: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** Responses per HTTP status. */
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** Logs users in through the worker and returns their session cookies. */
export interface LoginJob {
  kind: "login";
  url: string;
  users: string[];
  cookieName: string;
  concurrency: number;
}

export interface LoginResult {
  /** "name=value" pairs, in the order of `users`. */
  cookies: string[];
}

/** Soak clients: each logs in, makes requests, lists its sessions and logs out, in a loop until `endsAt`. */
export interface SoakJob {
  kind: "soak";
  url: string;
  cookieName: string;
  clients: number;
  /** Date.now() at which clients stop starting new steps. */
  endsAt: number;
  /** Forwarded requests per loop. */
  requestsPerLoop: number;
}

/** A failed step: what the client did, what it got, and when (Date.now()). */
export interface SoakError {
  step: "login" | "request" | "list" | "logout";
  /** HTTP status, or "network" when no response arrived. */
  outcome: number | "network";
  at: number;
}

export interface SoakResult {
  steps: number;
  loops: number;
  errors: SoakError[];
  /** Sessions still logged in at the end, checked with GET /whoami: each must name its user. */
  aliveChecked: number;
  aliveFailed: string[];
  /** Sessions ended by a successful logout, checked the same way: each must be anonymous. */
  endedChecked: number;
  endedFailed: string[];
}

export type Job = LoadJob | LoginJob | SoakJob;
export type JobResult = LoadResult | LoginResult | SoakResult;

export type ToLoadProcess = { id: number; job: Job } | { id: number; go: true } | { shutdown: true };

export type FromLoadProcess =
  | { id: number; ready: true }
  | { id: number; result: JobResult }
  | { id: number; error: string };
