import { base64url } from "jose";

/** Bytes of randomness in a session ID: 256 bits, well above the 128 bits that OWASP ASVS 5.0 requirement 7.2.3 requires. */
export const SESSION_ID_BYTES = 32;
/** Bytes of randomness in a public session handle (the `sid` claim). */
const SESSION_HANDLE_BYTES = 16;

// 32 bytes in base64url without padding are exactly 43 characters, and the
// last character carries only 4 bits, so it is one of AEIMQUYcgkosw048.
const SESSION_ID_FORMAT = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** Generates a new session ID: 32 random bytes from the platform CSPRNG, base64url. */
export function generateSessionId(): string {
  return randomBase64url(SESSION_ID_BYTES);
}

/**
 * Generates a public session handle. It names a session in access tokens, logs
 * and device lists, and reveals neither the cookie value nor the store key.
 */
export function generateSessionHandle(): string {
  return randomBase64url(SESSION_HANDLE_BYTES);
}

/** Checks the exact format of a session ID, so that a malformed value never reaches the store. */
export function isWellFormedSessionId(value: string): boolean {
  return SESSION_ID_FORMAT.test(value);
}

/**
 * Derives the store's name for a session: base64url of SHA-256 of the ID. The
 * store never contains the ID itself, so a copy of the store contains no usable cookie.
 */
export async function digestSessionId(sessionId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sessionId));
  return base64url.encode(new Uint8Array(digest));
}

function randomBase64url(byteCount: number): string {
  const bytes = new Uint8Array(byteCount);
  crypto.getRandomValues(bytes);
  return base64url.encode(bytes);
}
