import { describe, expect, inject, it } from "vitest";
import { sessionKeyOf, storeClient, TestWorker } from "./support.ts";

async function keysWithPrefix(pattern: string): Promise<string[]> {
  const redis = storeClient();
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, { match: pattern, count: 1000 });
    found.push(...keys);
    cursor = String(next);
  } while (cursor !== "0");
  return found;
}

describe("store layout", () => {
  it("keys a session by the digest of its ID", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_layout");
    const key = await sessionKeyOf(sessionId);
    expect(await storeClient().exists(key)).toBe(1);

    const keys = await keysWithPrefix(`${inject("keyPrefix")}*`);
    expect(keys.some((name) => name.includes(sessionId))).toBe(false);
    const record = (await storeClient().hgetall(key)) as unknown as string[];
    expect(JSON.stringify(record)).not.toContain(sessionId);
  });

  it("stores the record fields", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_fields", {
      headers: { "user-agent": `Agent/${"x".repeat(1000)}`, "cf-connecting-ip": "203.0.113.7" },
    }, "org_fields");
    const flat = (await storeClient().hgetall(await sessionKeyOf(sessionId))) as unknown as string[];
    const record = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) record.set(flat[i]!, flat[i + 1]!);

    expect(record.get("user")).toBe("user_fields");
    expect(record.get("org")).toBe("org_fields");
    expect(record.get("handle")).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(record.get("ip")).toBe("203.0.113.7");
    expect(record.get("user_agent")).toHaveLength(512);
    expect(record.get("country")).toBe("US");
    expect(Number(record.get("created_at"))).toBe(worker.clock.now);
    expect(Number(record.get("absolute_expires_at"))).toBe(worker.clock.now + 7776000 * 1000);
  });

  it("drops an IP that is not an address", async () => {
    const worker = new TestWorker();
    for (const value of ["<script>", "abcd", "1.2.3", "x".repeat(50)]) {
      const sessionId = await worker.login("user_bad_ip", { headers: { "cf-connecting-ip": value } });
      expect(await storeClient().hget(await sessionKeyOf(sessionId), "ip"), value).toBeNull();
    }
    for (const value of ["2001:db8::1", "::ffff:192.0.2.1", "192.0.2.1"]) {
      const sessionId = await worker.login("user_good_ip", { headers: { "cf-connecting-ip": value } });
      expect(await storeClient().hget(await sessionKeyOf(sessionId), "ip"), value).toBe(value);
    }
  });

  it("indexes each session under its user", async () => {
    const worker = new TestWorker({ IDLE_TIMEOUT_SECONDS: "600", ABSOLUTE_TIMEOUT_SECONDS: "3600" });
    const first = await worker.login("user_index");
    const second = await worker.login("user_index");
    const indexKey = `${inject("keyPrefix")}user-sessions:user_index`;

    const index = (await storeClient().hgetall(indexKey)) as unknown as string[];
    expect(index).toHaveLength(4);
    const digests = [index[1], index[3]].sort();
    const expected = [await sessionKeyOf(first), await sessionKeyOf(second)].map((key) => key.split("session:")[1]).sort();
    expect(digests).toEqual(expected);

    const ttl = await storeClient().pttl(indexKey);
    expect(ttl).toBeGreaterThan(3600 * 1000 - 5_000);
    expect(ttl).toBeLessThanOrEqual(3600 * 1000);
  });
});
