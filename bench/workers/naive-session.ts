// How the naive worker finds a session: a cookie named `sid` whose value
// names the Redis key `naive:<value>`, which contains `{"user": "..."}`. The
// bench writes these records itself, with the idle timeout as their TTL.

export const NAIVE_COOKIE = "sid";
export const NAIVE_KEY_PREFIX = "naive:";
/** Idle timeout in seconds, which the naive worker slides with EXPIRE on every request. */
export const NAIVE_IDLE_TIMEOUT_SECONDS = 1800;

export interface NaiveRecord {
  user: string;
}
