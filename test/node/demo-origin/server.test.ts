import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createRemoteJWKSet } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { readConfig, startDemoOrigin, type RunningDemoOrigin } from "../../../demo-origin/server.ts";
import { AUDIENCE, createSigningKey, ISSUER, signAccessToken, type SigningKey } from "./fixtures.ts";

let key: SigningKey;
let jwksServer: Server;
let jwksUrl: string;

beforeAll(async () => {
  key = await createSigningKey();
  jwksServer = createServer((request, response) => {
    if (request.url !== "/_session/jwks.json") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": "application/jwk-set+json" }).end(JSON.stringify(key.publicKeySet));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/_session/jwks.json`;
});

afterAll(async () => {
  await new Promise((resolve) => jwksServer.close(resolve));
});

describe("startDemoOrigin", () => {
  let origin: RunningDemoOrigin | undefined;

  afterAll(async () => {
    await origin?.close();
  });

  it("serves /me over HTTP with remote keys", async () => {
    const logLines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => {
      logLines.push(line);
    });
    origin = await startDemoOrigin({
      keySet: createRemoteJWKSet(new URL(jwksUrl)),
      issuer: ISSUER,
      audience: AUDIENCE,
      port: 0,
    });
    const token = await signAccessToken(key);

    const signedIn = await fetch(`${origin.url}/me`, { headers: { Authorization: `Bearer ${token}` } });
    const anonymous = await fetch(`${origin.url}/me`);
    log.mockRestore();

    expect(origin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { sub: string }).sub).toBe("user_alice");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect(logLines).toHaveLength(2);
    expect(logLines[0]).toMatch(/ GET \/me 200 user_alice$/);
    expect(logLines[1]).toMatch(/ GET \/me 401 anonymous$/);
    expect(logLines.join("\n")).not.toContain(token);
  });

  it("close stops accepting connections", async () => {
    const running = await startDemoOrigin({
      keySet: createRemoteJWKSet(new URL(jwksUrl)),
      issuer: ISSUER,
      audience: AUDIENCE,
      port: 0,
      logRequest: () => {},
    });

    await running.close();

    await expect(fetch(`${running.url}/me`)).rejects.toThrow();
  });

  it("busy port fails the start", async () => {
    const busyPort = (jwksServer.address() as AddressInfo).port;

    const start = startDemoOrigin({
      keySet: createRemoteJWKSet(new URL(jwksUrl)),
      issuer: ISSUER,
      audience: AUDIENCE,
      port: busyPort,
    });

    await expect(start).rejects.toThrow(/EADDRINUSE/);
  });
});

describe("readConfig", () => {
  it("applies defaults", () => {
    const config = readConfig({ JWKS_URL: "http://127.0.0.1:8787/_session/jwks.json" });

    expect(config.port).toBe(8788);
    expect(config.issuer).toBe("edge-sessions");
    expect(config.audience).toBe("demo-origin");
  });

  it("reads every variable", () => {
    const config = readConfig({
      JWKS_URL: "http://127.0.0.1:8787/_session/jwks.json",
      DEMO_ORIGIN_PORT: "9000",
      ACCESS_TOKEN_ISSUER: "issuer-x",
      ACCESS_TOKEN_AUDIENCE: "audience-y",
    });

    expect(config.port).toBe(9000);
    expect(config.issuer).toBe("issuer-x");
    expect(config.audience).toBe("audience-y");
  });

  it("missing JWKS_URL is an error", () => {
    expect(() => readConfig({})).toThrow(/JWKS_URL is missing/);
  });

  it("invalid JWKS_URL is an error", () => {
    expect(() => readConfig({ JWKS_URL: "not a url" })).toThrow("JWKS_URL is not a valid URL: not a url");
  });

  it("invalid port is an error", () => {
    for (const port of ["abc", "-1", "65536", "80.5", " 80"]) {
      expect(() => readConfig({ JWKS_URL: "http://127.0.0.1:8787/jwks.json", DEMO_ORIGIN_PORT: port }), port).toThrow(
        /DEMO_ORIGIN_PORT must be an integer from 0 to 65535/,
      );
    }
  });
});
