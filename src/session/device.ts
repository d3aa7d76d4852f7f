import { parseUserAgent, type ParsedUserAgent } from "../device/user-agent.ts";

/** Details of the client that created a session, recorded at login. */
export interface DeviceInfo {
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  deviceType: ParsedUserAgent["type"];
  country: string | null;
  region: string | null;
  city: string | null;
}

/** Maximum length of the User-Agent kept in a session record, in characters. */
export const MAX_USER_AGENT_LENGTH = 512;
/** Maximum length of a stored region or city name, in characters. */
const MAX_PLACE_NAME_LENGTH = 128;

// Cloudflare's country codes that name no country: XX (unknown) and T1 (Tor).
const NOT_A_COUNTRY = new Set(["XX", "T1"]);

interface CfGeolocation {
  country?: unknown;
  region?: unknown;
  city?: unknown;
}

/**
 * Reads the client's IP (`CF-Connecting-IP`, which Cloudflare sets and clients
 * cannot override), User-Agent (capped, then parsed), and location from
 * `request.cf`, with `CF-IPCountry` as the country fallback. `request.cf` is
 * missing in local development without a fixture. Values that do not look
 * right are stored as unknown; place names are kept exactly, non-ASCII included.
 */
export function readDeviceInfo(request: Request): DeviceInfo {
  const ip = request.headers.get("cf-connecting-ip");
  const userAgent = request.headers.get("user-agent")?.slice(0, MAX_USER_AGENT_LENGTH) || null;
  const cf = ((request as { cf?: CfGeolocation }).cf ?? {}) as CfGeolocation;
  const parsed = parseUserAgent(userAgent);
  return {
    ip: isIpAddress(ip) ? ip : null,
    userAgent,
    browser: parsed.browser,
    browserVersion: parsed.browserVersion,
    os: parsed.os,
    deviceType: parsed.type,
    country: readCountry(cf.country) ?? readCountry(request.headers.get("cf-ipcountry")),
    region: readPlaceName(cf.region),
    city: readPlaceName(cf.city),
  };
}

// Shape checks only: dotted IPv4, or IPv6 (hex groups with at least one colon,
// possibly ending in dotted IPv4). Cloudflare sets the header, so this only
// keeps odd values out of the record.
function isIpAddress(value: string | null): value is string {
  if (value === null || value.length > 45) return false;
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || (/^[0-9A-Fa-f:.]+$/.test(value) && value.includes(":"));
}

function readCountry(value: unknown): string | null {
  return typeof value === "string" && /^[A-Z]{2}$/.test(value) && !NOT_A_COUNTRY.has(value) ? value : null;
}

function readPlaceName(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const name = value.trim();
  // Control characters never belong in a place name; an empty name is unknown.
  if (name === "" || /[\u0000-\u001f\u007f-\u009f]/.test(name)) return null;
  return name.slice(0, MAX_PLACE_NAME_LENGTH);
}
