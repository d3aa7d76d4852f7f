/**
 * Redis key names. docs/redis-schema.md lists every key, its value shape and
 * its TTL. The prefix lets several deployments share one database.
 */
export interface StoreKeys {
  /** Hash holding one session, named by the digest of its ID. */
  session(sessionDigest: string): string;
  /** Hash from session handle to session digest: the user's live sessions. */
  userSessions(userId: string): string;
  /** Prefix of session keys, for scripts that name sessions from the index. */
  sessionPrefix: string;
  /** Prefix of user indexes, for the script that names one from a session's user. */
  userSessionsPrefix: string;
  /** Prefix of audit records, which scripts complete with a session handle. */
  auditPrefix: string;
}

export function createStoreKeys(prefix: string): StoreKeys {
  return {
    session: (sessionDigest) => `${prefix}session:${sessionDigest}`,
    userSessions: (userId) => `${prefix}user-sessions:${userId}`,
    sessionPrefix: `${prefix}session:`,
    userSessionsPrefix: `${prefix}user-sessions:`,
    auditPrefix: `${prefix}revoked:`,
  };
}
