// Reads and checks the fields of a POST /account/password form body.
import { MAX_PASSWORD_LENGTH } from "./login-input.ts";

export type PasswordChangeInputResult =
  | { status: "valid"; currentPassword: string; newPassword: string }
  | { status: "invalid"; reason: string };

/** Shortest new password accepted, in characters. */
export const MIN_NEW_PASSWORD_LENGTH = 8;

const FIELD_NAMES = ["current_password", "new_password"] as const;

/** Parses an application/x-www-form-urlencoded body, or returns the reason it is invalid. */
export function readPasswordChangeInput(body: string): PasswordChangeInputResult {
  const params = new URLSearchParams(body);

  for (const name of FIELD_NAMES) {
    if (params.getAll(name).length > 1) {
      return { status: "invalid", reason: `duplicate "${name}" field` };
    }
  }

  const currentPassword = params.get("current_password") ?? "";
  const newPassword = params.get("new_password") ?? "";

  if (currentPassword === "") {
    return { status: "invalid", reason: "missing current password" };
  }
  if (newPassword === "") {
    return { status: "invalid", reason: "missing new password" };
  }
  if (currentPassword.length > MAX_PASSWORD_LENGTH || newPassword.length > MAX_PASSWORD_LENGTH) {
    return { status: "invalid", reason: `password is longer than ${MAX_PASSWORD_LENGTH} characters` };
  }
  if (newPassword.length < MIN_NEW_PASSWORD_LENGTH) {
    return { status: "invalid", reason: `new password is shorter than ${MIN_NEW_PASSWORD_LENGTH} characters` };
  }
  if (newPassword === currentPassword) {
    return { status: "invalid", reason: "new password is the same as the current password" };
  }

  return { status: "valid", currentPassword, newPassword };
}
