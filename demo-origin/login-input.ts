// Reads and checks the email and password of a POST /login body.
import type { BodyFormat } from "./body-format.ts";

export type LoginInputResult =
  | { status: "valid"; email: string; password: string }
  | { status: "invalid"; reason: string };

// RFC 5321 limits a forward path to 256 octets, which leaves 254 for the address.
export const MAX_EMAIL_LENGTH = 254;
// Bounds the scrypt input. No real password is this long.
export const MAX_PASSWORD_LENGTH = 1024;

/** Parses a form or JSON body into login fields, or returns the reason it is invalid. */
export function readLoginInput(body: string, format: BodyFormat): LoginInputResult {
  const fields = format === "form" ? readFormFields(body) : readJsonFields(body);
  if ("reason" in fields) {
    return { status: "invalid", reason: fields.reason };
  }

  return checkFields(fields.email, fields.password);
}

type RawFields = { email: unknown; password: unknown } | { reason: string };

function readFormFields(body: string): RawFields {
  const params = new URLSearchParams(body);

  for (const name of ["email", "password"]) {
    if (params.getAll(name).length > 1) {
      return { reason: `duplicate "${name}" field` };
    }
  }

  return { email: params.get("email") ?? undefined, password: params.get("password") ?? undefined };
}

function readJsonFields(body: string): RawFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { reason: "request body is not valid JSON" };
  }

  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { reason: 'request body must be a JSON object with "email" and "password"' };
  }

  const record = parsed as Record<string, unknown>;
  return { email: record["email"], password: record["password"] };
}

function checkFields(email: unknown, password: unknown): LoginInputResult {
  if (email === undefined || email === null || (typeof email === "string" && email.trim() === "")) {
    return { status: "invalid", reason: "missing email" };
  }
  if (typeof email !== "string") {
    return { status: "invalid", reason: '"email" must be a string' };
  }
  if (email.length > MAX_EMAIL_LENGTH) {
    return { status: "invalid", reason: `email is longer than ${MAX_EMAIL_LENGTH} characters` };
  }

  if (password === undefined || password === null || password === "") {
    return { status: "invalid", reason: "missing password" };
  }
  if (typeof password !== "string") {
    return { status: "invalid", reason: '"password" must be a string' };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { status: "invalid", reason: `password is longer than ${MAX_PASSWORD_LENGTH} characters` };
  }

  return { status: "valid", email, password };
}
