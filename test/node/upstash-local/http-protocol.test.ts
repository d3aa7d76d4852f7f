// Wire-level checks with raw HTTP requests: status codes, JSON error bodies,
// auth, encodings and the commands the server rejects.

import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errors } from "@upstash/redis/cloudflare";
import { startFixture, type Fixture } from "./fixture.ts";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
});

afterAll(async () => {
  await fixture?.close();
});

async function expectJsonError(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { error?: unknown };
  expect(typeof body.error).toBe("string");
  return body.error as string;
}

describe("auth", () => {
  it("health check needs no token", async () => {
    const response = await fetch(`${fixture.server.url}/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty("result");
  });

  it.each(["/", "/pipeline", "/multi-exec", "/_stats/"])("wrong token on %s is 401", async (path) => {
    const method = path.startsWith("/_stats") ? "GET" : "POST";
    let body: string | undefined;
    if (path === "/") {
      body = '["ping"]';
    } else if (method === "POST") {
      body = '[["ping"]]';
    }
    for (const authorization of ["Bearer wrong", "", "Basic abc", `Token ${fixture.token}`, `Bearer  ${fixture.token}`]) {
      const response = await fetch(`${fixture.server.url}${path}`, { method, headers: { authorization }, body });
      await expectJsonError(response, 401);
    }
  });

  it("client throws UpstashError on 401", async () => {
    const redis = fixture.client({ token: "wrong" });
    const failure = await redis.get(fixture.key("auth")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errors.UpstashError);
    expect(failure).not.toBeInstanceOf(errors.UpstashJSONParseError);
  });
});

describe("request bodies", () => {
  it("malformed JSON is 400", async () => {
    const error = await expectJsonError(await fixture.post("/", '["get",'), 400);
    expect(error).toContain("invalid JSON");
    await expectJsonError(await fixture.post("/pipeline", "{nope"), 400);
  });

  it("wrong body shapes are 400", async () => {
    await expectJsonError(await fixture.post("/", '{"get":"k"}'), 400);
    await expectJsonError(await fixture.post("/", "[]"), 400);
    await expectJsonError(await fixture.post("/", '["set","k",null]'), 400);
    await expectJsonError(await fixture.post("/pipeline", '["get","k"]'), 400);
    await expectJsonError(await fixture.post("/multi-exec", '{"a":1}'), 400);
  });

  it("empty pipeline returns empty array", async () => {
    const response = await fixture.post("/pipeline", "[]");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  it("content type is lenient", async () => {
    for (const contentType of ["application/json; charset=utf-8", "text/plain", ""]) {
      const response = await fixture.post("/", '["ping"]', { "content-type": contentType });
      expect(response.status).toBe(200);
    }
  });

  it("client headers are tolerated", async () => {
    const response = await fixture.post("/pipeline", '[["ping"]]', {
      "upstash-sync-token": "",
      "upstash-telemetry-sdk": "@upstash/redis@v1.39.0",
      "upstash-telemetry-platform": "cloudflare",
      "cf-worker": "example.com",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ result: "PONG" }]);
  });

  it("body over 10 MB is 413", async () => {
    const value = "x".repeat(10 * 1024 * 1024);
    await expectJsonError(await fixture.post("/", JSON.stringify(["set", fixture.key("big"), value])), 413);
  });

  it("unknown path is 404", async () => {
    await expectJsonError(await fixture.post("/nope", "[]"), 404);
    await expectJsonError(await fixture.post("/pipeline/extra", "[]"), 404);
    await expectJsonError(await fixture.post("/tag/a/b/c", "[]"), 404);
  });

  it("wrong method is 405", async () => {
    await expectJsonError(await fetch(`${fixture.server.url}/pipeline`), 405);
    await expectJsonError(await fetch(`${fixture.server.url}/`, { method: "PUT", body: "[]" }), 405);
  });
});

describe("reply encoding", () => {
  it("base64 encodes every string", async () => {
    const key = fixture.key("b64");
    const headers = { "upstash-encoding": "base64" };
    const response = await fixture.post(
      "/pipeline",
      JSON.stringify([["set", key, "héllo"], ["get", key], ["ping"], ["incr", key], ["get", fixture.key("none")]]),
      headers,
    );
    expect(await response.json()).toEqual([
      { result: Buffer.from("OK").toString("base64") },
      { result: Buffer.from("héllo").toString("base64") },
      { result: Buffer.from("PONG").toString("base64") },
      { error: "ERR value is not an integer or out of range" },
      { result: null },
    ]);
  });

  it("plain mode sends UTF-8 text", async () => {
    const key = fixture.key("plain");
    const response = await fixture.post("/pipeline", JSON.stringify([["set", key, "héllo ✓"], ["get", key]]));
    expect(await response.json()).toEqual([{ result: "OK" }, { result: "héllo ✓" }]);
  });

  it("int64 max keeps exact digits", async () => {
    const key = fixture.key("int64");
    await fixture.post("/", JSON.stringify(["set", key, "9223372036854775806"]));
    const response = await fixture.post("/", JSON.stringify(["incr", key]));
    expect(await response.text()).toBe('{"result":9223372036854775807}');
    const negative = await fixture.post("/", JSON.stringify(["decrby", key, "18446744073709551615"]));
    expect(await negative.text()).toContain("ERR");
  });

  it("JSON number text reaches Redis", async () => {
    const key = fixture.key("number-text");
    await fixture.post("/", `["set","${key}",1.50e+3]`);
    const response = await fixture.post("/", JSON.stringify(["get", key]));
    expect(await response.json()).toEqual({ result: "1.50e+3" });
  });

  it("single command error is 400", async () => {
    const key = fixture.key("wrongtype");
    await fixture.post("/", JSON.stringify(["set", key, "v"]));
    const error = await expectJsonError(await fixture.post("/", JSON.stringify(["lpush", key, "x"]), { "upstash-encoding": "base64" }), 400);
    expect(error).toMatch(/^WRONGTYPE/);
  });
});

describe("rejected commands", () => {
  const rejected = [
    ["MULTI"],
    ["select", "1"],
    ["BLPOP", "k", "0"],
    ["subscribe", "channel"],
    ["psubscribe", "c*"],
    ["MONITOR"],
    ["client", "reply", "off"],
    ["hello", "3"],
    ["xread", "block", "0", "streams", "s", "$"],
    ["wait", "1", "0"],
  ];

  it.each(rejected)("POST / rejects %s", async (...command) => {
    const error = await expectJsonError(await fixture.post("/", JSON.stringify(command)), 400);
    expect(error).toMatch(/^ERR /);
    expect(error).toContain(`'${(command[0] ?? "").toUpperCase()}`);
  });

  it("pipeline rejects only that item", async () => {
    const key = fixture.key("rejected:pipe");
    const response = await fixture.post("/pipeline", JSON.stringify([["set", key, "1"], ["select", "2"], ["get", key]]));
    const items = (await response.json()) as { result?: unknown; error?: string }[];
    expect(items[0]).toEqual({ result: "OK" });
    expect(items[1]?.error).toContain("'SELECT'");
    expect(items[2]).toEqual({ result: "1" });
  });

  it("transaction with rejected command", async () => {
    const key = fixture.key("rejected:multi");
    const response = await fixture.post("/multi-exec", JSON.stringify([["set", key, "1"], ["blpop", key, "0"]]));
    expect(await expectJsonError(response, 400)).toContain("'BLPOP'");
    expect(await fixture.client().get(key)).toBeNull();
  });

  it("non-blocking reads still allowed", async () => {
    const key = fixture.key("rejected:stream");
    const response = await fixture.post("/pipeline", JSON.stringify([["xread", "count", "1", "streams", key, "0"], ["client", "id"]]));
    const items = (await response.json()) as { result?: unknown }[];
    expect(items[0]).toEqual({ result: null });
    expect(typeof items[1]?.result).toBe("number");
  });
});

it("keep-alive reuses the socket", async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = () =>
    new Promise<boolean>((resolve, reject) => {
      const request = http.request(
        `${fixture.server.url}/`,
        { method: "POST", agent, headers: { authorization: `Bearer ${fixture.token}` } },
        (response) => {
          response.resume();
          response.on("end", () => resolve(request.reusedSocket));
        },
      );
      request.on("error", reject);
      request.end('["ping"]');
    });
  expect(await send()).toBe(false);
  expect(await send()).toBe(true);
  agent.destroy();
});
