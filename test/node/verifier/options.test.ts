import { createLocalJWKSet } from "jose";
import { describe, expect, it } from "vitest";

import { createAccessTokenVerifier, type AccessTokenVerifierOptions } from "../../../verifier/index.ts";
import { AUDIENCE, ISSUER } from "./fixtures.ts";

const keySet = createLocalJWKSet({ keys: [] });
const valid: AccessTokenVerifierOptions = { keySet, issuer: ISSUER, audience: AUDIENCE };

function create(changes: Record<string, unknown>) {
  return () => createAccessTokenVerifier({ ...valid, ...changes } as AccessTokenVerifierOptions);
}

describe("verifier options", () => {
  it("requires issuer and audience strings", () => {
    expect(create({ issuer: undefined })).toThrow(TypeError);
    expect(create({ issuer: "" })).toThrow(/issuer/);
    expect(create({ audience: undefined })).toThrow(/audience/);
    expect(create({ audience: [AUDIENCE] })).toThrow(/audience/);
  });

  it("requires exactly one key source", () => {
    expect(create({ keySet: undefined })).toThrow(/exactly one/);
    expect(create({ jwksUrl: "https://worker.example/_session/jwks.json" })).toThrow(/exactly one/);
    expect(create({ keySet: { keys: [] } })).toThrow(/key resolver/);
  });

  it("requires https for a remote JWKS", () => {
    const remote = (jwksUrl: string) => create({ keySet: undefined, jwksUrl });

    expect(remote("http://worker.invalid/_session/jwks.json")).toThrow(/https/);
    expect(remote("ftp://worker.invalid/jwks.json")).toThrow(/https/);
    expect(remote("/_session/jwks.json")).toThrow(/absolute URL/);
    expect(remote("https://worker.invalid/_session/jwks.json")).not.toThrow();
    expect(remote("http://127.0.0.1:8787/_session/jwks.json")).not.toThrow();
    expect(remote("http://localhost:8787/_session/jwks.json")).not.toThrow();
    expect(remote("http://[::1]:8787/_session/jwks.json")).not.toThrow();
  });

  it("bounds the clock tolerance", () => {
    expect(create({ clockToleranceSeconds: 0 })).not.toThrow();
    expect(create({ clockToleranceSeconds: 60 })).not.toThrow();
    expect(create({ clockToleranceSeconds: 61 })).toThrow(/at most 60/);
    expect(create({ clockToleranceSeconds: -1 })).toThrow(/clockToleranceSeconds/);
    expect(create({ clockToleranceSeconds: 1.5 })).toThrow(/whole number/);
    expect(create({ clockToleranceSeconds: "5s" })).toThrow(TypeError);
  });

  it("requires whole-second ages", () => {
    expect(create({ maxTokenAgeSeconds: 0 })).toThrow(/maxTokenAgeSeconds/);
    expect(create({ maxTokenAgeSeconds: Number.NaN })).toThrow(/maxTokenAgeSeconds/);
    expect(create({ maxTokenAgeSeconds: 60 })).not.toThrow();
    expect(create({ maxAuthAgeSeconds: -5 })).toThrow(/maxAuthAgeSeconds/);
    expect(create({ maxAuthAgeSeconds: 0 })).not.toThrow();
  });
});
