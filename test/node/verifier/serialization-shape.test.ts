import { flattenedVerify, FlattenedSign, GeneralSign, CompactEncrypt, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

import { ACCESS_TOKEN_ERROR_CODES } from "../../../verifier/index.ts";
import { createTestKeys, createTestVerifier, encodeText, expectRejected, signRaw, signToken, workerClaims, workerHeader, type TestKeys } from "./fixtures.ts";

let keys: TestKeys;
let token: string;
beforeAll(async () => {
  keys = await createTestKeys();
  token = await signToken(keys.es256);
});

function claimsBytes(): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(workerClaims()));
}

describe("crit and b64 headers", () => {
  it("rejects every crit value", async () => {
    const verify = createTestVerifier(keys.jwks);

    for (const crit of [["x-unknown"], ["exp"], []]) {
      const header = { ...workerHeader(keys.es256), crit, "x-unknown": true };
      const signed = await signToken(keys.es256, header);
      await expectRejected(verify(signed), ACCESS_TOKEN_ERROR_CODES.invalid, signed, "crit");
    }
  });

  it("rejects an unencoded payload", async () => {
    const verify = createTestVerifier(keys.jwks);
    const withCrit = await signToken(keys.es256, { ...workerHeader(keys.es256), b64: false, crit: ["b64"] });
    const withoutCrit = await signToken(keys.es256, { ...workerHeader(keys.es256), b64: false });

    await expectRejected(verify(withCrit), ACCESS_TOKEN_ERROR_CODES.invalid, withCrit, "crit");
    await expectRejected(verify(withoutCrit), ACCESS_TOKEN_ERROR_CODES.invalid, withoutCrit, "b64");
  });
});

describe("serialisations", () => {
  it("rejects the flattened JSON serialisation", async () => {
    const verify = createTestVerifier(keys.jwks);
    const flattened = await new FlattenedSign(claimsBytes()).setProtectedHeader(workerHeader(keys.es256) as { alg: string }).sign(keys.es256.signingKey.privateKey);
    // The object is a valid JWS, so only its serialisation is wrong.
    await expect(flattenedVerify(flattened, keys.es256.publicKey)).resolves.toBeDefined();

    await expectRejected(verify(JSON.stringify(flattened)), ACCESS_TOKEN_ERROR_CODES.malformed);
  });

  it("rejects the general JSON serialisation", async () => {
    const verify = createTestVerifier(keys.jwks);
    const general = await new GeneralSign(claimsBytes())
      .addSignature(keys.es256.signingKey.privateKey)
      .setProtectedHeader(workerHeader(keys.es256) as { alg: string })
      .sign();

    await expectRejected(verify(JSON.stringify(general)), ACCESS_TOKEN_ERROR_CODES.malformed);
  });

  it("rejects a compact JWE", async () => {
    const verify = createTestVerifier(keys.jwks);
    const { publicKey } = await generateKeyPair("ECDH-ES", { extractable: true });
    const jwe = await new CompactEncrypt(claimsBytes())
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", typ: "access+jwt", kid: keys.es256.signingKey.kid })
      .encrypt(publicKey);
    expect(jwe.split(".")).toHaveLength(5);

    await expectRejected(verify(jwe), ACCESS_TOKEN_ERROR_CODES.malformed, jwe);
  });
});

