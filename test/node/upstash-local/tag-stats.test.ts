// Per-tag request and command counters under /tag/<label> and /_stats/<label>.

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixture, type Fixture } from "./fixture.ts";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
});

afterAll(async () => {
  await fixture?.close();
});

function newLabel(): string {
  return `label-${randomBytes(4).toString("hex")}`;
}

async function readStats(label: string): Promise<{ requests: number; commands: number }> {
  const response = await fetch(`${fixture.server.url}/_stats/${encodeURIComponent(label)}`, {
    headers: { authorization: `Bearer ${fixture.token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { requests: number; commands: number };
}

it("unknown tag has zero counts", async () => {
  expect(await readStats(newLabel())).toEqual({ requests: 0, commands: 0 });
});

it("tagged client counts requests and commands", async () => {
  const label = newLabel();
  const redis = fixture.client({ url: `${fixture.server.url}/tag/${label}` });

  await redis.set(fixture.key("tag:a"), "1");
  expect(await readStats(label)).toEqual({ requests: 1, commands: 1 });

  await redis.pipeline().get(fixture.key("tag:a")).incr(fixture.key("tag:b")).del(fixture.key("tag:c")).exec();
  expect(await readStats(label)).toEqual({ requests: 2, commands: 4 });

  await redis.multi().incr(fixture.key("tag:b")).get(fixture.key("tag:b")).exec();
  expect(await readStats(label)).toEqual({ requests: 3, commands: 6 });
});

it("single-command client under tag", async () => {
  const label = newLabel();
  const redis = fixture.client({ url: `${fixture.server.url}/tag/${label}`, enableAutoPipelining: false });
  expect(await redis.set(fixture.key("tag:single"), "v")).toBe("OK");
  expect(await redis.get(fixture.key("tag:single"))).toBe("v");
  expect(await readStats(label)).toEqual({ requests: 2, commands: 2 });
});

it("script fallback costs one extra round trip", async () => {
  const label = newLabel();
  const redis = fixture.client({ url: `${fixture.server.url}/tag/${label}` });
  const script = redis.createScript(`-- ${randomBytes(8).toString("hex")}\nreturn 1`);

  expect(await script.exec([], [])).toBe(1);
  // EVALSHA fails with NOSCRIPT, then the client sends EVAL.
  expect(await readStats(label)).toEqual({ requests: 2, commands: 2 });

  expect(await script.exec([], [])).toBe(1);
  expect(await readStats(label)).toEqual({ requests: 3, commands: 3 });
});

it("untagged requests count under empty label", async () => {
  const before = await readStats("");
  const response = await fixture.post("/pipeline", JSON.stringify([["ping"], ["ping"]]));
  expect(response.status).toBe(200);
  const after = await readStats("");
  expect(after.requests - before.requests).toBe(1);
  expect(after.commands - before.commands).toBe(2);
});

it("encoded labels are decoded", async () => {
  const label = `a b/${newLabel()}`;
  const response = await fixture.post(`/tag/${encodeURIComponent(label)}/pipeline`, '[["ping"]]');
  expect(response.status).toBe(200);
  expect(await readStats(label)).toEqual({ requests: 1, commands: 1 });
});

it("stats require the token", async () => {
  const response = await fetch(`${fixture.server.url}/_stats/`);
  expect(response.status).toBe(401);
  expect(await response.json()).toHaveProperty("error");
});

it("health check works under tag", async () => {
  const response = await fetch(`${fixture.server.url}/tag/${newLabel()}`);
  expect(response.status).toBe(200);
});
