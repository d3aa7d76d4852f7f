import { describe, expect, it } from "vitest";
import { runVerifierChecks } from "../runtimes/verifier-checks.ts";

// The same checks that Node.js, Deno and Bun run, here inside workerd, the
// runtime of an origin that is itself a Cloudflare Worker.
describe("verifier in workerd", () => {
  it("passes every runtime check", async () => {
    const results = await runVerifierChecks();
    expect(results.length).toBe(14);
    for (const result of results) expect(result.actual, `${result.alg} ${result.case}`).toEqual(result.expected);
  });
});
