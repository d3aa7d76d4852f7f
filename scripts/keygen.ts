// Prints a new access-token signing key: a private JWK with a kid, as one line
// of JSON ready for `wrangler secret put SIGNING_KEY`.
//
//   npm run keygen --silent                  # ES256 (default)
//   npm run keygen --silent -- --alg EdDSA   # Ed25519
import { exportJWK, generateKeyPair } from "jose";

const ALGORITHMS = ["ES256", "EdDSA"] as const;
type Algorithm = (typeof ALGORITHMS)[number];

function readAlgorithm(args: string[]): Algorithm {
  const index = args.indexOf("--alg");
  const requested = index >= 0 ? args[index + 1] : "ES256";
  if (!ALGORITHMS.includes(requested as Algorithm)) {
    console.error(`keygen: unsupported --alg ${requested ?? "(missing)"}; use ES256 or EdDSA`);
    process.exit(2);
  }
  return requested as Algorithm;
}

const alg = readAlgorithm(process.argv.slice(2));
const { privateKey } = await generateKeyPair(alg, { extractable: true, crv: alg === "EdDSA" ? "Ed25519" : undefined });
const jwk = await exportJWK(privateKey);
// The kid names the key in the JWKS; a date makes rotations easy to follow.
const kid = `${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
console.log(JSON.stringify({ ...jwk, kid, alg, use: "sig" }));
