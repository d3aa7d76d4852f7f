import type { JSONWebKeySet, JWK } from "jose";
import { SettingError } from "../config/settings.ts";
import type { SigningKey } from "./signing-key.ts";

/** Most extra keys published beside the signing key: the next key and a few retired ones. */
const MAX_EXTRA_KEYS = 4;
// JWK members that hold private or symmetric key material (RFC 7518, section 6).
const SECRET_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/**
 * Builds the published key set: the signing key's public half first, then the
 * extra public keys from JWKS_EXTRA_KEYS. Publishing the next key before it
 * signs, and a retired key until every token it signed has expired, is what
 * makes key rotation free of downtime. Throws a `SettingError` for an extra
 * key that is private, of another type, or whose `kid` is not unique.
 */
export function buildJwks(signingKey: SigningKey, extraKeysText: string): JSONWebKeySet {
  const extraKeys = parseExtraKeys(extraKeysText);
  const kids = new Set([signingKey.kid]);
  for (const key of extraKeys) {
    if (kids.has(key.kid as string)) throw new SettingError("JWKS_EXTRA_KEYS", `contains the kid "${key.kid}" twice (or the signing key's kid)`);
    kids.add(key.kid as string);
  }
  return { keys: [signingKey.publicJwk, ...extraKeys] };
}

function parseExtraKeys(text: string): JWK[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SettingError("JWKS_EXTRA_KEYS", "must be a JSON array of public JWKs");
  }
  if (!Array.isArray(value) || value.length > MAX_EXTRA_KEYS) {
    throw new SettingError("JWKS_EXTRA_KEYS", `must be a JSON array of at most ${MAX_EXTRA_KEYS} public JWKs`);
  }
  return value.map((key, index) => checkPublicKey(key, index));
}

function checkPublicKey(value: unknown, index: number): JWK {
  const problem = (text: string) => new SettingError("JWKS_EXTRA_KEYS", `key ${index}: ${text}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw problem("must be a JWK object");
  const key = value as JWK;
  if (SECRET_MEMBERS.some((member) => member in key)) throw problem("must be a public key (remove d and other private members)");
  const isEs256 = key.alg === "ES256" && key.kty === "EC" && key.crv === "P-256" && typeof key.x === "string" && typeof key.y === "string";
  const isEdDsa = key.alg === "EdDSA" && key.kty === "OKP" && key.crv === "Ed25519" && typeof key.x === "string";
  if (!isEs256 && !isEdDsa) throw problem('must be an ES256 (EC P-256) or EdDSA (OKP Ed25519) public key with a matching alg');
  if (typeof key.kid !== "string" || !/^[\x21-\x7e]{1,128}$/.test(key.kid)) throw problem("must have a kid of 1 to 128 printable ASCII characters");
  return { kty: key.kty, crv: key.crv, x: key.x, ...(key.y ? { y: key.y } : {}), kid: key.kid, alg: key.alg, use: "sig" };
}
