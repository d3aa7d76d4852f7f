/** Details of the client that created a session, recorded at login. */
export interface DeviceInfo {
  ip: string | null;
  userAgent: string | null;
  country: string | null;
}

/** Longest User-Agent kept in a session record, in characters. */
export const MAX_USER_AGENT_LENGTH = 512;

// Cloudflare's country codes that name no country: XX (unknown) and T1 (Tor).
const NOT_A_COUNTRY = new Set(["XX", "T1"]);

/**
 * Reads the client's IP (`CF-Connecting-IP`, which Cloudflare sets and clients
 * cannot override), User-Agent (capped) and country (`request.cf`, which is
 * missing in local development). Values that do not look right are stored as unknown.
 */
export function readDeviceInfo(request: Request): DeviceInfo {
  const ip = request.headers.get("cf-connecting-ip");
  const userAgent = request.headers.get("user-agent");
  const country = (request as { cf?: { country?: unknown } }).cf?.country;
  return {
    ip: ip !== null && /^[0-9A-Fa-f:.]{2,45}$/.test(ip) ? ip : null,
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
    country: typeof country === "string" && /^[A-Z]{2}$/.test(country) && !NOT_A_COUNTRY.has(country) ? country : null,
  };
}
