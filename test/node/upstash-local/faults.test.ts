// Fault switches under /_faults/<label> and the global latencyMs option,
// checked with @upstash/redis and raw fetch over a real redis-server.

import { randomBytes } from "node:crypto";
import { errors } from "@upstash/redis/cloudflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRestServer } from "../../../upstash-local/server.ts";
import { startFixture, type Fixture } from "./fixture.ts";

const READONLY_ERROR = "READONLY You can't write against a read only replica.";
const HANG_TIMEOUT_MS = 300;
/**
 * libuv starts a timer from its cached loop time, which can lag the real
 * time, so a delay may end a millisecond or so before performance.now() shows it.
 */
const TIMER_SLACK_MS = 2;

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
});

afterAll(async () => {
  await fixture?.close();
});

function newLabel(): string {
  return `fault-${randomBytes(4).toString("hex")}`;
}

function faultUrl(label: string): string {
  return `${fixture.server.url}/_faults/${encodeURIComponent(label)}`;
}

function sendFaultRequest(method: string, label: string, body?: string, token = fixture.token): Promise<Response> {
  return fetch(faultUrl(label), { method, headers: { authorization: `Bearer ${token}` }, body });
}

async function setFault(label: string, fault: Record<string, unknown>): Promise<void> {
  const response = await sendFaultRequest("PUT", label, JSON.stringify(fault));
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ fault });
}

/** @upstash/redis under /tag/<label>; single commands go to POST / unless autoPipelining is on. */
function taggedClient(label: string, options: { autoPipelining?: boolean } = {}) {
  return fixture.client({ url: `${fixture.server.url}/tag/${label}`, enableAutoPipelining: options.autoPipelining ?? false });
}

function postTagged(label: string, path: string, body: unknown): Promise<Response> {
  return fixture.post(`/tag/${label}${path}`, JSON.stringify(body));
}

async function readStats(label: string): Promise<{ requests: number; commands: number }> {
  const response = await fetch(`${fixture.server.url}/_stats/${label}`, { headers: { authorization: `Bearer ${fixture.token}` } });
  return (await response.json()) as { requests: number; commands: number };
}

async function expectJsonError(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error?: unknown };
  expect(typeof body.error).toBe("string");
  return body.error as string;
}

describe("fault endpoint", () => {
  it.each(["GET", "PUT", "DELETE"])("%s without valid token is 401", async (method) => {
    const label = newLabel();
    const body = method === "PUT" ? '{"status":503}' : undefined;
    for (const authorization of ["", "Bearer wrong", `Basic ${fixture.token}`]) {
      const response = await fetch(faultUrl(label), { method, headers: { authorization }, body });
      await expectJsonError(response, 401);
    }
    expect(await (await sendFaultRequest("GET", label)).json()).toEqual({ fault: null });
  });

  it("PUT, GET and DELETE round trip", async () => {
    const label = newLabel();
    expect(await (await sendFaultRequest("GET", label)).json()).toEqual({ fault: null });

    await setFault(label, { status: 503, latencyMs: 5, failAfter: 2 });
    expect(await (await sendFaultRequest("GET", label)).json()).toEqual({ fault: { status: 503, latencyMs: 5, failAfter: 2 } });

    const deleted = await sendFaultRequest("DELETE", label);
    expect(deleted.status).toBe(204);
    expect(await (await sendFaultRequest("GET", label)).json()).toEqual({ fault: null });
  });

  it("empty object is a valid fault", async () => {
    const label = newLabel();
    await setFault(label, {});
    expect(await taggedClient(label).set(fixture.key("empty-fault"), "v")).toBe("OK");
  });

  it.each([
    ["unknown field", '{"delay":5}', "unknown field"],
    ["latencyMs below range", '{"latencyMs":-1}', "latencyMs"],
    ["latencyMs above range", '{"latencyMs":60001}', "latencyMs"],
    ["latencyMs fraction", '{"latencyMs":1.5}', "latencyMs"],
    ["latencyMs string", '{"latencyMs":"10"}', "latencyMs"],
    ["status below range", '{"status":399}', "status"],
    ["status above range", '{"status":600}', "status"],
    ["status string", '{"status":"503"}', "status"],
    ["drop false", '{"drop":false}', "drop"],
    ["hang number", '{"hang":1}', "hang"],
    ["malformed unknown kind", '{"malformed":"html"}', "malformed"],
    ["readonly string", '{"readonly":"yes"}', "readonly"],
    ["failAfter negative", '{"failAfter":-1}', "failAfter"],
    ["failAfter fraction", '{"failAfter":0.5}', "failAfter"],
    ["two reply switches", '{"status":503,"drop":true}', "conflict"],
    ["readonly with status", '{"readonly":true,"status":500}', "conflict"],
    ["array body", "[]", "JSON object"],
    ["null body", "null", "JSON object"],
    ["invalid JSON", "{status", "invalid JSON"],
  ])("rejects %s with 400", async (_case, body, expected) => {
    const label = newLabel();
    const error = await expectJsonError(await sendFaultRequest("PUT", label, body), 400);
    expect(error).toContain(expected);
    expect(await (await sendFaultRequest("GET", label)).json()).toEqual({ fault: null });
  });

  it("rejects empty label", async () => {
    const response = await fetch(`${fixture.server.url}/_faults/`, {
      method: "PUT",
      headers: { authorization: `Bearer ${fixture.token}` },
      body: '{"status":503}',
    });
    expect(await expectJsonError(response, 400)).toContain("label");
  });

  it("rejects POST with 405", async () => {
    const response = await fetch(faultUrl(newLabel()), { method: "POST", headers: { authorization: `Bearer ${fixture.token}` }, body: "{}" });
    await expectJsonError(response, 405);
    expect(response.headers.get("allow")).toBe("GET, PUT, DELETE");
  });
});

