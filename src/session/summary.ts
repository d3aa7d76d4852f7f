import type { DeviceType } from "../device/user-agent.ts";

/**
 * One session as its user sees it in the device list and the sessions API.
 * It never contains the session ID or the store key: `handle` is the public name.
 */
export interface SessionSummary {
  handle: string;
  /** True for the session that made the request. */
  current: boolean;
  device: {
    /** Browser name, for example "Chrome"; null when unknown. */
    browser: string | null;
    /** Browser major version, for example "131"; null when unknown. */
    browserVersion: string | null;
    /** Operating system name, for example "macOS"; null when unknown. */
    os: string | null;
    type: DeviceType;
  };
  location: {
    /** City name exactly as Cloudflare reported it, for example "Münsingen"; null when unknown. */
    city: string | null;
    region: string | null;
    /** ISO 3166-1 alpha-2 country code; null when unknown (never XX or T1). */
    country: string | null;
  };
  ip: string | null;
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
  /** Milliseconds since the Unix epoch. */
  lastActiveAt: number;
}
