import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { describe, expect, inject, it } from "vitest";
import { TestWorker } from "./support.ts";

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function reportsFor(userId: string): Promise<string[]> {
  const response = await fetch(`${inject("originUrl")}/webhooks`);
  const bodies = (await response.json()) as string[];
  return bodies.filter((body) => JSON.parse(atob(body.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/"))).sub === userId);
}

describe("new-device report", () => {
  it("reports a login from a new device", async () => {
    const worker = new TestWorker({ NEW_DEVICE_WEBHOOK_URL: `${inject("originUrl")}/webhooks` });
    await worker.login("user_new_device", { headers: { "user-agent": CHROME_MAC } });
    await worker.login("user_new_device", { headers: { "user-agent": CHROME_MAC } });
    expect(await reportsFor("user_new_device")).toHaveLength(1);

    await worker.login("user_new_device", { headers: { "user-agent": FIREFOX_WINDOWS } });
    const reports = await reportsFor("user_new_device");
    expect(reports).toHaveLength(2);

    const jwks = (await (await worker.fetch("/_session/jwks.json")).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(reports[1]!, createLocalJWKSet(jwks), {
      typ: "new-device+jwt",
      issuer: "edge-sessions",
      audience: "demo-origin",
    });
    expect(payload.event).toBe("new_device");
    expect(payload.device).toMatchObject({ browser: "Firefox", os: "Windows", type: "desktop" });
    expect(payload.location).toMatchObject({ country: "US", city: "San Francisco" });
    expect(payload.other_sessions).toBe(2);
  });

  it("reports a known device in a new country", async () => {
    const worker = new TestWorker({ NEW_DEVICE_WEBHOOK_URL: `${inject("originUrl")}/webhooks` });
    await worker.login("user_new_country", { headers: { "user-agent": CHROME_MAC } });
    await worker.login("user_new_country", { headers: { "user-agent": CHROME_MAC }, cf: { country: "DE", city: "Berlin" } } as RequestInit);
    expect(await reportsFor("user_new_country")).toHaveLength(2);
  });

  it("sends nothing without a webhook URL", async () => {
    const worker = new TestWorker();
    await worker.login("user_no_webhook", { headers: { "user-agent": CHROME_MAC } });
    expect(await reportsFor("user_no_webhook")).toHaveLength(0);
  });

  it("keeps the login when the webhook fails", async () => {
    const worker = new TestWorker({ NEW_DEVICE_WEBHOOK_URL: inject("closedStoreUrl") });
    const sessionId = await worker.login("user_webhook_down", { headers: { "user-agent": CHROME_MAC } });
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
