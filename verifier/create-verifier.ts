import { jwtVerify, type JWTPayload } from "jose";

import { readToken } from "./authorization.ts";
import { readProtectedHeader } from "./compact-jws.ts";
import { toAccessTokenError } from "./jose-errors.ts";
import { createKeyResolver } from "./key-set.ts";
import { resolveOptions, type AccessTokenVerifierOptions, type ResolvedVerifierOptions } from "./options.ts";
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE, REQUIRED_CLAIMS } from "./profile.ts";
import { checkProtectedHeader } from "./protected-header.ts";
import { requireRecentLogin } from "./recent-login.ts";
import { readVerifiedAccess, type VerifiedAccess } from "./verified-access.ts";

/**
 * Verifies one access token, given bare or as an Authorization header value
 * (`Bearer <token>`). Resolves to the caller's identity, or rejects with an
 * AccessTokenError.
 */
export type AccessTokenVerifier = (tokenOrAuthorizationHeader: string | null | undefined) => Promise<VerifiedAccess>;

/**
 * Creates a verifier for the access tokens that edge-sessions mints. Create it
 * once per process or isolate and reuse it, so the remote key set stays
 * cached. Raises a TypeError for invalid options.
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const resolved = resolveOptions(options);
  const keys = createKeyResolver(options);

  return async (input) => {
    const token = readToken(input);
    checkProtectedHeader(readProtectedHeader(token));

    const now = resolved.clock();
    const payload = await verifySignatureAndClaims(token, keys, resolved, now);
    const verified = readVerifiedAccess(payload, resolved);
    if (resolved.maxAuthAgeSeconds !== undefined) {
      requireRecentLogin(verified, resolved.maxAuthAgeSeconds, () => now);
    }
    return verified;
  };
}

async function verifySignatureAndClaims(
  token: string,
  keys: ReturnType<typeof createKeyResolver>,
  options: ResolvedVerifierOptions,
  now: number,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: [...ACCESS_TOKEN_ALGORITHMS],
      typ: ACCESS_TOKEN_TYPE,
      issuer: options.issuer,
      audience: options.audience,
      requiredClaims: [...REQUIRED_CLAIMS],
      clockTolerance: options.clockToleranceSeconds,
      // jose rejects an `iat` more than the tolerance in the future, or older
      // than this; readVerifiedAccess then bounds `exp` minus `iat`.
      maxTokenAge: options.maxTokenAgeSeconds,
      currentDate: new Date(now),
    });
    return payload;
  } catch (error) {
    throw toAccessTokenError(error);
  }
}
