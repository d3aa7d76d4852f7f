import type { Settings } from "./config/settings.ts";
import type { SessionStore } from "./store/session-store.ts";
import type { SigningKey } from "./token/signing-key.ts";
import type { AccessTokenCache } from "./token/access-token-cache.ts";

/** Everything a request needs, built once per isolate from validated settings. */
export interface Runtime {
  settings: Settings;
  signingKey: SigningKey;
  store: SessionStore;
  accessTokens: AccessTokenCache;
  /** Current time in milliseconds since the Unix epoch; tests inject their own. */
  clock: () => number;
}
