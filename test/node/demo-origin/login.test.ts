import { beforeAll, describe, expect, it } from "vitest";

import { createSigningKey, createTestApp, formBody, jsonBody, type SigningKey } from "./fixtures.ts";

const ALICE_LOGIN = '{"action":"login","user":"user_alice","org":"org_acme"}';
const BOB_LOGIN = '{"action":"login","user":"user_bob"}';

let key: SigningKey;

beforeAll(async () => {
  key = await createSigningKey();
});

describe("POST /login", () => {
  it("form login redirects with Session-Control", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", formBody({ email: "alice@example.com", password: "alice-demo-password" }));

    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Session-Control")).toBe(ALICE_LOGIN);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("JSON login returns user and org", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", jsonBody({ email: "alice@example.com", password: "alice-demo-password" }));

    expect(response.status).toBe(200);
    expect(response.headers.get("Session-Control")).toBe(ALICE_LOGIN);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ user: "user_alice", org: "org_acme" });
  });

  it("user without org omits org", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", jsonBody({ email: "bob@example.com", password: "bob-demo-password" }));

    expect(response.status).toBe(200);
    expect(response.headers.get("Session-Control")).toBe(BOB_LOGIN);
    expect(await response.json()).toEqual({ user: "user_bob", org: null });
  });

  it("email matches ignoring case and spaces", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", jsonBody({ email: "  Alice@EXAMPLE.com ", password: "alice-demo-password" }));

    expect(response.status).toBe(200);
    expect(response.headers.get("Session-Control")).toBe(ALICE_LOGIN);
  });

  it("custom Session-Control header name is used", async () => {
    const app = createTestApp(key, { sessionControlHeader: "X-Session-Control" });

    const response = await app.request("/login", jsonBody({ email: "bob@example.com", password: "bob-demo-password" }));

    expect(response.headers.get("X-Session-Control")).toBe(BOB_LOGIN);
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  it("unknown email looks like wrong password", async () => {
    const app = createTestApp(key);

    const wrongPassword = await app.request("/login", jsonBody({ email: "alice@example.com", password: "wrong-password" }));
    const unknownEmail = await app.request("/login", jsonBody({ email: "mallory@example.com", password: "alice-demo-password" }));
    const wrongPasswordBody = await wrongPassword.text();
    const unknownEmailBody = await unknownEmail.text();

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPasswordBody).toBe('{"error":"invalid email or password"}');
    expect(unknownEmailBody).toBe(wrongPasswordBody);
    expect(wrongPassword.headers.get("Session-Control")).toBeNull();
    expect(unknownEmail.headers.get("Session-Control")).toBeNull();
  });

  it("password is compared exactly", async () => {
    const app = createTestApp(key);

    for (const password of ["Alice-demo-password", " alice-demo-password", "alice-demo-password "]) {
      const response = await app.request("/login", jsonBody({ email: "alice@example.com", password }));
      expect(response.status, password).toBe(401);
    }
  });

  it("another user's password is rejected", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", jsonBody({ email: "alice@example.com", password: "bob-demo-password" }));

    expect(response.status).toBe(401);
  });

  it("failed form login shows the page", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", formBody({ email: "alice@example.com", password: "wrong" }));
    const page = await response.text();

    expect(response.status).toBe(401);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Session-Control")).toBeNull();
    expect(page).toContain("invalid email or password");
    expect(page).toContain('value="alice@example.com"');
  });

  it("failed form login escapes the email", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", formBody({ email: '"><script>alert(1)</script>', password: "x" }));
    const page = await response.text();

    expect(response.status).toBe(401);
    expect(page).not.toContain("<script>");
    expect(page).toContain("&quot;&gt;&lt;script&gt;");
  });

  const badJsonBodies: Array<[string, unknown, string]> = [
    ["missing email", { password: "alice-demo-password" }, "missing email"],
    ["blank email", { email: "   ", password: "alice-demo-password" }, "missing email"],
    ["missing password", { email: "alice@example.com" }, "missing password"],
    ["empty password", { email: "alice@example.com", password: "" }, "missing password"],
    ["numeric email", { email: 42, password: "alice-demo-password" }, '"email" must be a string'],
    ["array password", { email: "alice@example.com", password: ["a"] }, '"password" must be a string'],
    ["oversized email", { email: `${"a".repeat(250)}@example.com`, password: "x" }, "email is longer than 254 characters"],
    ["oversized password", { email: "alice@example.com", password: "p".repeat(1025) }, "password is longer than 1024 characters"],
    ["non-object body", ["alice@example.com", "alice-demo-password"], 'request body must be a JSON object with "email" and "password"'],
    ["null body", null, 'request body must be a JSON object with "email" and "password"'],
  ];

  it.each(badJsonBodies)("JSON with %s is 400", async (_case, body, reason) => {
    const app = createTestApp(key);

    const response = await app.request("/login", jsonBody(body));

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: reason });
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  it("malformed JSON is 400", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"email": "alice@example.com",',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "request body is not valid JSON" });
  });

  it("form with missing password is 400", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", formBody({ email: "alice@example.com" }));

    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("missing password");
  });

  it("form with duplicate field is 400", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=alice%40example.com&email=bob%40example.com&password=alice-demo-password",
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain("duplicate &quot;email&quot; field");
  });

  it("unsupported content type is 415", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "alice@example.com alice-demo-password",
    });

    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: "Content-Type must be application/x-www-form-urlencoded or application/json",
    });
  });

  it("oversized body is 413", async () => {
    const app = createTestApp(key);

    const response = await app.request("/login", jsonBody({ email: "alice@example.com", password: "p".repeat(20_000) }));

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "request body is larger than 16384 bytes" });
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  it("cross-site form post is 403", async () => {
    const app = createTestApp(key);
    const request = formBody({ email: "alice@example.com", password: "alice-demo-password" });

    for (const fetchSite of ["cross-site", "same-site"]) {
      const response = await app.request("/login", {
        ...request,
        headers: { ...request.headers, "Sec-Fetch-Site": fetchSite },
      });
      expect(response.status, fetchSite).toBe(403);
      expect(response.headers.get("Session-Control"), fetchSite).toBeNull();
    }
  });

  it("same-origin form post is accepted", async () => {
    const app = createTestApp(key);
    const request = formBody({ email: "alice@example.com", password: "alice-demo-password" });

    const response = await app.request("/login", {
      ...request,
      headers: { ...request.headers, "Sec-Fetch-Site": "same-origin" },
    });

    expect(response.status).toBe(303);
    expect(response.headers.get("Session-Control")).toBe(ALICE_LOGIN);
  });
});

describe("POST /logout", () => {
  it("form logout redirects with Session-Control", async () => {
    const app = createTestApp(key);

    const response = await app.request("/logout", formBody({}));

    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Session-Control")).toBe('{"action":"logout"}');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("non-form logout returns 204", async () => {
    const app = createTestApp(key);

    const response = await app.request("/logout", { method: "POST" });

    expect(response.status).toBe(204);
    expect(response.headers.get("Session-Control")).toBe('{"action":"logout"}');
    expect(await response.text()).toBe("");
  });

  it("cross-site logout is 403", async () => {
    const app = createTestApp(key);

    const response = await app.request("/logout", { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" } });

    expect(response.status).toBe(403);
    expect(response.headers.get("Session-Control")).toBeNull();
  });
});
