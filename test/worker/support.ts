// Shared helpers for the worker tests. Tests call the worker's fetch handler
// directly inside workerd, with the real store (the local REST server over
// redis-server) and the echo origin that the global setup started.

import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { inject } from "vitest";
import { Redis } from "@upstash/redis/cloudflare";
import type { EchoedRequest } from "../harness/provided-context.ts";
import cfFixture from "../fixtures/cf.json";
import { createWorker } from "../../src/index.ts";
import type { Env } from "../../src/config/env.ts";

export const WORKER_URL = "http://127.0.0.1:8787";
export const COOKIE_NAME = "__Host-sid";

/** A clock the test moves by hand, in milliseconds since the Unix epoch. */
export class TestClock {
  now = Date.now();
  advance(ms: number): void {
    this.now += ms;
  }
  read = (): number => this.now;
}

/** Returns the test bindings with some settings replaced. Each call is a new env object, so a new configuration. */
export function testEnv(overrides: Partial<Env> = {}): Env {
  return { ...(env as unknown as Env), ...overrides };
}

/** A worker bound to one env and one clock, with helpers that send requests to it. */
export class TestWorker {
  readonly env: Env;
  readonly clock: TestClock;
  readonly #worker: ReturnType<typeof createWorker>;

  constructor(overrides: Partial<Env> = {}, clock = new TestClock()) {
    this.env = testEnv(overrides);
    this.clock = clock;
    this.#worker = createWorker({ clock: clock.read });
  }

  /** Sends a request for `path` on the worker's local URL. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return this.fetchUrl(WORKER_URL + path, init);
  }

  /** Sends a request for an absolute URL, for example an https:// one. */
  async fetchUrl(url: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    // request.cf comes from the geolocation fixture unless the test sets its own.
    const request = new Request(url, { cf: cfFixture, ...init } as RequestInit);
    const response = await this.#worker.fetch(request, this.env, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  /** Logs in through the echo origin and returns the new session ID. */
  async login(user: string, init: RequestInit = {}, org?: string): Promise<string> {
    const query = new URLSearchParams({ user });
    if (org !== undefined) query.set("org", org);
    const response = await this.fetch(`/login?${query}`, { method: "POST", ...init });
    await response.body?.cancel();
    const sessionId = sessionIdFrom(response);
    if (sessionId === null) throw new Error(`login did not set a session cookie (status ${response.status})`);
    return sessionId;
  }
}

/** Returns the session ID a response sets, or null. */
export function sessionIdFrom(response: Response): string | null {
  for (const line of response.headers.getSetCookie()) {
    const match = new RegExp(`^${COOKIE_NAME}=([^;]*)`).exec(line);
    if (match && match[1] !== "") return match[1]!;
  }
  return null;
}

/** Returns the Set-Cookie line for the session cookie, or undefined. */
export function sessionCookieLine(response: Response): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE_NAME}=`));
}

export function withSession(sessionId: string, extra: HeadersInit = {}): Headers {
  const headers = new Headers(extra);
  headers.append("cookie", `${COOKIE_NAME}=${sessionId}`);
  return headers;
}

/** Returns a store URL whose requests the REST server counts under `label`. */
export function countedStoreUrl(label: string): string {
  return `${inject("restUrl")}/tag/${label}`;
}

/** Returns how many HTTP requests the REST server has served under `label`. */
export async function storeRequestCount(label: string): Promise<number> {
  const response = await fetch(`${inject("restUrl")}/_stats/${label}`, {
    headers: { authorization: `Bearer ${inject("restToken")}` },
  });
  const stats = (await response.json()) as { requests: number };
  return stats.requests;
}

/** Returns a fresh label for counting store requests. */
export function uniqueLabel(): string {
  return crypto.randomUUID();
}

/** Creates a Redis client on the test store, for checking what the worker wrote. */
export function storeClient(): Redis {
  return new Redis({
    url: inject("restUrl"),
    token: inject("restToken"),
    automaticDeserialization: false,
    enableAutoPipelining: false,
    enableTelemetry: false,
    retry: false,
  });
}

/** Computes the store key of a session ID, computed independently of the worker's code. */
export async function sessionKeyOf(sessionId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sessionId)));
  const base64 = btoa(String.fromCharCode(...digest)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  return `${inject("keyPrefix")}session:${base64}`;
}

/** Reads the request the origin received from an echo-origin response. */
export async function echoedRequest(response: Response): Promise<EchoedRequest> {
  return (await response.json()) as EchoedRequest;
}

/** Makes the REST server misbehave for requests under `label` (see upstash-local/fault-injection.ts). */
export async function setStoreFault(label: string, fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${inject("restUrl")}/_faults/${label}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${inject("restToken")}`, "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`setting the store fault failed: ${response.status} ${await response.text()}`);
}

/** Lets the REST server behave normally again for `label`. */
export async function clearStoreFault(label: string): Promise<void> {
  await fetch(`${inject("restUrl")}/_faults/${label}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${inject("restToken")}` },
  });
}

/** Sends a request with the session cookie and reports whether the origin received an access token. */
export async function isAuthenticated(worker: TestWorker, sessionId: string): Promise<boolean> {
  const response = await worker.fetch("/echo", { headers: withSession(sessionId) });
  return (await echoedRequest(response)).headers.authorization !== undefined;
}

/** Returns a request body streamed in chunks of `chunkSize` bytes, so the request has no Content-Length. */
export function chunkedBody(text: string, chunkSize = 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}
