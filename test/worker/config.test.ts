import { afterEach, describe, expect, it, vi } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { TestWorker } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

async function expectMisconfigured(overrides: Partial<Env>, setting: string): Promise<void> {
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const worker = new TestWorker(overrides);

  const first = await worker.fetch("/echo");
  const second = await worker.fetch("/echo");
  const body = await first.text();

  expect(first.status, setting).toBe(500);
  expect(second.status, setting).toBe(500);
  expect(JSON.parse(body), setting).toEqual({ error: "internal_error", message: "The service is not available." });
  expect(body, setting).not.toContain(setting);
  // One log line per isolate and env, naming the setting.
  expect(errors, setting).toHaveBeenCalledTimes(1);
  const line = JSON.parse(String(errors.mock.calls[0]![0])) as Record<string, string>;
  expect(line.event, setting).toBe("config.invalid");
  expect(line.setting, setting).toBe(setting);
  errors.mockRestore();
}

describe("configuration", () => {
  it("rejects missing required settings", async () => {
    for (const setting of ["ORIGIN_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "SIGNING_KEY"] as const) {
      await expectMisconfigured({ [setting]: undefined }, setting);
      await expectMisconfigured({ [setting]: "  " }, setting);
    }
  });

  it("rejects invalid plain settings", async () => {
    const cases: Array<[keyof Env, string]> = [
      ["ORIGIN_URL", "not a url"],
      ["ORIGIN_URL", "ftp://origin.example"],
      ["ORIGIN_URL", "https://origin.example/app"],
      ["ORIGIN_URL", "https://user:pw@origin.example"],
      ["UPSTASH_REDIS_REST_URL", "redis://127.0.0.1:6379"],
      ["SESSION_COOKIE_NAME", "sid"],
      ["SESSION_COOKIE_NAME", "__Secure-sid"],
      ["SESSION_COOKIE_NAME", "__Host-s id"],
      ["IDLE_TIMEOUT_SECONDS", "0"],
      ["IDLE_TIMEOUT_SECONDS", "-5"],
      ["IDLE_TIMEOUT_SECONDS", "1.5"],
      ["IDLE_TIMEOUT_SECONDS", "ten"],
      ["ABSOLUTE_TIMEOUT_SECONDS", "34560001"],
      ["ABSOLUTE_TIMEOUT_SECONDS", "60"],
      ["ACCESS_TOKEN_TTL_SECONDS", "301"],
      ["ACCESS_TOKEN_TTL_SECONDS", "0"],
      ["ACCESS_TOKEN_HEADER", "X Access"],
      ["ACCESS_TOKEN_ISSUER", ""],
      ["SESSION_CONTROL_HEADER", "bad:header"],
      ["STORE_TIMEOUT_MS", "10"],
      ["STORE_KEY_PREFIX", "has space"],
      ["ROUTE_PREFIX", "/_session/"],
      ["ROUTE_PREFIX", "_session"],
    ];
    for (const [setting, value] of cases) {
      await expectMisconfigured({ [setting]: value }, setting);
    }
  });

  it("rejects unusable signing keys", async () => {
    const keys = [
      "not json",
      "[]",
      JSON.stringify({ kty: "oct", k: "c2VjcmV0", alg: "HS256", kid: "h" }),
      JSON.stringify({ kty: "EC", crv: "P-256", alg: "ES256", kid: "public-only", x: "AAAA", y: "AAAA" }),
      JSON.stringify({ kty: "EC", crv: "P-256", alg: "ES256", x: "AAAA", y: "AAAA", d: "AAAA" }),
      JSON.stringify({ kty: "EC", crv: "P-256", alg: "ES256", kid: "broken", x: "AAAA", y: "AAAA", d: "AAAA" }),
      JSON.stringify({ kty: "EC", crv: "P-384", alg: "ES384", kid: "p384", x: "AAAA", y: "AAAA", d: "AAAA" }),
    ];
    for (const key of keys) {
      await expectMisconfigured({ SIGNING_KEY: key }, "SIGNING_KEY");
    }
  });

  it("never logs the signing key material", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const secret = "c2VjcmV0LWtleS1tYXRlcmlhbA";
    await new TestWorker({ SIGNING_KEY: JSON.stringify({ kty: "EC", crv: "P-256", alg: "ES256", kid: "k", x: "AAAA", y: "AAAA", d: secret }) }).fetch("/echo");
    expect(JSON.stringify(errors.mock.calls)).not.toContain(secret);
  });

  it("defaults the audience to the origin", async () => {
    const worker = new TestWorker({ ACCESS_TOKEN_AUDIENCE: "" });
    const sessionId = await worker.login("user_default_audience");
    const response = await worker.fetch("/echo", { headers: { cookie: `__Host-sid=${sessionId}` } });
    const token = String(((await response.json()) as { headers: Record<string, string> }).headers.authorization).slice(7);
    const payload = JSON.parse(atob(token.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/"))) as { aud: string };
    expect(payload.aud).toBe(new URL(worker.env.ORIGIN_URL!).origin);
  });
});
