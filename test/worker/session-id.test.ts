import { describe, expect, it } from "vitest";
import { digestSessionId, generateSessionHandle, generateSessionId, isWellFormedSessionId } from "../../src/session/id.ts";

function decodeBase64url(text: string): Uint8Array {
  const base64 = text.replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4)), (char) => char.charCodeAt(0));
}

describe("session IDs", () => {
  it("are unique 32-byte base64url values", () => {
    const ids = Array.from({ length: 1000 }, () => generateSessionId());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(decodeBase64url(id)).toHaveLength(32);
      expect(isWellFormedSessionId(id)).toBe(true);
    }
  });

  it("show no fixed bytes across IDs", () => {
    // With 1000 random IDs, every byte position takes many values; a
    // timestamp, counter or user ID would pin some positions.
    const decoded = Array.from({ length: 1000 }, () => decodeBase64url(generateSessionId()));
    for (let position = 0; position < 32; position++) {
      const values = new Set(decoded.map((bytes) => bytes[position]));
      expect(values.size, `byte ${position}`).toBeGreaterThan(200);
    }
  });

  it("reject every other format", () => {
    const valid = generateSessionId();
    for (const value of ["", valid.slice(1), `${valid}A`, `${valid.slice(0, 42)}B`, valid.replace(/^./, "+"), `${valid.slice(0, 42)}=`, ` ${valid.slice(1)}`]) {
      expect(isWellFormedSessionId(value), value).toBe(false);
    }
  });

  it("have handles unrelated to the ID", async () => {
    const id = generateSessionId();
    const handle = generateSessionHandle();
    expect(handle).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await digestSessionId(id)).not.toContain(handle);
    expect(await digestSessionId(id)).toBe(await digestSessionId(id));
    expect(await digestSessionId(id)).not.toBe(id);
  });
});
