import { base64url, SignJWT } from "jose";
import type { SessionRecord } from "../session/record.ts";
import type { SigningKey } from "./signing-key.ts";

/**
 * The `typ` header of access tokens. An explicit type keeps an origin from
 * accepting another kind of JWT signed by the same key (RFC 8725, section 3.11).
 */
export const ACCESS_TOKEN_TYPE = "access+jwt";

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * Mints the access token that identifies the caller to the origin. Claims:
 * `iss`, `aud`, `sub` (user), `sid` (session handle), `org` when the session
 * has one, `iat`, `exp`, `jti`, and `auth_time` (when the user logged in).
 * `now` is in milliseconds; JWT times are in seconds.
 */
export async function mintAccessToken(
  session: SessionRecord,
  key: SigningKey,
  options: AccessTokenOptions,
  now: number,
): Promise<string> {
  const issuedAt = Math.floor(now / 1000);
  const claims: Record<string, string | number> = {
    sid: session.handle,
    auth_time: Math.floor(session.createdAt / 1000),
  };
  if (session.orgId !== null) claims.org = session.orgId;

  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(session.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds)
    .setJti(generateTokenId())
    .sign(key.privateKey);
}

function generateTokenId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return base64url.encode(bytes);
}
