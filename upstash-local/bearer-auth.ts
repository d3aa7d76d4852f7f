// Bearer token check for the Authorization header.

import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Returns true when the header is "Bearer <token>" with the expected token.
 * Both sides are hashed first so the comparison takes the same time whatever
 * the length or content of the presented token.
 */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/i.exec(header ?? "");
  if (match === null) {
    return false;
  }
  return timingSafeEqual(sha256(match[1] ?? ""), sha256(token));
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
