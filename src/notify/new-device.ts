import { base64url, SignJWT } from "jose";
import { logEvent } from "../log.ts";
import type { Runtime } from "../runtime.ts";
import type { SessionRecord } from "../session/record.ts";

/** The `typ` header of new-device reports, so they cannot pass as access tokens. */
export const NEW_DEVICE_REPORT_TYPE = "new-device+jwt";

// The report must not hold a login response open; it runs after the response,
// and gives up after this many milliseconds.
const REPORT_TIMEOUT_MS = 5_000;

/**
 * Reports a sign-in from a browser, OS and country that none of the user's
 * other live sessions has. The body is a JWT signed with the access-token key
 * (`application/jwt`), so the receiver verifies it against the same JWKS.
 * Claims: `iss`, `aud`, `sub`, `sid`, `iat`, `jti`, `event` ("new_device"),
 * `device`, `location`, `ip`, and `other_sessions`.
 */
export async function reportNewDevice(runtime: Runtime, webhookUrl: URL, record: SessionRecord, otherSessions: number): Promise<void> {
  const { settings, signingKey } = runtime;
  const jti = new Uint8Array(16);
  crypto.getRandomValues(jti);
  const body = await new SignJWT({
    sid: record.handle,
    event: "new_device",
    device: { browser: record.browser, browser_version: record.browserVersion, os: record.os, type: record.deviceType },
    location: { country: record.country, region: record.region, city: record.city },
    ip: record.ip,
    other_sessions: otherSessions,
  })
    .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: NEW_DEVICE_REPORT_TYPE })
    .setIssuer(settings.accessTokenIssuer)
    .setAudience(settings.accessTokenAudience)
    .setSubject(record.userId)
    .setIssuedAt(Math.floor(runtime.clock() / 1000))
    .setJti(base64url.encode(jti))
    .sign(signingKey.privateKey);

  try {
    const response = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/jwt" },
      body,
      signal: AbortSignal.timeout(REPORT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    logEvent("info", "session.new_device_reported", { session: record.handle, user: record.userId });
  } catch (error) {
    logEvent("error", "session.new_device_report_failed", {
      session: record.handle,
      user: record.userId,
      reason: error instanceof Error ? error.message : "unknown",
    });
  }
}
