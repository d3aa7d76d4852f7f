import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSessionControl } from "../../src/proxy/session-control.ts";
import { COOKIE_NAME, echoedRequest, sessionCookieLine, TestWorker } from "./support.ts";

// Printable ASCII and tab, weighted towards the characters cookie and
// header parsers treat specially. (workerd sends non-ASCII header values as
// UTF-8 with a warning per request; the cookie tests cover them directly.)
const headerChar = fc.oneof(
  fc.constantFrom(..."abcXYZ019 =;,\"'\\%_-./:+?&<>{}[]~!@#$^*()|`\t"),
  fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
);
const headerValue = fc.string({ unit: headerChar, maxLength: 200 }).map((value) => value.trim());
const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,30}$/);

let worker: TestWorker;
let validSessionId: string;

beforeAll(async () => {
  worker = new TestWorker();
  validSessionId = await worker.login("user_properties");
});

describe("random input", () => {
  it("cookies never grant a session", async () => {
    const cookiePiece = fc.oneof(
      headerValue,
      fc.constant(`${COOKIE_NAME}=`),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((id) => `${COOKIE_NAME}=${id}`),
      fc.constant(`${COOKIE_NAME}=${"A".repeat(42)}A`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cookiePiece, { maxLength: 6 }), fc.constantFrom("; ", ";", ", "), async (pieces, separator) => {
        const cookie = pieces.join(separator);
        const response = await worker.fetch("/echo", cookie === "" ? {} : { headers: { cookie } });
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) {
          const echoed = await echoedRequest(response);
          expect(echoed.headers.authorization).toBeUndefined();
          expect(String(echoed.headers.cookie ?? "")).not.toMatch(new RegExp(`(^|[;,]\\s*)${COOKIE_NAME}=`));
        } else {
          await response.body?.cancel();
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a valid cookie among noise stays valid", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[a-z]{1,8}=[a-z0-9]{0,12}$/), { maxLength: 5 }), fc.nat(5), async (others, position) => {
        const pieces = [...others];
        pieces.splice(Math.min(position, pieces.length), 0, `${COOKIE_NAME}=${validSessionId}`);
        const response = await worker.fetch("/echo", { headers: { cookie: pieces.join("; ") } });
        const echoed = await echoedRequest(response);
        expect(echoed.headers.authorization).toMatch(/^Bearer /);
        expect(JSON.stringify(echoed)).not.toContain(validSessionId);
      }),
      { numRuns: 50 },
    );
  });

  it("header sets never reach the origin as identity", async () => {
    const protectedName = fc.constantFrom("Authorization", "Session-Control", "X-User-Id", "X-Forwarded-For", "X-Real-IP", "Remote-User");
    const variant = protectedName.chain((name) =>
      fc.constantFrom(name, name.toLowerCase(), name.toUpperCase(), name.replaceAll("-", "_")),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof(headerName, variant), headerValue), { maxLength: 12 }), async (pairs) => {
        const headers = new Headers();
        for (const [name, value] of pairs) headers.append(name, value === "" ? "x" : `forged-${value}`);
        const response = await worker.fetch("/echo", { headers });
        expect(response.status).toBeLessThan(500);
        const received = (await echoedRequest(response)).headers;
        for (const name of ["authorization", "session-control", "session_control", "x-user-id", "x_user_id", "x-forwarded-for", "x-real-ip", "remote-user"]) {
          expect(String(received[name] ?? "")).not.toContain("forged-");
        }
      }),
      { numRuns: 100 },
    );
  });

  it("session-control values fail only as 502", async () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.record({ action: fc.constantFrom("login", "logout", "revoke-others", "revoke-all", "LOGIN", ""), user: fc.option(fc.string({ maxLength: 300 })), org: fc.option(fc.oneof(fc.string(), fc.integer())) })
        .map((value) => JSON.stringify(value)),
      headerValue,
    );
    await fc.assert(
      fc.asyncProperty(jsonish, async (value) => {
        const response = await worker.fetch(`/control?value=${encodeURIComponent(value)}`, { method: "POST" });
        await response.body?.cancel();
        const parsed = parseSessionControl(value);
        expect(response.status).toBe(parsed.ok ? 200 : 502);
        const sets = sessionCookieLine(response);
        if (!parsed.ok || parsed.control.action !== "login") {
          expect(sets === undefined || sets.includes("Max-Age=0")).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
