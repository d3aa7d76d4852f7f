/**
 * Lua scripts that run inside Redis, so that each session operation is atomic
 * and costs one HTTP request to the store. They are sent with EVAL every
 * time: Redis caches the compiled script by its SHA1, and EVALSHA would cost
 * a second request (EVALSHA, NOSCRIPT, EVAL) whenever Redis restarts.
 *
 * Every key a script touches is passed in KEYS, as Redis and Upstash require
 * for correct locking. Times are milliseconds since the Unix epoch.
 */

/**
 * Looks up a session, ends it if a deadline has passed, and otherwise slides
 * the idle timeout.
 *
 * KEYS[1]: the session hash. ARGV[1]: now. ARGV[2]: idle timeout.
 * ARGV[3]: how long after the last recorded activity a new one is written.
 * Returns {"absent"}, {"corrupt"}, {"expired", fields} or {"active", fields},
 * where fields is the hash as HGETALL returned it before any update.
 *
 * The slide only writes to a hash that HGETALL has just found, in the same
 * atomic step, so it never recreates a session that was deleted meanwhile.
 */
export const TOUCH_SESSION_SCRIPT = `
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then return {'absent'} end
local last_active, absolute_expiry
for i = 1, #fields, 2 do
  if fields[i] == 'last_active_at' then last_active = tonumber(fields[i + 1])
  elseif fields[i] == 'absolute_expires_at' then absolute_expiry = tonumber(fields[i + 1]) end
end
if not last_active or not absolute_expiry then return {'corrupt'} end
local now = tonumber(ARGV[1])
local idle_timeout = tonumber(ARGV[2])
if now >= math.min(last_active + idle_timeout, absolute_expiry) then
  redis.call('DEL', KEYS[1])
  return {'expired', fields}
end
if now - last_active >= tonumber(ARGV[3]) then
  -- Positive: now is before absolute_expiry, and idle_timeout is positive.
  local ttl = math.min(now + idle_timeout, absolute_expiry) - now
  redis.call('HSET', KEYS[1], 'last_active_at', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return {'active', fields}
`;

/**
 * Creates a session and adds it to its user's index. When the client already
 * had a session, the same atomic step ends it, so every login gets a new ID.
 *
 * KEYS[1]: new session hash. KEYS[2]: its user's index.
 * KEYS[3], KEYS[4] (optional): the replaced session hash and its user's index.
 * ARGV[1]: session TTL. ARGV[2]: minimum index TTL. ARGV[3]: new handle.
 * ARGV[4]: new session digest. ARGV[5]: replaced handle, or "".
 * ARGV[6..]: the new record's field/value pairs.
 *
 * The index TTL only ever grows, so it outlives every session it lists.
 */
export const CREATE_SESSION_SCRIPT = `
if KEYS[3] then redis.call('DEL', KEYS[3]) end
if KEYS[4] and ARGV[5] ~= '' then redis.call('HDEL', KEYS[4], ARGV[5]) end
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 1
`;

/**
 * Ends a session: deletes its hash and removes it from its user's index.
 * KEYS[1]: the session hash. KEYS[2] (optional): its user's index.
 * ARGV[1]: the session's handle. Returns the number of hashes deleted (0 or 1).
 */
export const END_SESSION_SCRIPT = `
local deleted = redis.call('DEL', KEYS[1])
if KEYS[2] then redis.call('HDEL', KEYS[2], ARGV[1]) end
return deleted
`;
