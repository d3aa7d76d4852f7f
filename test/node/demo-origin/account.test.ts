import { beforeAll, describe, expect, it } from "vitest";

import { MAX_PASSWORD_CHANGE_BODY_BYTES } from "../../../demo-origin/account-routes.ts";
import { HOME_NOTICES } from "../../../demo-origin/home-notice.ts";
import { createSigningKey, createTestApp, signAccessToken, type SigningKey } from "./fixtures.ts";

const REVOKE_OTHERS = '{"action":"revoke-others"}';
const FORM_TYPE = "application/x-www-form-urlencoded";

let key: SigningKey;
let otherKey: SigningKey;

beforeAll(async () => {
  key = await createSigningKey();
  otherKey = await createSigningKey();
});

interface PostOptions {
  token?: string;
  fields?: Record<string, string>;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

function post(path: string, options: PostOptions = {}): Promise<Response> {
  const app = createTestApp(key);
  const headers: Record<string, string> = { "Content-Type": options.contentType ?? FORM_TYPE, ...options.headers };
  if (options.token !== undefined) {
    headers["Authorization"] = `Bearer ${options.token}`;
  }
  const body = options.body ?? new URLSearchParams(options.fields ?? {}).toString();

  return Promise.resolve(app.request(path, { method: "POST", headers, body }));
}

function changePassword(token: string | undefined, fields: Record<string, string>, headers?: Record<string, string>) {
  return post("/account/password", { token, fields, headers });
}

const VALID_CHANGE = { current_password: "alice-demo-password", new_password: "a-new-password" };

describe("POST /account/password", () => {
  it("revokes other sessions and redirects", async () => {
    const response = await changePassword(await signAccessToken(key), VALID_CHANGE);

    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/?notice=password-changed");
    expect(response.headers.get("Session-Control")).toBe(REVOKE_OTHERS);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("uses a custom control header", async () => {
    const app = createTestApp(key, { sessionControlHeader: "X-Session-Control" });
    const token = await signAccessToken(key);

    const response = await app.request("/account/password", {
      method: "POST",
      headers: { "Content-Type": FORM_TYPE, Authorization: `Bearer ${token}` },
      body: new URLSearchParams(VALID_CHANGE).toString(),
    });

    expect(response.status).toBe(303);
    expect(response.headers.get("X-Session-Control")).toBe(REVOKE_OTHERS);
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  it("checks the token's user", async () => {
    const bob = await signAccessToken(key, { claims: { sub: "user_bob" }, omit: ["org"] });

    const withAlicePassword = await changePassword(bob, VALID_CHANGE);
    const withBobPassword = await changePassword(bob, { current_password: "bob-demo-password", new_password: "a-new-password" });

    expect(withAlicePassword.status).toBe(403);
    expect(withBobPassword.status).toBe(303);
  });

  it("rejects a wrong current password", async () => {
    const response = await changePassword(await signAccessToken(key), { ...VALID_CHANGE, current_password: "wrong-password" });
    const page = await response.text();

    expect(response.status).toBe(403);
    expect(response.headers.get("Session-Control")).toBeNull();
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(page).toContain('<p class="error" role="alert" id="password-error">current password is incorrect</p>');
    expect(page).toContain('aria-describedby="password-error"');
    expect(page).toContain("Signed in as <strong>user_alice</strong>");
  });

  it("rejects an unknown user", async () => {
    const token = await signAccessToken(key, { claims: { sub: "user_unknown" } });

    const response = await changePassword(token, VALID_CHANGE);

    expect(response.status).toBe(403);
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  const badForms: Array<[string, Record<string, string>, string]> = [
    ["missing current password", { new_password: "a-new-password" }, "missing current password"],
    ["missing new password", { current_password: "alice-demo-password" }, "missing new password"],
    ["short new password", { current_password: "alice-demo-password", new_password: "short" }, "new password is shorter than 8 characters"],
    ["unchanged password", { current_password: "alice-demo-password", new_password: "alice-demo-password" }, "new password is the same as the current password"],
    ["oversized password", { current_password: "alice-demo-password", new_password: "p".repeat(1025) }, "password is longer than 1024 characters"],
  ];

  it.each(badForms)("form with %s is 400", async (_case, fields, reason) => {
    const response = await changePassword(await signAccessToken(key), fields);

    expect(response.status).toBe(400);
    expect(response.headers.get("Session-Control")).toBeNull();
    expect(await response.text()).toContain(reason);
  });

  it("form with duplicate field is 400", async () => {
    const body = "current_password=alice-demo-password&new_password=a-new-password&new_password=other-password";

    const response = await post("/account/password", { token: await signAccessToken(key), body });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain("duplicate &quot;new_password&quot; field");
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  it("escapes the error page", async () => {
    const token = await signAccessToken(key, { claims: { sub: "<script>alert(1)</script>" } });

    const page = await (await changePassword(token, VALID_CHANGE)).text();

    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;");
  });

  it("JSON body is 415", async () => {
    const response = await post("/account/password", {
      token: await signAccessToken(key),
      contentType: "application/json",
      body: JSON.stringify(VALID_CHANGE),
    });

    expect(response.status).toBe(415);
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  it("oversized body is 413", async () => {
    const body = `current_password=${"a".repeat(MAX_PASSWORD_CHANGE_BODY_BYTES)}&new_password=x`;

    const response = await post("/account/password", { token: await signAccessToken(key), body });

    expect(response.status).toBe(413);
    expect(response.headers.get("Session-Control")).toBeNull();
  });
});

describe("POST /account/mfa", () => {
  it("revokes other sessions and redirects", async () => {
    const response = await post("/account/mfa", { token: await signAccessToken(key) });

    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/?notice=mfa-enabled");
    expect(response.headers.get("Session-Control")).toBe(REVOKE_OTHERS);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("accepts an empty body of any type", async () => {
    const response = await post("/account/mfa", { token: await signAccessToken(key), contentType: "text/plain", body: "" });

    expect(response.status).toBe(303);
  });
});

describe.each(["/account/password", "/account/mfa"])("%s guards", (path) => {
  it("without a token is 401", async () => {
    const response = await post(path, { fields: VALID_CHANGE });

    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect(response.headers.get("Session-Control")).toBeNull();
    expect(await response.json()).toEqual({ error: "missing access token" });
  });

  it("with another key's token is 401", async () => {
    const response = await post(path, { token: await signAccessToken(otherKey), fields: VALID_CHANGE });

    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe('Bearer error="invalid_token"');
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  it("with an expired token is 401", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signAccessToken(key, { claims: { iat: now - 600, exp: now - 300 } });

    const response = await post(path, { token, fields: VALID_CHANGE });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "access token expired" });
  });

  it("with unloadable keys is 503", async () => {
    const app = createTestApp(key, {
      keySet: async () => {
        throw new Error("key set unreachable");
      },
    });
    const token = await signAccessToken(key);

    const response = await app.request(path, {
      method: "POST",
      headers: { "Content-Type": FORM_TYPE, Authorization: `Bearer ${token}` },
      body: new URLSearchParams(VALID_CHANGE).toString(),
    });

    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(response.headers.get("Session-Control")).toBeNull();
  });

  it("cross-site request is 403", async () => {
    const token = await signAccessToken(key);

    for (const site of ["cross-site", "same-site"]) {
      const response = await post(path, { token, fields: VALID_CHANGE, headers: { "Sec-Fetch-Site": site } });

      expect(response.status, site).toBe(403);
      expect(response.headers.get("Session-Control"), site).toBeNull();
    }
  });

  it("same-origin request passes", async () => {
    const token = await signAccessToken(key);

    const response = await post(path, { token, fields: VALID_CHANGE, headers: { "Sec-Fetch-Site": "same-origin" } });

    expect(response.status).toBe(303);
  });

  it("GET is not found", async () => {
    const app = createTestApp(key);

    const response = await app.request(path);

    expect(response.status).toBe(404);
  });
});

describe("home page notices", () => {
  async function homePage(query: string, token?: string): Promise<string> {
    const app = createTestApp(key);
    const init = token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } };
    return (await app.request(`/${query}`, init)).text();
  }

  it("shows a known notice", async () => {
    const token = await signAccessToken(key);

    for (const [code, message] of Object.entries(HOME_NOTICES)) {
      const page = await homePage(`?notice=${code}`, token);

      expect(page, code).toContain(`<p class="notice" role="status">${message}</p>`);
    }
  });

  it("ignores an unknown notice", async () => {
    const token = await signAccessToken(key);

    for (const code of ["<script>alert(1)</script>", "toString", "__proto__", "constructor", ""]) {
      const page = await homePage(`?notice=${encodeURIComponent(code)}`, token);

      expect(page, code).not.toContain('role="status"');
      expect(page, code).not.toContain("<script>");
    }
  });

  it("hides notices when signed out", async () => {
    const page = await homePage("?notice=password-changed");

    expect(page).not.toContain('role="status"');
    expect(page).toContain('action="/login"');
  });

  it("signed-in page offers account actions", async () => {
    const page = await homePage("", await signAccessToken(key));

    expect(page).toContain('<a href="/_session/devices">');
    expect(page).toContain('<form method="post" action="/account/password">');
    expect(page).toContain('name="current_password" type="password" autocomplete="current-password" required');
    expect(page).toContain('name="new_password" type="password" autocomplete="new-password" required minlength="8"');
    expect(page).toContain('<form method="post" action="/account/mfa">');
    expect(page).toContain('<button type="submit">Enable MFA</button>');
  });

  it("links the devices page under the route prefix", async () => {
    const app = createTestApp(key, { routePrefix: "/auth" });
    const response = await app.request("/", { headers: { Authorization: `Bearer ${await signAccessToken(key)}` } });

    expect(await response.text()).toContain('<a href="/auth/devices">');
  });

  it("signed-out page has no account actions", async () => {
    const page = await homePage("");

    expect(page).not.toContain("/account/");
    expect(page).not.toContain("/_session/devices");
  });
});