describe("compact form", () => {
  it("rejects padding, whitespace and base64 characters", async () => {
    const verify = createTestVerifier(keys.jwks);
    const [header = "", payload = "", signature = ""] = token.split(".");
    const variants = [
      `${header}=.${payload}.${signature}`,
      `${header}.${payload}==.${signature}`,
      `${header}.${payload}.${signature}=`,
      ` ${token}`,
      `${token} `,
      `${token}\n`,
      `${header}. ${payload}.${signature}`,
      `${header}.${payload}\t.${signature}`,
      `${header}.${payload}.${signature.slice(0, 10)}+${signature.slice(11)}`,
      `${header}.${payload}.${signature.slice(0, 10)}/${signature.slice(11)}`,
    ];
    // A claim value of "?" and ">" characters encodes to "-" and "_", which
    // base64 writes as "+" and "/".
    const urlSafe = await signToken(keys.es256, workerHeader(keys.es256), { ...workerClaims(), note: "??>>??>>" });
    const [urlHeader = "", urlPayload = "", urlSignature = ""] = urlSafe.split(".");
    expect(urlPayload).toMatch(/[-_]/);
    variants.push(`${urlHeader}.${urlPayload.replaceAll("-", "+").replaceAll("_", "/")}.${urlSignature}`);

    for (const variant of variants) {
      await expectRejected(verify(variant), ACCESS_TOKEN_ERROR_CODES.malformed, token);
    }
  });

  it("rejects two or four segments", async () => {
    const verify = createTestVerifier(keys.jwks);
    const [header = "", payload = "", signature = ""] = token.split(".");

    for (const variant of [`${header}.${payload}`, `${header}.${payload}.${signature}.${signature}`, `${token}.`, `.${token}`, `${header}..${signature}`]) {
      await expectRejected(verify(variant), ACCESS_TOKEN_ERROR_CODES.malformed, token);
    }
  });

  it("rejects a duplicate header member", async () => {
    const verify = createTestVerifier(keys.jwks);
    const payloadJson = JSON.stringify(workerClaims());
    const kid = keys.es256.signingKey.kid;
    const headers = [
      `{"alg":"ES256","alg":"none","typ":"access+jwt","kid":"${kid}"}`,
      `{"alg":"none","alg":"ES256","typ":"access+jwt","kid":"${kid}"}`,
      `{"alg":"ES256","\\u0061lg":"ES256","typ":"access+jwt","kid":"${kid}"}`,
      `{"alg":"ES256","typ":"access+jwt","kid":"${kid}","kid":"${kid}"}`,
    ];

    for (const headerJson of headers) {
      const signed = await signRaw(keys.es256, headerJson, payloadJson);
      const error = await expectRejected(verify(signed), ACCESS_TOKEN_ERROR_CODES.malformed, signed);
      expect(error.message).toMatch(/duplicate "(alg|kid)" member/);
    }
  });

  it("rejects a duplicate payload member", async () => {
    const verify = createTestVerifier(keys.jwks);
    const payloadJson = JSON.stringify(workerClaims()).replace(/}$/, ',"sub":"user_admin"}');
    const signed = await signRaw(keys.es256, JSON.stringify(workerHeader(keys.es256)), payloadJson);

    await expectRejected(verify(signed), ACCESS_TOKEN_ERROR_CODES.malformed, signed);
  });

  it("accepts repeated names in separate objects", async () => {
    const verify = createTestVerifier(keys.jwks);
    const claims = { ...workerClaims(), profile: { sub: "nested", items: [{ sub: "a" }, { sub: "b" }] } };
    const signed = await signToken(keys.es256, workerHeader(keys.es256), claims);

    await expect(verify(signed)).resolves.toHaveProperty("userId", "user_alice");
  });

  it("rejects a header that is not a JSON object", async () => {
    const verify = createTestVerifier(keys.jwks);
    const payload = encodeText(JSON.stringify(workerClaims()));
    const signature = token.split(".")[2];

    for (const headerText of ['["ES256"]', '"ES256"', "null", "{", "\uFEFF{}"]) {
      const variant = `${encodeText(headerText)}.${payload}.${signature}`;
      await expectRejected(verify(variant), ACCESS_TOKEN_ERROR_CODES.malformed, variant);
    }
    const notUtf8 = `${Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString("base64url")}.${payload}.${signature}`;
    await expectRejected(verify(notUtf8), ACCESS_TOKEN_ERROR_CODES.malformed, notUtf8);
  });

  it("rejects a 100 KB token", async () => {
    const verify = createTestVerifier(keys.jwks);
    const claims = { ...workerClaims(), padding: "p".repeat(100 * 1024) };
    const large = await signToken(keys.es256, workerHeader(keys.es256), claims);

    await expectRejected(verify(large), ACCESS_TOKEN_ERROR_CODES.malformed, large);
    await expectRejected(verify(`Bearer ${large}`), ACCESS_TOKEN_ERROR_CODES.malformed, large);
  });

  it("accepts a token at the size limit", async () => {
    const verify = createTestVerifier(keys.jwks);
    const base = await signToken(keys.es256);
    // Each 3 bytes of padding claim add 4 characters to the encoded payload.
    const paddingLength = Math.floor((8192 - base.length - 20) * 0.75);
    const claims = { ...workerClaims(), padding: "p".repeat(paddingLength) };
    const atLimit = await signToken(keys.es256, workerHeader(keys.es256), claims);
    expect(atLimit.length).toBeLessThanOrEqual(8192);
    expect(atLimit.length).toBeGreaterThan(8150);

    await expect(verify(atLimit)).resolves.toHaveProperty("userId", "user_alice");
  });
});
