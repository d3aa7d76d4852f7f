// Demo accounts and the password check behind POST /login.
//
// Logins are checked against scrypt hashes with a per-user random salt, the
// pattern a real origin uses. The demo passwords themselves are public, because
// the home page lists them from `passwordHint`.
import { scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

export interface DemoUser {
  /** Login email, matched case-insensitively after trimming. */
  email: string;
  /** User id sent to the worker as the session's `user`, and found in `sub`. */
  userId: string;
  /** Organization id sent as the session's `org`, when the user has one. */
  org?: string;
  /** scrypt salt, hex. */
  passwordSalt: string;
  /** scrypt output for the password and `passwordSalt`, hex, `SCRYPT_KEY_LENGTH_BYTES` long. */
  passwordHash: string;
  /** Password shown on the login page. Set only for public demo accounts. */
  passwordHint?: string;
}

/** scrypt cost parameters (N = 2^14, about 16 MiB of memory per hash). The stored hashes depend on them. */
export const SCRYPT_OPTIONS: ScryptOptions = { N: 16384, r: 8, p: 1 };
export const SCRYPT_KEY_LENGTH_BYTES = 32;

/** The demo accounts: alice@example.com / alice-demo-password and bob@example.com / bob-demo-password. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: "alice@example.com",
    userId: "user_alice",
    org: "org_acme",
    passwordSalt: "827775d2ada1ccde32b10ba91f81f063",
    passwordHash: "8628046b89b45338adcb99f06d06bd0bdd9787f2c6aea1fe8dba0e4459e49843",
    passwordHint: "alice-demo-password",
  },
  {
    email: "bob@example.com",
    userId: "user_bob",
    passwordSalt: "1d878361f7fd4ab171b48d4fc59770a6",
    passwordHash: "6fa01856af919364a7635fa57250607ec164973f7f5363b6fda445cefe763fef",
    passwordHint: "bob-demo-password",
  },
];

// Checked when the email matches no account, so a login attempt costs one
// scrypt run either way and its timing does not reveal which accounts exist.
const DUMMY_USER: DemoUser = {
  email: "",
  userId: "",
  passwordSalt: "16a708c9b7e751510e46726aab95567d",
  passwordHash: "db094343676f1505688a554d567a03b056e5fa9b7f346f4220aac3a9d86c8a98",
};

/** Computes the scrypt hash of `password` with a hex `salt`, as stored in `DemoUser.passwordHash`. */
export function hashPassword(password: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, Buffer.from(salt, "hex"), SCRYPT_KEY_LENGTH_BYTES, SCRYPT_OPTIONS, (error, derivedKey) => {
      if (error) reject(error);
      else resolve(derivedKey);
    });
  });
}

/** Trims and lowercases an email, so that matching ignores case and surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Finds the user with this email and password. Returns undefined for an
 * unknown email and for a wrong password alike, after the same amount of
 * hashing work. The password is compared exactly as received.
 */
export async function verifyCredentials(
  users: readonly DemoUser[],
  email: string,
  password: string,
): Promise<DemoUser | undefined> {
  const normalizedEmail = normalizeEmail(email);
  const user = users.find((candidate) => normalizeEmail(candidate.email) === normalizedEmail);
  const passwordMatches = await checkPassword(user ?? DUMMY_USER, password);

  return user !== undefined && passwordMatches ? user : undefined;
}

async function checkPassword(user: DemoUser, password: string): Promise<boolean> {
  const expected = Buffer.from(user.passwordHash, "hex");
  const actual = await hashPassword(password, user.passwordSalt);

  // timingSafeEqual throws on a length mismatch, which only a malformed stored hash can cause.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