describe("status switch", () => {
  it("client gets UpstashError and nothing runs", async () => {
    const label = newLabel();
    const key = fixture.key("status:single");
    await setFault(label, { status: 503 });

    const failure = await taggedClient(label).set(key, "v").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errors.UpstashError);
    expect((failure as Error).message).toContain("ERR injected fault");
    expect(await fixture.client().get(key)).toBeNull();
  });

  it("raw requests get status and error body", async () => {
    const label = newLabel();
    await setFault(label, { status: 429 });
    for (const [path, body] of [["", ["ping"]], ["/pipeline", [["ping"]]], ["/multi-exec", [["ping"]]]] as const) {
      const response = await postTagged(label, path, body);
      expect(response.status).toBe(429);
      expect(await response.json()).toEqual({ error: "ERR injected fault" });
    }
  });

  it("pipeline client rejects", async () => {
    const label = newLabel();
    await setFault(label, { status: 500 });
    const pipeline = taggedClient(label).pipeline().get(fixture.key("status:p1")).get(fixture.key("status:p2"));
    await expect(pipeline.exec()).rejects.toBeInstanceOf(errors.UpstashError);
  });
});

describe("drop switch", () => {
  it("raw fetch fails without response", async () => {
    const label = newLabel();
    await setFault(label, { drop: true });
    await expect(postTagged(label, "", ["ping"])).rejects.toThrow(TypeError);
  });

  it("client rejects and nothing runs", async () => {
    const label = newLabel();
    const key = fixture.key("drop:single");
    await setFault(label, { drop: true });
    await expect(taggedClient(label).set(key, "v")).rejects.toThrow();
    expect(await fixture.client().get(key)).toBeNull();
  });
});

