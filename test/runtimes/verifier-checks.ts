// Checks of the access token verifier that run unchanged in every runtime
// the verifier supports: Node.js, Deno, Bun (through verifier-smoke.ts) and
// workerd (test/worker/verifier-in-workerd.test.ts). They use Web APIs and
// jose only (no node: module and no runtime global such as Deno or Bun), and a
// local key set, so they open no socket.
import { base64url, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from "jose";

import { mintAccessToken } from "../../src/token/access-token.ts";
import { importSigningKey, type SigningKey } from "../../src/token/signing-key.ts";
import { sessionRecordAt } from "../fixtures/session-record.ts";
import { ACCESS_TOKEN_ERROR_CODES, AccessTokenError, createAccessTokenVerifier, type AccessTokenVerifier } from "../../verifier/index.ts";

const ISSUER = "edge-sessions";
const AUDIENCE = "https://origin.example";
const USER_ID = "user_alice";
/** The fixed current time of every check, in milliseconds. */
const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
const TTL_SECONDS = 60;

/** The outcome of verifying one token: the verified user, or the error code and claim. */
interface Outcome {
  userId?: string;
  code?: string;
  claim?: string;
}

/** One check: the token's key, the case, and the expected and actual outcome. */
export interface CheckResult {
  alg: string;
  case: string;
  expected: Outcome;
  actual: Outcome;
  pass: boolean;
}

const session = sessionRecordAt(NOW_MS, { userId: USER_ID });

// Generates a key pair and imports the private half the way the worker imports
// its SIGNING_KEY secret, so the key and the JWKS entry match the worker's.
async function createSigningKey(alg: "ES256" | "EdDSA"): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(alg === "ES256" ? "ES256" : "Ed25519", { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: `smoke-${alg.toLowerCase()}`, alg };
  return importSigningKey(JSON.stringify(privateJwk));
}

function mint(key: SigningKey, now = NOW_MS, audience = AUDIENCE): Promise<string> {
  return mintAccessToken(session, key, { issuer: ISSUER, audience, ttlSeconds: TTL_SECONDS }, now);
}

// Changes one character in the middle of the signature. Every base64url
// character except the last carries six whole bits of the signature, so the
// decoded signature always differs.
function tamperSignature(token: string): string {
  const [header, payload, signature = ""] = token.split(".");
  const index = Math.floor(signature.length / 2);
  const replacement = signature[index] === "A" ? "B" : "A";
  return `${header}.${payload}.${signature.slice(0, index)}${replacement}${signature.slice(index + 1)}`;
}

// Replaces the header with `alg: none`, keeping the payload, and either drops
// the signature (an unsecured JWS) or keeps the real one.
function withAlgNone(token: string, key: SigningKey, keepSignature: boolean): string {
  const [, payload, signature] = token.split(".");
  const header = JSON.stringify({ alg: "none", typ: "access+jwt", kid: key.kid });
  const encodedHeader = base64url.encode(new TextEncoder().encode(header));
  return `${encodedHeader}.${payload}.${keepSignature ? signature : ""}`;
}

// Signs the worker's claims with the worker's key, but with `typ: JWT`.
function signWithWrongType(key: SigningKey): Promise<string> {
  const issuedAt = Math.floor(NOW_MS / 1000);
  return new SignJWT({ sid: session.handle, org: "org_acme", auth_time: issuedAt - 60 })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(USER_ID)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TTL_SECONDS)
    .setJti("smoke-token-id")
    .sign(key.privateKey);
}

async function verifyToOutcome(verify: AccessTokenVerifier, token: string): Promise<Outcome> {
  try {
    const access = await verify(token);
    return { userId: access.userId };
  } catch (error) {
    if (error instanceof AccessTokenError) {
      return error.claim === undefined ? { code: error.code } : { code: error.code, claim: error.claim };
    }
    return { code: `unexpected ${String(error)}` };
  }
}

function sameOutcome(expected: Outcome, actual: Outcome): boolean {
  return expected.userId === actual.userId && expected.code === actual.code && expected.claim === actual.claim;
}

async function checkKey(verify: AccessTokenVerifier, key: SigningKey): Promise<CheckResult[]> {
  const valid = await mint(key);
  // Issued two minutes ago with a one-minute lifetime: expired by 60 seconds,
  // well past the default clock tolerance of 5 seconds.
  const expired = await mint(key, NOW_MS - 120_000);

  const cases: { name: string; token: string; expected: Outcome }[] = [
    { name: "valid", token: valid, expected: { userId: USER_ID } },
    { name: "tampered signature", token: tamperSignature(valid), expected: { code: ACCESS_TOKEN_ERROR_CODES.invalid, claim: "signature" } },
    { name: "expired", token: expired, expected: { code: ACCESS_TOKEN_ERROR_CODES.expired, claim: "exp" } },
    // An unsecured JWS has an empty third segment, which fails the compact JWS
    // shape before the header is read.
    { name: "alg none, no signature", token: withAlgNone(valid, key, false), expected: { code: ACCESS_TOKEN_ERROR_CODES.malformed } },
    { name: "alg none, real signature", token: withAlgNone(valid, key, true), expected: { code: ACCESS_TOKEN_ERROR_CODES.invalid, claim: "alg" } },
    { name: "wrong audience", token: await mint(key, NOW_MS, "https://other.example"), expected: { code: ACCESS_TOKEN_ERROR_CODES.invalid, claim: "aud" } },
    { name: "wrong typ", token: await signWithWrongType(key), expected: { code: ACCESS_TOKEN_ERROR_CODES.invalid, claim: "typ" } },
  ];

  const results: CheckResult[] = [];
  for (const { name, token, expected } of cases) {
    const actual = await verifyToOutcome(verify, token);
    results.push({ alg: key.alg, case: name, expected, actual, pass: sameOutcome(expected, actual) });
  }
  return results;
}

/** Verifies a valid token and six kinds of bad token, each signed with an ES256 and an EdDSA key. */
export async function runVerifierChecks(): Promise<CheckResult[]> {
  const es256 = await createSigningKey("ES256");
  const eddsa = await createSigningKey("EdDSA");
  const jwks: JSONWebKeySet = { keys: [es256.publicJwk, eddsa.publicJwk] };
  const verify = createAccessTokenVerifier({ keySet: createLocalJWKSet(jwks), issuer: ISSUER, audience: AUDIENCE, clock: () => NOW_MS });
  return [...(await checkKey(verify, es256)), ...(await checkKey(verify, eddsa))];
}
