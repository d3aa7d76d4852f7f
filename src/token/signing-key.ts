import { importJWK, type CryptoKey, type JWK } from "jose";

/** Asymmetric algorithms the worker signs with. HMAC is excluded: the origin would then hold a key that can mint tokens. */
export const SIGNING_ALGORITHMS = ["ES256", "EdDSA"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** The key that signs access tokens, with the public half the JWKS publishes. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A signing key that cannot be used; the message names what is wrong, never the key material. */
export class SigningKeyError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = "SigningKeyError";
  }
}

// JWK members that hold private key material (RFC 7518, section 6).
const PRIVATE_MEMBERS = new Set(["d", "p", "q", "dp", "dq", "qi", "oth", "k"]);

/** Parses the private JWK from the SIGNING_KEY secret and imports it for signing. */
export async function importSigningKey(text: string): Promise<SigningKey> {
  const jwk = parseJwk(text);
  const alg = checkAlgorithm(jwk);
  if (typeof jwk.kid !== "string" || !/^[\x21-\x7e]{1,128}$/.test(jwk.kid)) {
    throw new SigningKeyError("must have a kid of 1 to 128 printable ASCII characters");
  }
  if (typeof jwk.d !== "string") throw new SigningKeyError("must be a private key (the d member is missing)");

  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK({ ...jwk, ext: false }, alg)) as CryptoKey;
  } catch {
    throw new SigningKeyError(`could not be imported as an ${alg} private key`);
  }
  return { kid: jwk.kid, alg, privateKey, publicJwk: toPublicJwk(jwk, alg) };
}

function parseJwk(text: string): JWK {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SigningKeyError("must be a JSON Web Key (JSON text)");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SigningKeyError("must be a JSON Web Key object");
  }
  return value as JWK;
}

function checkAlgorithm(jwk: JWK): SigningAlgorithm {
  if (jwk.alg === "ES256" && jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  if ((jwk.alg === "EdDSA" || jwk.alg === "Ed25519") && jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  throw new SigningKeyError('must be an ES256 key (kty "EC", crv "P-256") or an EdDSA key (kty "OKP", crv "Ed25519") with a matching alg');
}

function toPublicJwk(jwk: JWK, alg: SigningAlgorithm): JWK {
  const publicMembers = Object.entries(jwk).filter(
    ([member]) => !PRIVATE_MEMBERS.has(member) && member !== "key_ops" && member !== "ext",
  );
  return { ...(Object.fromEntries(publicMembers) as JWK), alg, use: "sig" };
}
