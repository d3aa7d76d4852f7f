// Signature encodings at the edges of ES256 (P1363 r || s) and Ed25519 (R || S),
// built from real signatures with the curve orders.
import { base64url } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ERROR_CODES } from "../../../verifier/index.ts";
import { createTestKeys, createTestVerifier, expectRejected, mintWorkerToken, type TestKeys } from "./fixtures.ts";

/** Order n of the P-256 base point. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
/** Order L of the Ed25519 base point, 2^252 + 27742317777372353535851937790883648493. */
const ED25519_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);
}

function toBytes(value: bigint, length: number): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));
}

/** Splits a token and decodes its signature. */
async function signedParts(alg: "es256" | "eddsa"): Promise<{ signingInput: string; signature: Uint8Array }> {
  const token = await mintWorkerToken(keys[alg]);
  const lastDot = token.lastIndexOf(".");
  return { signingInput: token.slice(0, lastDot), signature: base64url.decode(token.slice(lastDot + 1)) };
}

function withSignature(signingInput: string, signature: Uint8Array): string {
  return `${signingInput}.${base64url.encode(signature)}`;
}

describe("ES256 signature encoding", () => {
  it("rejects r or s of zero or the order", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { signingInput, signature } = await signedParts("es256");
    const r = toBigInt(signature.slice(0, 32));
    const s = toBigInt(signature.slice(32));
    const pairs = [
      [0n, s],
      [r, 0n],
      [0n, 0n],
      [P256_ORDER, s],
      [r, P256_ORDER],
      [r + P256_ORDER, s],
      [s, r],
    ];

    for (const [first = 0n, second = 0n] of pairs) {
      // r + n does not fit in 32 bytes, so it is sent as 33 bytes, which ES256 rejects by length.
      const length = first >= 2n ** 256n ? 33 : 32;
      const forged = withSignature(signingInput, new Uint8Array([...toBytes(first, length), ...toBytes(second, 32)]));
      await expectRejected(verify(forged), ACCESS_TOKEN_ERROR_CODES.invalid, forged, "signature");
    }
  });

  it("rejects a DER-encoded signature", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { signingInput, signature } = await signedParts("es256");
    const integer = (bytes: Uint8Array) => {
      const trimmed = bytes[0]! >= 0x80 ? [0, ...bytes] : [...bytes];
      return [0x02, trimmed.length, ...trimmed];
    };
    const body = [...integer(signature.slice(0, 32)), ...integer(signature.slice(32))];
    const der = withSignature(signingInput, new Uint8Array([0x30, body.length, ...body]));

    await expectRejected(verify(der), ACCESS_TOKEN_ERROR_CODES.invalid, der, "signature");
  });

  // ECDSA accepts (r, n - s) whenever it accepts (r, s), so a token has two
  // valid signatures. Identify a token by its jti claim, never by its text.
  it("accepts the high-S twin signature", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { signingInput, signature } = await signedParts("es256");
    const s = toBigInt(signature.slice(32));
    const twin = withSignature(signingInput, new Uint8Array([...signature.slice(0, 32), ...toBytes(P256_ORDER - s, 32)]));

    const original = await verify(withSignature(signingInput, signature));
    await expect(verify(twin)).resolves.toEqual(original);
  });
});

describe("Ed25519 signature encoding", () => {
  it("rejects S not reduced modulo the order", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { signingInput, signature } = await signedParts("eddsa");
    // S is little-endian, so reverse it to do arithmetic and reverse back.
    const s = toBigInt(signature.slice(32).reverse());
    const unreduced = toBytes(s + ED25519_ORDER, 32).reverse();
    const forged = withSignature(signingInput, new Uint8Array([...signature.slice(0, 32), ...unreduced]));

    await expectRejected(verify(forged), ACCESS_TOKEN_ERROR_CODES.invalid, forged, "signature");
  });

  it("rejects a flipped bit in R or S", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { signingInput, signature } = await signedParts("eddsa");

    for (const index of [0, 31, 32, 63]) {
      const flipped = Uint8Array.from(signature);
      flipped[index] = flipped[index]! ^ 0x01;
      const forged = withSignature(signingInput, flipped);
      await expectRejected(verify(forged), ACCESS_TOKEN_ERROR_CODES.invalid, forged, "signature");
    }
  });

  it("rejects an identity R and zero S", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { signingInput } = await signedParts("eddsa");
    // The encoded identity point is y = 1 with a zero sign bit.
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const forged = withSignature(signingInput, new Uint8Array([...identity, ...new Uint8Array(32)]));

    await expectRejected(verify(forged), ACCESS_TOKEN_ERROR_CODES.invalid, forged, "signature");
  });
});
