// The product's performance targets, checked against one run's figures. A
// benchmark prints PASS or FAIL with the figures behind it. It never exits
// non-zero over a figure, because timing on a shared machine is not a test.

import type { Measurement } from "./measure.ts";
import type { Cell, SuiteResult, VariantName } from "./suite.ts";

/** Allowance for the worker's own work and loopback noise in latency targets, in milliseconds. */
export const LATENCY_ALLOWANCE_MS = 2;
/** Minimum share of pass-through's throughput at store delay 0. */
export const MIN_THROUGHPUT_SHARE = 0.8;
/** "Well below one signature per request" for busy sessions. */
export const MAX_SIGNATURES_PER_REQUEST = 0.05;

export interface TargetCheck {
  name: string;
  pass: boolean;
  /** The figures behind the verdict. */
  detail: string;
}

export function checkTargets(result: SuiteResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { countWithSession: withSession, countWithoutSession: withoutSession } = result;
  const amount = result.options.countRequests;

  checks.push({
    name: "one store request per request with a session",
    pass: withSession.storeRequests === amount && withSession.originRequests === amount && allOk(withSession),
    detail: `${withSession.storeRequests} store requests for ${withSession.originRequests} forwarded of ${amount} sent`,
  });
  checks.push({
    name: "no store request without a session",
    pass: withoutSession.storeRequests === 0 && allOk(withoutSession),
    detail: `${withoutSession.storeRequests} store requests for ${withoutSession.originRequests} forwarded`,
  });

  // "d" in the targets is one store round trip as measured in this run, a bare
  // PING at that delay. It is the nominal delay plus timer lateness and the
  // local REST server's own work, which a remote Upstash region would not add.
  for (const delayMs of result.options.delaysMs) {
    const product = findCell(result, "edge-sessions", delayMs).serial.load.latency.p50;
    const passThrough = findCell(result, "pass-through", delayMs).serial.load.latency.p50;
    const naive = findCell(result, "naive", delayMs).serial.load.latency.p50;
    const passThroughStore = findCell(result, "pass-through+store", delayMs).serial.load.latency.p50;
    const roundTrip = result.storeRoundTripsMs.get(delayMs) ?? delayMs;
    const limit = passThrough + roundTrip + LATENCY_ALLOWANCE_MS;
    checks.push({
      name: `median ≤ pass-through + d + ${LATENCY_ALLOWANCE_MS} ms (delay ${delayMs} ms)`,
      pass: product <= limit,
      detail: `${ms(product)} vs limit ${ms(limit)} (pass-through ${ms(passThrough)}, d = one store round trip = ${ms(roundTrip)}; ` +
        `pass-through+store ${ms(passThroughStore)})`,
    });
    checks.push({
      name: `median beats naive by ≥ d − ${LATENCY_ALLOWANCE_MS} ms (delay ${delayMs} ms)`,
      pass: naive - product >= roundTrip - LATENCY_ALLOWANCE_MS,
      detail: `naive ${ms(naive)} − edge-sessions ${ms(product)} = ${ms(naive - product)} (d = ${ms(roundTrip)})`,
    });
  }

  const delay0 = result.options.delaysMs[0] ?? 0;
  const productRps = findCell(result, "edge-sessions", delay0).load.load.requestsPerSecond;
  const passThroughRps = findCell(result, "pass-through", delay0).load.load.requestsPerSecond;
  const passThroughStoreRps = findCell(result, "pass-through+store", delay0).load.load.requestsPerSecond;
  checks.push({
    name: `throughput ≥ ${MIN_THROUGHPUT_SHARE * 100} % of pass-through (delay ${delay0} ms)`,
    pass: productRps >= MIN_THROUGHPUT_SHARE * passThroughRps,
    detail: `${productRps.toFixed(0)} vs ${passThroughRps.toFixed(0)} req/s = ${percent(productRps, passThroughRps)}; ` +
      `pass-through+store (one bare store request, no session work) ${passThroughStoreRps.toFixed(0)} req/s = ` +
      `${percent(passThroughStoreRps, passThroughRps)} of pass-through, edge-sessions = ${percent(productRps, passThroughStoreRps)} of it`,
  });

  const worstSignatures = Math.max(...result.cells.filter((cell) => cell.variant === "edge-sessions").map((cell) => signaturesPerRequest(cell.load) ?? 1));
  checks.push({
    name: `signatures per request ≤ ${MAX_SIGNATURES_PER_REQUEST} for busy sessions`,
    pass: worstSignatures <= MAX_SIGNATURES_PER_REQUEST,
    detail: `at most ${worstSignatures.toFixed(4)} in any load run`,
  });

  const listCosts = result.listing.map((run) => storePerRequest(run.measurement));
  checks.push({
    name: "session list: one store request whatever the count",
    pass: listCosts.every((cost) => cost !== null && Math.abs(cost - 1) < 0.01) &&
      result.listing.every((run) => run.listed === run.sessions),
    detail: result.listing.map((run) => `${run.sessions}: ${fixed(storePerRequest(run.measurement), 2)} (${run.listed} listed)`).join(", "),
  });

  const failed = allMeasurements(result).filter((measurement) => !allOk(measurement)).length;
  checks.push({ name: "every measured response is 2xx", pass: failed === 0, detail: `${failed} runs had errors or non-2xx responses` });
  return checks;
}

export function findCell(result: SuiteResult, variant: VariantName, delayMs: number): Cell {
  const cell = result.cells.find((candidate) => candidate.variant === variant && candidate.delayMs === delayMs);
  if (cell === undefined) throw new Error(`no figures for ${variant} at delay ${delayMs} ms`);
  return cell;
}

/** Store requests per request that reached the origin (or per response when nothing is forwarded). */
export function storePerRequest(measurement: Measurement): number | null {
  const requests = measurement.originRequests > 0 ? measurement.originRequests : measurement.load.responses;
  return requests === 0 ? null : measurement.storeRequests / requests;
}

/** Distinct tokens per forwarded request, or null when no token reached the origin. */
export function signaturesPerRequest(measurement: Measurement): number | null {
  return measurement.distinctTokens === 0 || measurement.originRequests === 0 ? null : measurement.distinctTokens / measurement.originRequests;
}

function allOk(measurement: Measurement): boolean {
  const statuses = Object.keys(measurement.load.statusCounts);
  return measurement.load.errors === 0 && measurement.load.timeouts === 0 && statuses.every((status) => status.startsWith("2"));
}

function allMeasurements(result: SuiteResult): Measurement[] {
  return [
    ...result.cells.flatMap((cell) => [cell.load, cell.serial]),
    result.countWithSession,
    result.countWithoutSession,
    result.anonymousSerial,
    result.login,
    ...result.listing.map((run) => run.measurement),
  ];
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(0)} %`;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function fixed(value: number | null, digits: number): string {
  return value === null ? "–" : value.toFixed(digits);
}