describe("hang switch", () => {
  it("raw fetch times out on client side", async () => {
    const label = newLabel();
    await setFault(label, { hang: true });
    const request = fetch(`${fixture.server.url}/tag/${label}`, {
      method: "POST",
      headers: { authorization: `Bearer ${fixture.token}` },
      body: '["ping"]',
      signal: AbortSignal.timeout(HANG_TIMEOUT_MS),
    });
    await expect(request).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("client times out and nothing runs", async () => {
    const label = newLabel();
    const key = fixture.key("hang:single");
    await setFault(label, { hang: true });
    const redis = fixture.client({
      url: `${fixture.server.url}/tag/${label}`,
      enableAutoPipelining: false,
      // A signal function makes the client rethrow the abort instead of returning it as a result.
      signal: () => AbortSignal.timeout(HANG_TIMEOUT_MS),
    });
    await expect(redis.set(key, "v")).rejects.toMatchObject({ name: "TimeoutError" });
    expect(await fixture.client().get(key)).toBeNull();
  });

  it("server close ends hanging request", async () => {
    const server = await startRestServer({ redisUrl: fixture.redis.url, token: fixture.token, log: () => {} });
    const label = newLabel();
    await fetch(`${server.url}/_faults/${label}`, { method: "PUT", headers: { authorization: `Bearer ${fixture.token}` }, body: '{"hang":true}' });

    const request = fetch(`${server.url}/tag/${label}`, {
      method: "POST",
      headers: { authorization: `Bearer ${fixture.token}` },
      body: '["ping"]',
      signal: AbortSignal.timeout(5_000),
    });
    const outcome = request.then(
      () => "response",
      (error: Error) => error.name,
    );
    // Gives the server time to receive the request before it closes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await outcome).toBe("TypeError");
  });
});

describe("malformed switch", () => {
  it("not-json makes client raise parse error", async () => {
    const label = newLabel();
    await setFault(label, { malformed: "not-json" });
    await expect(taggedClient(label).get(fixture.key("malformed:a"))).rejects.toBeInstanceOf(errors.UpstashJSONParseError);
    await expect(taggedClient(label).pipeline().get(fixture.key("malformed:a")).exec()).rejects.toBeInstanceOf(
      errors.UpstashJSONParseError,
    );

    const response = await postTagged(label, "/pipeline", [["ping"]]);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it("wrong-shape bodies per endpoint", async () => {
    const label = newLabel();
    await setFault(label, { malformed: "wrong-shape" });

    const single = await postTagged(label, "", ["ping"]);
    expect(single.status).toBe(200);
    expect(await single.json()).toEqual({ unexpected: true });
    for (const path of ["/pipeline", "/multi-exec"]) {
      const response = await postTagged(label, path, [["ping"], ["ping"]]);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ result: "x" });
    }
  });

  it("wrong-shape makes client calls fail", async () => {
    const label = newLabel();
    await setFault(label, { malformed: "wrong-shape" });
    await expect(taggedClient(label).get(fixture.key("shape:a"))).rejects.toThrow();
    await expect(taggedClient(label).pipeline().get(fixture.key("shape:a")).exec()).rejects.toThrow();
  });

  it("missing-result bodies and nothing runs", async () => {
    const label = newLabel();
    const key = fixture.key("missing:a");
    await setFault(label, { malformed: "missing-result" });

    const single = await postTagged(label, "", ["set", key, "v"]);
    expect(single.status).toBe(200);
    expect(await single.json()).toEqual({});
    const pipeline = await postTagged(label, "/pipeline", [["set", key, "v"], ["get", key]]);
    expect(await pipeline.json()).toEqual([{}, {}]);
    const transaction = await postTagged(label, "/multi-exec", [["set", key, "v"]]);
    expect(await transaction.json()).toEqual([{}]);
    expect(await fixture.client().get(key)).toBeNull();
  });

  it("missing-result makes client raise", async () => {
    const label = newLabel();
    await setFault(label, { malformed: "missing-result" });
    await expect(taggedClient(label).get(fixture.key("missing:b"))).rejects.toThrow("did not return a result");
  });
});

describe("readonly switch", () => {
  async function writeSampleData(): Promise<{ text: string; hash: string }> {
    const text = fixture.key(`readonly:text:${randomBytes(4).toString("hex")}`);
    const hash = fixture.key(`readonly:hash:${randomBytes(4).toString("hex")}`);
    const redis = fixture.client();
    await redis.set(text, "v", { ex: 600 });
    await redis.hset(hash, { field: "value" });
    return { text, hash };
  }

  it("single writes get READONLY 400", async () => {
    const label = newLabel();
    const { text } = await writeSampleData();
    await setFault(label, { readonly: true });

    for (const command of [["set", text, "w"], ["del", text], ["expire", text, "5"], ["hset", text, "f", "v"], ["incr", text]]) {
      const error = await expectJsonError(await postTagged(label, "", command), 400);
      expect(error).toBe(READONLY_ERROR);
    }
    expect(await fixture.client().get(text)).toBe("v");
    expect(await fixture.client().ttl(text)).toBeGreaterThan(0);
  });

  it("client write raises READONLY", async () => {
    const label = newLabel();
    const { text } = await writeSampleData();
    await setFault(label, { readonly: true });
    const failure = await taggedClient(label).set(text, "w").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errors.UpstashError);
    expect((failure as Error).message).toContain(READONLY_ERROR);
  });

  it("scripts are rejected except EVAL_RO", async () => {
    const label = newLabel();
    const { text } = await writeSampleData();
    await setFault(label, { readonly: true });
    const redis = taggedClient(label);

    await expect(redis.eval("return redis.call('GET', KEYS[1])", [text], [])).rejects.toThrow(READONLY_ERROR);
    await expect(redis.evalsha("0".repeat(40), [text], [])).rejects.toThrow(READONLY_ERROR);
    expect(await redis.evalRo("return redis.call('GET', KEYS[1])", [text], [])).toBe("v");
  });

  it("reads still work", async () => {
    const label = newLabel();
    const { text, hash } = await writeSampleData();
    await setFault(label, { readonly: true });
    const redis = taggedClient(label);

    expect(await redis.get(text)).toBe("v");
    expect(await redis.hget(hash, "field")).toBe("value");
    expect(await redis.hgetall(hash)).toEqual({ field: "value" });
    expect(await redis.ttl(text)).toBeGreaterThan(0);
    expect(await redis.pttl(text)).toBeGreaterThan(0);
    expect(await redis.exists(text, hash)).toBe(2);
    const [, keys] = await redis.scan(0, { match: text, count: 1000 });
    expect(Array.isArray(keys)).toBe(true);
  });

  it("pipeline rejects writes per item", async () => {
    const label = newLabel();
    const { text } = await writeSampleData();
    await setFault(label, { readonly: true });

    const response = await postTagged(label, "/pipeline", [["get", text], ["set", text, "w"], ["ttl", text], ["eval", "return 1", "0"]]);
    expect(response.status).toBe(200);
    const items = (await response.json()) as Array<{ result?: unknown; error?: string }>;
    expect(items[0]).toEqual({ result: "v" });
    expect(items[1]).toEqual({ error: READONLY_ERROR });
    expect(items[2]?.result).toBeGreaterThan(0);
    expect(items[3]).toEqual({ error: READONLY_ERROR });
    expect(await readStats(label)).toEqual({ requests: 1, commands: 2 });
  });

  it("transaction with write is rejected", async () => {
    const label = newLabel();
    const { text } = await writeSampleData();
    await setFault(label, { readonly: true });

    const error = await expectJsonError(await postTagged(label, "/multi-exec", [["get", text], ["set", text, "w"]]), 400);
    expect(error).toBe(READONLY_ERROR);
    const readOnly = await postTagged(label, "/multi-exec", [["get", text]]);
    expect(await readOnly.json()).toEqual([{ result: "v" }]);
    expect(await fixture.client().get(text)).toBe("v");
  });
});

describe("latencyMs switch", () => {
  it("delays then replies normally", async () => {
    const label = newLabel();
    const latencyMs = 150;
    await setFault(label, { latencyMs });
    const started = performance.now();
    expect(await taggedClient(label).set(fixture.key("latency:a"), "v")).toBe("OK");
    expect(performance.now() - started).toBeGreaterThanOrEqual(latencyMs - TIMER_SLACK_MS);
  });

  it("delays before status reply", async () => {
    const label = newLabel();
    const latencyMs = 100;
    await setFault(label, { latencyMs, status: 503 });
    const started = performance.now();
    const response = await postTagged(label, "", ["ping"]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(latencyMs - TIMER_SLACK_MS);
    expect(response.status).toBe(503);
  });
});

describe("scope and lifecycle", () => {
  it("fault stays on its label", async () => {
    const faulted = newLabel();
    const other = newLabel();
    await setFault(faulted, { status: 503 });

    expect(await taggedClient(other).set(fixture.key("scope:other"), "v")).toBe("OK");
    expect(await fixture.client().get(fixture.key("scope:other"))).toBe("v");
    expect((await postTagged(faulted, "", ["ping"])).status).toBe(503);
    expect((await fixture.post("/", '["ping"]')).status).toBe(200);
  });

  it("failAfter passes first requests", async () => {
    const label = newLabel();
    const key = fixture.key("fail-after:a");
    await setFault(label, { status: 503, failAfter: 1 });
    const redis = taggedClient(label);

    expect(await redis.set(key, "v")).toBe("OK");
    await expect(redis.get(key)).rejects.toThrow("ERR injected fault");
    await expect(redis.get(key)).rejects.toThrow("ERR injected fault");
  });

  it("failAfter restarts on PUT", async () => {
    const label = newLabel();
    await setFault(label, { drop: true, failAfter: 2 });
    expect((await postTagged(label, "", ["ping"])).status).toBe(200);

    await setFault(label, { drop: true, failAfter: 2 });
    expect((await postTagged(label, "", ["ping"])).status).toBe(200);
    expect((await postTagged(label, "", ["ping"])).status).toBe(200);
    await expect(postTagged(label, "", ["ping"])).rejects.toThrow(TypeError);
  });

  it("DELETE restores normal replies", async () => {
    const label = newLabel();
    await setFault(label, { status: 503 });
    expect((await postTagged(label, "", ["ping"])).status).toBe(503);

    expect((await sendFaultRequest("DELETE", label)).status).toBe(204);
    expect(await taggedClient(label).set(fixture.key("cleared:a"), "v")).toBe("OK");
  });

  it("unauthorized requests are not faulted", async () => {
    const label = newLabel();
    await setFault(label, { status: 503, failAfter: 1 });
    const unauthorized = await fetch(`${fixture.server.url}/tag/${label}`, { method: "POST", headers: { authorization: "Bearer wrong" }, body: '["ping"]' });
    expect(unauthorized.status).toBe(401);
    // The 401 did not use up the one request that failAfter lets pass.
    expect((await postTagged(label, "", ["ping"])).status).toBe(200);
    expect((await postTagged(label, "", ["ping"])).status).toBe(503);
  });

  it("stats count faulted requests", async () => {
    const label = newLabel();
    await setFault(label, { status: 503, failAfter: 1 });
    await postTagged(label, "/pipeline", [["ping"], ["ping"]]);
    await postTagged(label, "/pipeline", [["ping"], ["ping"]]);
    await postTagged(label, "", ["ping"]);
    expect(await readStats(label)).toEqual({ requests: 3, commands: 2 });
  });
});

describe("global latencyMs option", () => {
  it("delays tagged and untagged requests", async () => {
    const latencyMs = 120;
    const server = await startRestServer({ redisUrl: fixture.redis.url, token: fixture.token, latencyMs, log: () => {} });
    try {
      for (const base of [server.url, `${server.url}/tag/${newLabel()}`]) {
        const redis = fixture.client({ url: base, enableAutoPipelining: false });
        const started = performance.now();
        expect(await redis.set(fixture.key("global-latency:a"), "v")).toBe("OK");
        expect(performance.now() - started).toBeGreaterThanOrEqual(latencyMs - TIMER_SLACK_MS);
      }
    } finally {
      await server.close();
    }
  });

  it("adds to fault latency", async () => {
    const server = await startRestServer({ redisUrl: fixture.redis.url, token: fixture.token, latencyMs: 80, log: () => {} });
    try {
      const label = newLabel();
      await fetch(`${server.url}/_faults/${label}`, { method: "PUT", headers: { authorization: `Bearer ${fixture.token}` }, body: '{"latencyMs":80}' });
      const started = performance.now();
      const response = await fetch(`${server.url}/tag/${label}`, { method: "POST", headers: { authorization: `Bearer ${fixture.token}` }, body: '["ping"]' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(160 - TIMER_SLACK_MS);
      expect(await response.json()).toEqual({ result: "PONG" });
    } finally {
      await server.close();
    }
  });

  it("close ends pending delay", async () => {
    const server = await startRestServer({ redisUrl: fixture.redis.url, token: fixture.token, latencyMs: 60_000, log: () => {} });
    const request = fetch(`${server.url}/`, { method: "POST", headers: { authorization: `Bearer ${fixture.token}` }, body: '["ping"]' });
    const outcome = request.then(
      () => "response",
      (error: Error) => error.name,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await outcome).toBe("TypeError");
  });

  it.each([-1, 1.5, 60_001, Number.NaN])("rejects latencyMs %s", async (latencyMs) => {
    await expect(startRestServer({ redisUrl: fixture.redis.url, token: fixture.token, latencyMs, log: () => {} })).rejects.toThrow(TypeError);
  });
});
