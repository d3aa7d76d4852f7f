import { describe, expect, it } from "vitest";
import { readLimitedBody } from "../../src/http/limited-body.ts";
import { chunkedBody } from "./support.ts";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("https://app.example/form", { method: "POST", body, headers });
}

describe("limited body", () => {
  it("returns null without a body", async () => {
    expect(await readLimitedBody(new Request("https://app.example/"), 10)).toBeNull();
  });

  it("reads a chunked body at the limit", async () => {
    const body = await readLimitedBody(post(chunkedBody("a".repeat(4096), 1000)), 4096);
    expect(body).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(body as Uint8Array)).toBe("a".repeat(4096));
  });

  it("stops reading a chunked body over the limit", async () => {
    let cancelled = false;
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1000));
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await readLimitedBody(post(endless), 4096)).toBe("too-large");
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });

  it("rejects a declared length over the limit", async () => {
    expect(await readLimitedBody(post("a".repeat(11)), 10)).toBe("too-large");
    expect(await readLimitedBody(post("a".repeat(10)), 10)).toEqual(new TextEncoder().encode("a".repeat(10)));
  });
});
