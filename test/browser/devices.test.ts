// Two browsers sign in as the same user through the real stack: the worker
// in wrangler dev, the demo origin, the local Upstash REST server and Redis.
// The tests cover the device list, signing one session out from another, and
// the demo origin's password change ending the other session.
import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchChromium, openContext } from "./chromium.ts";
import { startDevStack, type DevStack } from "./dev-stack.ts";

const MAC_CHROME_UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const WINDOWS_FIREFOX_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

const STACK_START_TIMEOUT_MS = 90_000;
const ACTION_TIMEOUT_MS = 15_000;
const SCREENSHOT_PATH = path.resolve(import.meta.dirname, "../../test-output/devices-page.png");

let stack: DevStack | undefined;
let browser: Browser | undefined;
let mac: Page;
let windows: Page;

beforeAll(async () => {
  stack = await startDevStack(STACK_START_TIMEOUT_MS);
  browser = await launchChromium();
  mac = await openPage(browser, MAC_CHROME_UA);
  windows = await openPage(browser, WINDOWS_FIREFOX_UA);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (stack !== undefined) {
    // dev.ts stops every part and exits with 0 on SIGINT, as on Ctrl-C.
    expect(await stack.stop()).toBe(0);
  }
}, 60_000);

async function openPage(browser: Browser, userAgent: string): Promise<Page> {
  const context: BrowserContext = await openContext(browser, { userAgent, actionTimeoutMs: ACTION_TIMEOUT_MS });
  return context.newPage();
}

function url(pathname: string): string {
  return `${stack!.workerUrl}${pathname}`;
}

async function signIn(page: Page): Promise<void> {
  await page.goto(url("/"));
  await page.locator("#email").fill("alice@example.com");
  await page.locator("#password").fill("alice-demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Signed in as user_alice").waitFor();
}

/** Loads the home page and reports whether it shows the login form. */
async function isSignedOut(page: Page): Promise<boolean> {
  await page.goto(url("/"));
  await page.locator("h1").waitFor();
  return (await page.locator("#email").count()) === 1;
}

/** Text of each row's "device · location · time" line on the devices page. */
async function readRowSummaries(page: Page): Promise<string[]> {
  await page.locator("h1").waitFor();
  return page.locator("li .summary").allInnerTexts();
}

describe("devices page in Chromium", () => {
  it("lists both sessions with device labels", async () => {
    await signIn(mac);
    await signIn(windows);

    const response = await mac.goto(url("/_session/devices"));
    const summaries = await readRowSummaries(mac);
    const currentRow = mac.locator("li", { hasText: "This device" });

    expect(response?.status()).toBe(200);
    expect(await mac.locator("html").getAttribute("lang")).toBe("en");
    expect(summaries).toHaveLength(2);
    expect(summaries).toContainEqual(expect.stringMatching(/^Chrome 131 on macOS · San Francisco, United States · /));
    expect(summaries).toContainEqual(expect.stringMatching(/^Firefox 133 on Windows · San Francisco, United States · /));
    expect(await currentRow.count()).toBe(1);
    expect(await currentRow.locator(".summary").innerText()).toMatch(/^Chrome 131 on macOS/);
    expect(await currentRow.getByRole("button").count()).toBe(0);

    await mkdir(path.dirname(SCREENSHOT_PATH), { recursive: true });
    await mac.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
  });

  it("fits a phone-width screen", async () => {
    await mac.setViewportSize({ width: 360, height: 740 });
    await mac.goto(url("/_session/devices"));

    // A string, because this project's Node type-check has no DOM types.
    const overflow = (await mac.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;

    expect(overflow).toBeLessThanOrEqual(0);
    await mac.setViewportSize({ width: 1280, height: 720 });
  });

  it("signs the other session out", async () => {
    await mac.goto(url("/_session/devices"));
    const button = mac.getByRole("button", { name: /^Sign out Firefox 133 on Windows, San Francisco, United States, / });

    await button.click();
    await mac.waitForURL(/\/_session\/devices\?notice=signed-out$/);

    expect(await mac.getByRole("status").innerText()).toBe("The session was signed out.");
    expect(await readRowSummaries(mac)).toEqual([expect.stringMatching(/^Chrome 131 on macOS/)]);
    expect(await isSignedOut(windows)).toBe(true);
    expect(await isSignedOut(mac)).toBe(false);
  });

  it("anonymous devices page redirects home", async () => {
    const response = await windows.goto(url("/_session/devices"));

    expect(new URL(windows.url()).pathname).toBe("/");
    expect(response?.status()).toBe(200);
    expect(await windows.locator("#email").count()).toBe(1);
  });

  it("password change ends the other session", async () => {
    await signIn(windows);
    expect(await isSignedOut(windows)).toBe(false);

    await mac.goto(url("/"));
    await mac.locator("#current-password").fill("alice-demo-password");
    await mac.locator("#new-password").fill("a-new-demo-password");
    await mac.getByRole("button", { name: "Change password" }).click();
    await mac.waitForURL(/\/\?notice=password-changed$/);

    expect(await mac.getByRole("status").innerText()).toMatch(/^Password changed\./);
    expect(await isSignedOut(windows)).toBe(true);
    expect(await isSignedOut(mac)).toBe(false);
  });

  it("signs all other sessions out", async () => {
    await signIn(windows);

    await mac.goto(url("/_session/devices"));
    expect(await readRowSummaries(mac)).toHaveLength(2);
    await mac.getByRole("button", { name: "Sign out all other sessions" }).click();
    await mac.waitForURL(/\/_session\/devices\?notice=signed-out-others$/);

    expect(await readRowSummaries(mac)).toHaveLength(1);
    expect(await mac.getByRole("button", { name: "Sign out all other sessions" }).count()).toBe(0);
    expect(await isSignedOut(windows)).toBe(true);
  });
});
