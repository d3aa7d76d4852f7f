import { invalidToken } from "./errors.ts";
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE, FORBIDDEN_HEADER_PARAMETERS, KEY_ID_PATTERN } from "./profile.ts";

/**
 * Checks the protected header against the access token profile before any key
 * is looked up. It requires an allowed `alg`, the exact `typ` and a
 * well-formed `kid`, and rejects every parameter that embeds or points at a key.
 */
export function checkProtectedHeader(header: Record<string, unknown>): void {
  for (const parameter of FORBIDDEN_HEADER_PARAMETERS) {
    if (Object.hasOwn(header, parameter)) {
      throw invalidToken(parameter, `access token header must not contain "${parameter}"`);
    }
  }

  const { alg, typ, kid } = header;
  if (typeof alg !== "string" || !ACCESS_TOKEN_ALGORITHMS.includes(alg)) {
    throw invalidToken("alg", `access token "alg" header is not allowed, expected one of ${ACCESS_TOKEN_ALGORITHMS.join(", ")}`);
  }
  if (typ !== ACCESS_TOKEN_TYPE) {
    throw invalidToken("typ", `access token "typ" header must be "${ACCESS_TOKEN_TYPE}"`);
  }
  if (typeof kid !== "string" || !KEY_ID_PATTERN.test(kid)) {
    throw invalidToken("kid", 'access token "kid" header must be 1 to 128 printable ASCII characters');
  }
}
