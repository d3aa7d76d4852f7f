import { describe, expect, it } from "vitest";

import { DEMO_USERS, hashPassword, verifyCredentials } from "../../../demo-origin/users.ts";

describe("verifyCredentials", () => {
  it("demo accounts accept their passwords", async () => {
    const alice = await verifyCredentials(DEMO_USERS, "alice@example.com", "alice-demo-password");
    const bob = await verifyCredentials(DEMO_USERS, "bob@example.com", "bob-demo-password");

    expect(alice?.userId).toBe("user_alice");
    expect(alice?.org).toBe("org_acme");
    expect(bob?.userId).toBe("user_bob");
    expect(bob?.org).toBeUndefined();
  });

  it("email ignores case and surrounding spaces", async () => {
    const user = await verifyCredentials(DEMO_USERS, "\tBOB@Example.COM  ", "bob-demo-password");

    expect(user?.userId).toBe("user_bob");
  });

  it("wrong password returns undefined", async () => {
    const user = await verifyCredentials(DEMO_USERS, "bob@example.com", "BOB-DEMO-PASSWORD");

    expect(user).toBeUndefined();
  });

  it("unknown email still hashes once", async () => {
    // An unknown email must cost the same scrypt run as a known one, so its
    // timing does not reveal which accounts exist. Compare against the time of
    // one hash with a wide margin, because CI machines vary.
    const start = performance.now();
    await hashPassword("x", DEMO_USERS[0]!.passwordSalt);
    const oneHashMs = performance.now() - start;

    const unknownStart = performance.now();
    const user = await verifyCredentials(DEMO_USERS, "nobody@example.com", "x");
    const unknownMs = performance.now() - unknownStart;

    expect(user).toBeUndefined();
    expect(unknownMs).toBeGreaterThan(oneHashMs * 0.3);
  });

  it("each user has its own salt", () => {
    const salts = new Set(DEMO_USERS.map((user) => user.passwordSalt));

    expect(salts.size).toBe(DEMO_USERS.length);
  });

  it("stored hash matches scrypt output", async () => {
    for (const user of DEMO_USERS) {
      const hash = await hashPassword(user.passwordHint!, user.passwordSalt);
      expect(hash.toString("hex"), user.email).toBe(user.passwordHash);
    }
  });
});
