import { randomBytes } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFixture, type Fixture } from "./fixture.ts";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
});

afterAll(async () => {
  await fixture.close();
});

function uniqueComment(): string {
  return `-- ${randomBytes(8).toString("hex")}`;
}

it("runs a script flagged allow-key-locking", async () => {
  const redis = fixture.client();
  const script = redis.createScript(`#!lua flags=allow-key-locking\n${uniqueComment()}\nreturn ARGV[1]`);
  expect(await script.exec([], ["first"])).toBe("first");
  // The second call goes through EVALSHA of the client's own SHA1.
  expect(await script.exec([], ["second"])).toBe("second");
});

it("keeps the other shebang flags", async () => {
  const redis = fixture.client();
  const readOnly = redis.createScript(`#!lua flags=no-writes,allow-key-locking\n${uniqueComment()}\nreturn redis.call('SET', KEYS[1], 'x')`);
  await expect(readOnly.exec([fixture.key("no-writes")], [])).rejects.toThrow(/write commands are not allowed/i);
  expect(await redis.exists(fixture.key("no-writes"))).toBe(0);
});

it("serves @upstash/ratelimit unchanged", async () => {
  const limiter = new Ratelimit({
    redis: fixture.client(),
    limiter: Ratelimit.slidingWindow(2, "60 s"),
    prefix: fixture.key("ratelimit"),
    timeout: 0,
    analytics: false,
    ephemeralCache: false,
  });
  const results = [];
  for (let attempt = 0; attempt < 3; attempt++) results.push((await limiter.limit("client")).success);
  expect(results).toEqual([true, true, false]);
});
