// Explicit pipelines and MULTI/EXEC transactions through @upstash/redis.

import { afterAll, beforeAll, expect, it } from "vitest";
import { errors } from "@upstash/redis/cloudflare";
import { startFixture, type Fixture } from "./fixture.ts";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
});

afterAll(async () => {
  await fixture?.close();
});

it("pipeline runs commands in order", async () => {
  const key = fixture.key("pipe:order");
  const results = await fixture.client().pipeline().set(key, 1).incr(key).incrby(key, 10).get(key).exec();
  expect(results).toEqual(["OK", 2, 12, 12]);
});

it("pipeline error throws from exec", async () => {
  const key = fixture.key("pipe:error");
  const pipeline = fixture.client().pipeline().set(key, "a").incr(key).get(key);
  await expect(pipeline.exec()).rejects.toThrow("Command 2 [ incr ] failed: ERR value is not an integer");
  expect(await fixture.client().get(key)).toBe("a");
});

it("pipeline keepErrors returns every item", async () => {
  const key = fixture.key("pipe:keep");
  const results = await fixture.client().pipeline().set(key, "a").incr(key).get(key).exec({ keepErrors: true });
  expect(results).toHaveLength(3);
  expect(results[0]).toEqual({ result: "OK", error: undefined });
  expect(results[1]?.error).toContain("ERR value is not an integer");
  expect(results[2]).toEqual({ result: "a", error: undefined });
});

it("transaction returns every result", async () => {
  const key = fixture.key("multi:ok");
  expect(await fixture.client().multi().set(key, 1).incr(key).get(key).exec()).toEqual(["OK", 2, 2]);
});

it("transaction runtime error is per item", async () => {
  const key = fixture.key("multi:runtime");
  const other = fixture.key("multi:runtime-other");
  const results = await fixture.client().multi().set(key, "text").incr(key).set(other, "applied").exec({ keepErrors: true });
  expect(results[0]).toEqual({ result: "OK", error: undefined });
  expect(results[1]?.error).toContain("ERR value is not an integer");
  expect(results[2]).toEqual({ result: "OK", error: undefined });
  expect(await fixture.client().get(other)).toBe("applied");
});

it("transaction queue error aborts all", async () => {
  const key = fixture.key("multi:abort");
  const response = await fixture.post("/multi-exec", JSON.stringify([["set", key, "v"], ["get"]]));
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: string };
  expect(body.error).toMatch(/^EXECABORT/);
  expect(body.error).toContain("wrong number of arguments for 'get'");
  expect(await fixture.client().get(key)).toBeNull();
});

it("transaction queue error throws UpstashError", async () => {
  const key = fixture.key("multi:abort-client");
  // DEL without keys fails the arity check, which Redis makes when queueing.
  const transaction = fixture.client().multi().set(key, "v").del(...([] as string[]));
  const failure = await transaction.exec().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(errors.UpstashError);
  expect((failure as Error).message).toContain("EXECABORT");
  expect(await fixture.client().get(key)).toBeNull();
});

it("concurrent transactions all succeed", async () => {
  const redis = fixture.client();
  const runs = Array.from({ length: 10 }, (_unused, index) => {
    const key = fixture.key(`multi:concurrent:${index}`);
    return redis.multi().set(key, index).incr(key).get(key).exec();
  });
  const results = await Promise.all(runs);
  results.forEach((result, index) => {
    expect(result).toEqual(["OK", index + 1, index + 1]);
  });
});

it("concurrent transactions share a counter", async () => {
  const redis = fixture.client();
  const key = fixture.key("multi:shared");
  const runs = Array.from({ length: 20 }, () => redis.multi().incr(key).incr(key).exec());
  const results = await Promise.all(runs);
  for (const [first, second] of results as [number, number][]) {
    // MULTI/EXEC is atomic, so no other transaction runs between the two INCRs.
    expect(second).toBe(first + 1);
  }
  expect(await redis.get(key)).toBe(40);
});
