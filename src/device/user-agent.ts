import Bowser from "bowser";

/** Device categories shown to users; `bot` covers crawlers and other automated clients. */
export const DEVICE_TYPES = ["desktop", "mobile", "tablet", "bot", "unknown"] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export interface ParsedUserAgent {
  browser: string | null;
  /** Major version only: enough for a label, and less identifying than the full version. */
  browserVersion: string | null;
  os: string | null;
  type: DeviceType;
}

/**
 * Longest User-Agent passed to the parser, in characters. Real User-Agents
 * are a few hundred characters; the cap keeps the parser's regular
 * expressions fast on crafted input of any length.
 */
export const MAX_PARSED_USER_AGENT_LENGTH = 512;

const PLATFORM_TYPES: Record<string, DeviceType> = {
  desktop: "desktop",
  mobile: "mobile",
  tablet: "tablet",
  tv: "unknown",
  bot: "bot",
};

/** Parses browser, OS and device type from a User-Agent with bowser (MIT licence). */
export function parseUserAgent(userAgent: string | null): ParsedUserAgent {
  if (!userAgent) return { browser: null, browserVersion: null, os: null, type: "unknown" };
  const parser = Bowser.getParser(userAgent.slice(0, MAX_PARSED_USER_AGENT_LENGTH));
  const browser = parser.getBrowser();
  const os = parser.getOS();
  const platform = parser.getPlatformType(true);
  return {
    browser: browser.name || null,
    browserVersion: browser.version ? (browser.version.split(".")[0] ?? null) : null,
    os: os.name || null,
    type: PLATFORM_TYPES[platform] ?? "unknown",
  };
}
