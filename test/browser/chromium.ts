// Launches Debian's Chromium through playwright-core, which never downloads a
// browser of its own, and confines each page's traffic to 127.0.0.1.
import { existsSync } from "node:fs";

import { chromium, type Browser, type BrowserContext } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

// Headless with no sandbox (the tests run as root), and none of Chromium's own
// background requests, which would leave the machine.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const LAUNCH_TIMEOUT_MS = 30_000;

/**
 * Launches Chromium with a fresh profile: playwright creates a new temporary
 * user-data directory for each launch and deletes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing. Install it with: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS });
}

export interface ContextOptions {
  userAgent: string;
  /** Default time for each page action and expectation, in milliseconds. */
  actionTimeoutMs: number;
}

/** Opens a context (its own cookie jar) that aborts every request to a host other than 127.0.0.1. */
export async function openContext(browser: Browser, options: ContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext({ userAgent: options.userAgent, locale: "en-US" });
  context.setDefaultTimeout(options.actionTimeoutMs);
  await context.route("**/*", (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === "127.0.0.1" ? route.continue() : route.abort("blockedbyclient");
  });
  return context;
}
