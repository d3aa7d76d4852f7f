// Runs the verifier checks in whatever runtime runs this file: Node.js, Deno
// or Bun. It prints one JSON line with every result, and raises an error after
// that line when a result differs from the expected one, so the process exits
// non-zero in all three runtimes.
// test/node/verifier/other-runtimes.test.ts runs it under all three.
import { runVerifierChecks } from "./verifier-checks.ts";

const results = await runVerifierChecks();
const failed = results.filter((result) => !result.pass);

// navigator.userAgent names the runtime and its version, such as "Deno/2.9.6".
console.log(JSON.stringify({ runtime: navigator.userAgent, pass: failed.length === 0, results }));
if (failed.length > 0) {
  throw new Error(`verifier smoke check failed: ${failed.map((result) => `${result.alg} ${result.case}`).join(", ")}`);
}
