// Keys, tokens and verifiers shared by the access token verifier tests. Every
// key is generated here, and every time comes from a fixed clock.
import { base64url, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from "jose";
import { expect } from "vitest";

import type { SessionRecord } from "../../../src/session/record.ts";
import { sessionRecordAt } from "../../fixtures/session-record.ts";
import { mintAccessToken } from "../../../src/token/access-token.ts";
import { importSigningKey, type SigningKey } from "../../../src/token/signing-key.ts";
import { AccessTokenError, createAccessTokenVerifier, type AccessTokenErrorCode, type AccessTokenVerifierOptions } from "../../../verifier/index.ts";

export const ISSUER = "edge-sessions";
export const AUDIENCE = "https://origin.example";
/** The fixed current time of every test, in milliseconds. */
export const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
export const NOW_SECONDS = NOW_MS / 1000;

export type Algorithm = "ES256" | "EdDSA";

/** A worker signing key and its extractable key pair, for tests that need the raw public key. */
export interface TestKey {
  signingKey: SigningKey;
  publicKey: CryptoKey;
}

/** Generates a key pair and imports the private half the way the worker imports SIGNING_KEY. */
export async function createTestKey(alg: Algorithm, kid = `test-${alg.toLowerCase()}`): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg === "ES256" ? "ES256" : "Ed25519", { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
  return { signingKey: await importSigningKey(JSON.stringify(privateJwk)), publicKey };
}

/** Both test keys, and the JWKS the worker would publish for them. */
export interface TestKeys {
  es256: TestKey;
  eddsa: TestKey;
  jwks: JSONWebKeySet;
}

export async function createTestKeys(): Promise<TestKeys> {
  const es256 = await createTestKey("ES256");
  const eddsa = await createTestKey("EdDSA");
  return { es256, eddsa, jwks: { keys: [es256.signingKey.publicJwk, eddsa.signingKey.publicJwk] } };
}

/** Creates a verifier over the test JWKS, at the fixed current time unless overridden. */
export function createTestVerifier(jwks: JSONWebKeySet, overrides: Partial<AccessTokenVerifierOptions> = {}) {
  return createAccessTokenVerifier({
    keySet: createLocalJWKSet(jwks),
    issuer: ISSUER,
    audience: AUDIENCE,
    clock: () => NOW_MS,
    ...overrides,
  });
}

/** A session record as the store returns it, logged in one minute before the fixed time. */
export function createSessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return sessionRecordAt(NOW_MS, overrides);
}

/** Mints a token with the worker's own minting function, with a 60-second lifetime. */
export function mintWorkerToken(key: TestKey, session: SessionRecord = createSessionRecord(), now = NOW_MS): Promise<string> {
  return mintAccessToken(session, key.signingKey, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 60 }, now);
}

/** Returns the claims the worker mints at the fixed time. */
export function workerClaims(): JWTPayload {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "user_alice",
    sid: "sess_public_handle",
    org: "org_acme",
    iat: NOW_SECONDS,
    exp: NOW_SECONDS + 60,
    jti: "token-id-1",
    auth_time: NOW_SECONDS - 60,
  };
}

/** Returns the protected header the worker sets. */
export function workerHeader(key: TestKey): Record<string, unknown> {
  return { alg: key.signingKey.alg, kid: key.signingKey.kid, typ: "access+jwt" };
}

/**
 * Signs arbitrary header and payload JSON text with a test key. The texts are
 * signed byte for byte, so a test can craft what SignJWT would not produce
 * (duplicate members, invalid claim types).
 */
export async function signRaw(key: TestKey, headerJson: string, payloadJson: string): Promise<string> {
  const signingInput = `${encodeText(headerJson)}.${encodeText(payloadJson)}`;
  const algorithm = key.signingKey.alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "Ed25519" };
  const signature = await crypto.subtle.sign(algorithm, key.signingKey.privateKey, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64url.encode(new Uint8Array(signature))}`;
}

/** Signs header and claim objects with a test key, using the worker's header and claims unless overridden. */
export function signToken(key: TestKey, header: Record<string, unknown> = workerHeader(key), claims: JWTPayload = workerClaims()): Promise<string> {
  return signRaw(key, JSON.stringify(header), JSON.stringify(claims));
}

/** Signs with jose's SignJWT, for tokens jose itself is able to produce. */
export function signWithJose(key: TestKey, claims: JWTPayload = workerClaims()): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(workerHeader(key) as { alg: string }).sign(key.signingKey.privateKey);
}

export function encodeText(text: string): string {
  return base64url.encode(new TextEncoder().encode(text));
}

/**
 * Asserts that verification rejects with the code, and the claim when given.
 * Also asserts that the message does not contain the token or its signature.
 */
export async function expectRejected(result: Promise<unknown>, code: AccessTokenErrorCode, token?: string, claim?: string): Promise<AccessTokenError> {
  const error = await result.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AccessTokenError);
  const accessTokenError = error as AccessTokenError;
  expect(accessTokenError.code).toBe(code);
  if (claim !== undefined) {
    expect(accessTokenError.claim).toBe(claim);
  }
  if (token !== undefined && token.length > 0) {
    expect(accessTokenError.message).not.toContain(token);
    const signature = token.split(".")[2];
    if (signature !== undefined && signature.length > 8) {
      expect(accessTokenError.message).not.toContain(signature);
    }
  }
  return accessTokenError;
}
