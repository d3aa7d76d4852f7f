/**
 * Idle and absolute timeout arithmetic. All times are milliseconds since the
 * Unix epoch and all durations are milliseconds.
 *
 * A session ends at the earlier of two deadlines: last activity plus the idle
 * timeout (which moves as the session is used) and creation plus the absolute
 * timeout (which never moves). The store's TTL always equals the time left
 * until that earlier deadline, so Redis drops a session no later than the
 * worker would reject it.
 */

export interface SessionTimeouts {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
}

/** Returns the moment a session ends if it has no further activity. */
export function sessionDeadline(lastActiveAt: number, absoluteExpiresAt: number, idleTimeoutMs: number): number {
  return Math.min(lastActiveAt + idleTimeoutMs, absoluteExpiresAt);
}

/**
 * Time left until the deadline, for use as the store TTL. Returns null when
 * the session has already ended, so that no caller ever sends a TTL of zero
 * or less to the store (a zero TTL is an error, a negative one deletes the key).
 */
export function remainingTtlMs(now: number, deadline: number): number | null {
  const remaining = deadline - now;
  return remaining > 0 ? remaining : null;
}

/**
 * Returns how often the last-activity time is written back. Writing it on every
 * request would turn every read into a write; once a minute is precise enough
 * for a 30-minute idle timeout. Short idle timeouts (as in tests) refresh at a
 * tenth of their length so the slide stays within 10 % of the configured value.
 */
export function activityRefreshIntervalMs(idleTimeoutMs: number): number {
  return Math.min(60_000, Math.floor(idleTimeoutMs / 10));
}
