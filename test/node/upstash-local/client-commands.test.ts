// @upstash/redis 1.39 against the local REST server: single commands,
// auto-pipelined commands and the reply encodings.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { startFixture, type Fixture } from "./fixture.ts";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe.each([
  { mode: "single commands", enableAutoPipelining: false },
  { mode: "auto-pipelining", enableAutoPipelining: true },
])("$mode", ({ mode, enableAutoPipelining }) => {
  const key = (name: string) => fixture.key(`${mode}:${name}`);
  const client = () => fixture.client({ enableAutoPipelining });

  it("set then get round-trips", async () => {
    const redis = client();
    expect(await redis.set(key("plain"), "hello")).toBe("OK");
    expect(await redis.get(key("plain"))).toBe("hello");
  });

  it("missing key returns null", async () => {
    expect(await client().get(key("missing"))).toBeNull();
  });

  it("integers come back as numbers", async () => {
    const redis = client();
    expect(await redis.incr(key("counter"))).toBe(1);
    expect(await redis.incrby(key("counter"), 41)).toBe(42);
    expect(await redis.exists(key("counter"), key("missing"))).toBe(1);
    expect(await redis.ttl(key("counter"))).toBe(-1);
  });

  it("set options EX PX NX XX GET", async () => {
    const redis = client();
    expect(await redis.set(key("opt"), "a", { nx: true, ex: 100 })).toBe("OK");
    expect(await redis.ttl(key("opt"))).toBe(100);
    expect(await redis.set(key("opt"), "b", { nx: true })).toBeNull();
    expect(await redis.set(key("opt"), "c", { px: 5000 })).toBe("OK");
    const pttl = await redis.pttl(key("opt"));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(5000);
    expect(await redis.set(key("opt"), "d", { get: true })).toBe("c");
    expect(await redis.set(key("opt-missing"), "e", { xx: true, get: true })).toBeNull();
    expect(await redis.get(key("opt-missing"))).toBeNull();
  });

  it("set with ex 0 fails", async () => {
    await expect(client().set(key("ex0"), "v", { ex: 0 })).rejects.toThrow("invalid expire time");
  });

  it("number literal kept exactly", async () => {
    const redis = client();
    await redis.set(key("tiny"), 1e-7);
    expect(await redis.get(key("tiny"))).toBe(1e-7);
    await redis.set(key("huge"), 1e21);
    expect(await redis.get(key("huge"))).toBe(1e21);
    await redis.set(key("bool"), true);
    expect(await redis.get(key("bool"))).toBe(true);
  });

  it("unicode and empty strings round-trip", async () => {
    const redis = client();
    await redis.set(key("unicode"), "héllo ✓ 😀");
    expect(await redis.get(key("unicode"))).toBe("héllo ✓ 😀");
    await redis.set(key("empty"), "");
    expect(await redis.get(key("empty"))).toBe("");
    await redis.set(key("nul"), "a\u0000b");
    expect(await redis.get(key("nul"))).toBe("a\u0000b");
  });

  it("JSON values and hashes", async () => {
    const redis = client();
    await redis.set(key("object"), { a: 1, b: [1, 2] });
    expect(await redis.get(key("object"))).toEqual({ a: 1, b: [1, 2] });
    await redis.set(key("digits"), "12345678901234567890");
    expect(await redis.get(key("digits"))).toBe("12345678901234567890");
    await redis.hset(key("hash"), { name: "x", count: 3 });
    expect(await redis.hgetall(key("hash"))).toEqual({ name: "x", count: 3 });
    expect(await redis.hgetall(key("no-hash"))).toBeNull();
  });

  it("status replies decode", async () => {
    expect(await client().ping()).toBe("PONG");
  });

  it("nested arrays from eval", async () => {
    const script = "return {ARGV[1], 'OK', 7, {ARGV[2]}, redis.status_reply('OK'), redis.status_reply('PONG')}";
    expect(await client().eval(script, [], ["x", "y"])).toEqual(["x", "OK", 7, ["y"], "OK", "PONG"]);
  });

  it("sorted set with scores", async () => {
    const redis = client();
    await redis.zadd(key("zset"), { score: 1.5, member: "a" }, { score: 2, member: "b" });
    expect(await redis.zrange(key("zset"), 0, -1, { withScores: true })).toEqual(["a", 1.5, "b", 2]);
  });

  it("Redis errors pass through", async () => {
    const redis = client();
    await redis.set(key("string"), "v");
    await expect(redis.lpush(key("string"), "x")).rejects.toThrow("WRONGTYPE");
  });

  it("script falls back to EVAL", async () => {
    // A random comment gives the script a SHA that Redis has never cached,
    // so the first EVALSHA fails with NOSCRIPT without flushing the script cache.
    const script = fixture.client({ enableAutoPipelining }).createScript(`-- ${randomUUID()}\nreturn ARGV[1] .. KEYS[1]`);
    expect(await script.exec([key("script")], ["value:"])).toBe(`value:${key("script")}`);
    expect(await script.exec([key("script")], ["again:"])).toBe(`again:${key("script")}`);
  });
});

describe("auto-pipelining", () => {
  it("mixed reads and writes in parallel", async () => {
    const redis = fixture.client();
    await redis.set(fixture.key("parallel:a"), "1");
    const results = await Promise.all([
      redis.set(fixture.key("parallel:b"), "2"),
      redis.incr(fixture.key("parallel:c")),
      redis.get(fixture.key("parallel:a")),
      redis.get(fixture.key("parallel:missing")),
      redis.exists(fixture.key("parallel:a")),
    ]);
    expect(results).toEqual(["OK", 1, 1, null, 1]);
  });
});

describe("no-encoding mode", () => {
  it("plain strings without base64", async () => {
    const redis = fixture.client({ responseEncoding: false });
    await redis.set(fixture.key("plain:unicode"), "héllo ✓ 😀");
    expect(await redis.get(fixture.key("plain:unicode"))).toBe("héllo ✓ 😀");
    expect(await redis.ping()).toBe("PONG");
    expect(await redis.eval("return {ARGV[1], {ARGV[2]}}", [], ["x", "ü"])).toEqual(["x", ["ü"]]);
  });
});
