import { createHash } from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { bearer, createSigningKey, createTestApp, signAccessToken, type SigningKey } from "./fixtures.ts";

let key: SigningKey;

beforeAll(async () => {
  key = await createSigningKey();
});

describe("GET /", () => {
  it("anonymous page shows login form", async () => {
    const app = createTestApp(key);

    const response = await app.request("/");
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('name="viewport"');
    expect(page).toContain('<form method="post" action="/login">');
    expect(page).toContain('<label for="email">');
    expect(page).toContain('<input id="email" name="email" type="email"');
    expect(page).toContain('<label for="password">');
    expect(page).toContain('<input id="password" name="password" type="password"');
    expect(page).not.toContain("Signed in as");
  });

  it("anonymous page lists demo accounts", async () => {
    const app = createTestApp(key);

    const page = await (await app.request("/")).text();

    expect(page).toContain("<code>alice@example.com</code> / <code>alice-demo-password</code>");
    expect(page).toContain("<code>bob@example.com</code> / <code>bob-demo-password</code>");
  });

  it("signed-in page shows verified claims", async () => {
    const app = createTestApp(key);
    const now = Math.floor(Date.now() / 1000);
    const token = await signAccessToken(key, { claims: { auth_time: now - 30, exp: now + 60 } });

    const response = await app.request("/", bearer(token));
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(page).toContain("Signed in as <strong>user_alice</strong> (organization <strong>org_acme</strong>)");
    expect(page).toContain("<code>sess_public_handle</code>");
    expect(page).toContain(new Date((now - 30) * 1000).toISOString());
    expect(page).toContain(new Date((now + 60) * 1000).toISOString());
    expect(page).toContain('<form method="post" action="/logout">');
    expect(page).toContain('<a href="/me">');
    expect(page).not.toContain('action="/login"');
    expect(page).not.toContain(token);
  });

  it("signed-in page without org omits it", async () => {
    const app = createTestApp(key);
    const token = await signAccessToken(key, { claims: { sub: "user_bob" }, omit: ["org"] });

    const page = await (await app.request("/", bearer(token))).text();

    expect(page).toContain("Signed in as <strong>user_bob</strong>.");
    expect(page).not.toContain("organization");
  });

  it("claims are HTML-escaped", async () => {
    const app = createTestApp(key);
    const token = await signAccessToken(key, { claims: { sub: "<img src=x onerror=alert(1)>" } });

    const page = await (await app.request("/", bearer(token))).text();

    expect(page).not.toContain("<img");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("rejected token shows reason and form", async () => {
    const app = createTestApp(key);
    const now = Math.floor(Date.now() / 1000);
    const token = await signAccessToken(key, { claims: { iat: now - 120, exp: now - 60 } });

    const response = await app.request("/", bearer(token));
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(page).toContain("Access token rejected: access token expired.");
    expect(page).toContain('action="/login"');
  });

  it("unavailable key set is 503", async () => {
    const app = createTestApp(key, {
      keySet: async () => {
        throw new TypeError("fetch failed");
      },
    });
    const token = await signAccessToken(key);

    const response = await app.request("/", bearer(token));

    expect(response.status).toBe(503);
    expect(await response.text()).toContain("public keys could not be loaded");
  });

  it("page allows no scripts", async () => {
    const app = createTestApp(key);

    const response = await app.request("/");
    const csp = response.headers.get("Content-Security-Policy") ?? "";

    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("script-src");
  });

  it("CSP style hash matches inline CSS", async () => {
    const app = createTestApp(key);

    const response = await app.request("/");
    const page = await response.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? "";
    const styleHash = createHash("sha256").update(style).digest("base64");

    expect(style).not.toBe("");
    expect(response.headers.get("Content-Security-Policy")).toContain(`style-src 'sha256-${styleHash}'`);
  });
});
