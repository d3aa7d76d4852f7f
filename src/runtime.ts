import type { JSONWebKeySet } from "jose";
import type { Settings } from "./config/settings.ts";
import type { SessionStore } from "./store/session-store.ts";
import type { SigningKey } from "./token/signing-key.ts";
import type { AccessTokenCache } from "./token/access-token-cache.ts";
import type { LoginThrottle } from "./throttle/login-throttle.ts";

/** Everything a request needs, built once per isolate from validated settings. */
export interface Runtime {
  settings: Settings;
  signingKey: SigningKey;
  store: SessionStore;
  accessTokens: AccessTokenCache;
  /** Login attempt limits; null when LOGIN_PATHS is empty. */
  loginThrottle: LoginThrottle | null;
  /** The published key set: the signing key's public half and any extra public keys. */
  jwks: JSONWebKeySet;
  /** Current time in milliseconds since the Unix epoch; tests inject their own. */
  clock: () => number;
}
