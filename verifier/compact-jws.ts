import { base64url } from "jose";

import { findDuplicateMember } from "./duplicate-members.ts";
import { malformedToken } from "./errors.ts";
import { MAX_TOKEN_LENGTH } from "./profile.ts";

/**
 * Three non-empty base64url segments without padding (RFC 7515, section 7.1).
 * This excludes the JSON serialisations, a compact JWE (five segments), an
 * unsecured JWS (empty signature), and base64 padding, whitespace, "+" and "/".
 */
const COMPACT_JWS_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

// ignoreBOM keeps a byte order mark in the text, where JSON.parse rejects it.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Checks that a token is a compact JWS of the access token profile, before any
 * key lookup or signature check, and returns its protected header. The header
 * and the payload must each be a JSON object with unique member names.
 */
export function readProtectedHeader(token: string): Record<string, unknown> {
  if (token.length > MAX_TOKEN_LENGTH) {
    throw malformedToken(`access token is longer than ${MAX_TOKEN_LENGTH} bytes`);
  }
  if (!COMPACT_JWS_PATTERN.test(token)) {
    throw malformedToken("access token is not a compact JWS of three base64url segments");
  }

  const [encodedHeader = "", encodedPayload = ""] = token.split(".");
  const header = decodeJsonObject(encodedHeader, "protected header");
  decodeJsonObject(encodedPayload, "payload");
  return header;
}

function decodeJsonObject(segment: string, part: string): Record<string, unknown> {
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(base64url.decode(segment));
    value = JSON.parse(text);
  } catch {
    throw malformedToken(`access token ${part} is not base64url-encoded UTF-8 JSON`);
  }

  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw malformedToken(`access token ${part} is not a JSON object`);
  }
  const duplicate = findDuplicateMember(text);
  if (duplicate !== undefined) {
    throw malformedToken(`access token ${part} has a duplicate "${duplicate}" member`);
  }
  return value as Record<string, unknown>;
}
