// Keys, tokens and an app instance shared by the demo origin tests.
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from "jose";

import { createDemoOrigin, type DemoOriginOptions } from "../../../demo-origin/app.ts";

export const ISSUER = "edge-sessions";
export const AUDIENCE = "demo-origin";
export const KEY_ID = "test-key-1";

export interface SigningKey {
  privateKey: CryptoKey;
  publicKeySet: JSONWebKeySet;
}

/** Generates an ES256 key pair and the public key set the origin verifies against. */
export async function createSigningKey(keyId = KEY_ID): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const publicJwk = { ...(await exportJWK(publicKey)), kid: keyId, alg: "ES256", use: "sig" };
  return { privateKey, publicKeySet: { keys: [publicJwk] } };
}

export interface TokenOptions {
  claims?: JWTPayload;
  header?: { typ?: string; kid?: string };
  /** Claims to drop from the default set. */
  omit?: string[];
}

/** Signs an access token that the app accepts, unless the options change it. Times are seconds since the epoch. */
export async function signAccessToken(key: SigningKey, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "user_alice",
    sid: "sess_public_handle",
    org: "org_acme",
    iat: now,
    exp: now + 60,
    jti: "token-id-1",
    auth_time: now - 30,
    ...options.claims,
  };
  for (const name of options.omit ?? []) {
    delete claims[name];
  }

  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", typ: "access+jwt", kid: KEY_ID, ...options.header })
    .sign(key.privateKey);
}

/** Creates the app with the key's public key set and no error output. */
export function createTestApp(key: SigningKey, overrides: Partial<DemoOriginOptions> = {}) {
  return createDemoOrigin({
    keySet: createLocalJWKSet(key.publicKeySet),
    issuer: ISSUER,
    audience: AUDIENCE,
    logError: () => {},
    ...overrides,
  });
}

export function formBody(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

export function jsonBody(value: unknown): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(value),
  };
}

export function bearer(token: string): RequestInit {
  return { headers: { Authorization: `Bearer ${token}` } };
}
