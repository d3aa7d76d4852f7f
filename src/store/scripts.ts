/**
 * Lua scripts that run inside Redis, so that each session operation is atomic
 * and costs one HTTP request to the store. They are sent with EVAL every
 * time: Redis caches the compiled script by its SHA1, and EVALSHA would cost
 * a second request (EVALSHA, NOSCRIPT, EVAL) whenever Redis restarts.
 *
 * Times are milliseconds since the Unix epoch and durations are milliseconds.
 * Because every script runs atomically, concurrent logins, revocations and
 * slides on one user's sessions never interleave. No index entry is lost, and
 * a revocation beside a login either finds the new session or runs before it exists.
 *
 * NOTE: the touch script names every key it touches in KEYS. The scripts that
 * walk a user's index (touch-and-list, create, list, revoke) also reach the
 * sessions that the index names, the end, create and revoke scripts write
 * audit records for the sessions they end, and touch-and-list names the index
 * itself from the session's user. None of these keys can be known before the script runs.
 * That works on a single Redis node and on Upstash with its default global
 * script lock, but not in Redis Cluster or with Upstash's allow-key-locking flag.
 */

/**
 * Helper functions every script uses. `deadline_passed` mirrors
 * `sessionDeadline` in src/session/timeouts.ts.
 */
const SESSION_HELPERS = `
local function field(fields, name)
  for i = 1, #fields, 2 do
    if fields[i] == name then return fields[i + 1] end
  end
  return nil
end

local function deadline_passed(fields, now, idle_timeout)
  local last_active = tonumber(field(fields, 'last_active_at'))
  local absolute_expiry = tonumber(field(fields, 'absolute_expires_at'))
  if not last_active or not absolute_expiry then return nil end
  return now >= math.min(last_active + idle_timeout, absolute_expiry)
end
`;

/**
 * Helper functions of the scripts that end sessions or walk a user's index.
 * `end_session` deletes a session and removes it from its user's index. When
 * `audit_ttl` is positive, it also leaves an audit record under the handle.
 * They are kept out of the touch script, which runs on every request and is
 * sent in full each time.
 */
const PRELUDE = `${SESSION_HELPERS}
local AUDIT_FIELDS = {'user', 'browser', 'browser_version', 'os', 'device_type', 'country', 'region', 'city', 'created_at', 'last_active_at'}

local function end_session(key, index_key, handle, fields, now, reason, audit_prefix, audit_ttl)
  redis.call('DEL', key)
  redis.call('HDEL', index_key, handle)
  if audit_ttl > 0 and #fields > 0 then
    local audit_key = audit_prefix .. handle
    local record = {'revoked_at', now, 'reason', reason}
    for _, name in ipairs(AUDIT_FIELDS) do
      local value = field(fields, name)
      if value then
        record[#record + 1] = name
        record[#record + 1] = value
      end
    end
    redis.call('HSET', audit_key, unpack(record))
    redis.call('PEXPIRE', audit_key, audit_ttl)
  end
end

-- Returns the live sessions of a user's index as {handle, digest, key, fields}
-- entries. Entries whose session is gone are removed, and sessions past a
-- deadline are ended. A corrupt record is skipped and left in place.
local function live_sessions(index_key, now, idle_timeout, session_prefix)
  local live = {}
  local index = redis.call('HGETALL', index_key)
  for i = 1, #index, 2 do
    local handle, digest = index[i], index[i + 1]
    local key = session_prefix .. digest
    local fields = redis.call('HGETALL', key)
    if #fields == 0 then
      redis.call('HDEL', index_key, handle)
    else
      local passed = deadline_passed(fields, now, idle_timeout)
      if passed then
        end_session(key, index_key, handle, fields, now, 'expired', '', 0)
      elseif passed == false then
        live[#live + 1] = {handle = handle, digest = digest, key = key, fields = fields}
      end
    end
  end
  return live
end
`;

/**
 * `touch_session(key, now_text, idle_timeout, refresh_interval)` looks up a
 * session, ends it if a deadline has passed, and otherwise slides the idle
 * timeout. `now_text` is now as the caller sent it, so the stored value keeps
 * the caller's digits. It returns 'absent', 'corrupt', 'expired' with the
 * fields, or 'active' with the fields. The fields are the record's identity
 * and time fields as stored before any update (not the device fields, which
 * no request needs).
 *
 * The slide only writes to a hash that HMGET has just found, in the same
 * atomic step, so it never recreates a session that was deleted meanwhile.
 * An expired session's index entry is left for the next index walk to prune.
 */
const TOUCH_FUNCTION = `
local function touch_session(key, now_text, idle_timeout, refresh_interval)
  local stored = redis.call('HMGET', key, 'handle', 'user', 'org', 'created_at', 'last_active_at', 'absolute_expires_at')
  local names = {'handle', 'user', 'org', 'created_at', 'last_active_at', 'absolute_expires_at'}
  local fields = {}
  for i, name in ipairs(names) do
    if stored[i] then
      fields[#fields + 1] = name
      fields[#fields + 1] = stored[i]
    end
  end
  if #fields == 0 then return 'absent', nil end
  local now = tonumber(now_text)
  local passed = deadline_passed(fields, now, idle_timeout)
  if passed == nil then return 'corrupt', nil end
  if passed then
    redis.call('DEL', key)
    return 'expired', fields
  end
  local last_active = tonumber(field(fields, 'last_active_at'))
  if now - last_active >= refresh_interval then
    -- Positive: now is before the absolute expiry, and the idle timeout is positive.
    local ttl = math.min(now + idle_timeout, tonumber(field(fields, 'absolute_expires_at'))) - now
    redis.call('HSET', key, 'last_active_at', now_text)
    redis.call('PEXPIRE', key, ttl)
  end
  return 'active', fields
end
`;

/**
 * Touches the session a request carries (see TOUCH_FUNCTION).
 *
 * KEYS[1]: the session hash. ARGV[1]: now. ARGV[2]: idle timeout.
 * ARGV[3]: how long after the last recorded activity a new one is written.
 * Returns {"absent"}, {"corrupt"}, {"expired", fields} or {"active", fields}.
 */
export const TOUCH_SESSION_SCRIPT = `${SESSION_HELPERS}${TOUCH_FUNCTION}
local status, fields = touch_session(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
if fields then return {status, fields} end
return {status}
`;

/**
 * Touches the session a request carries, as the touch script does, and when
 * it is active also lists its user's live sessions, as the list script does,
 * so a session list costs one store request. The user's index is named by
 * the session's `user` field, so it cannot be in KEYS.
 *
 * KEYS[1]: the session hash. ARGV[1..3]: as for the touch script.
 * ARGV[4]: user index key prefix. ARGV[5]: session key prefix.
 * Returns what the touch script returns, and for an active session a third
 * element: the live sessions as digest, fields, digest, fields, and so on.
 */
export const TOUCH_AND_LIST_SCRIPT = `${PRELUDE}${TOUCH_FUNCTION}
local status, fields = touch_session(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
if status ~= 'active' then
  if fields then return {status, fields} end
  return {status}
end
local user = field(fields, 'user')
if not user then return {'corrupt'} end
local listing = {}
for _, session in ipairs(live_sessions(ARGV[4] .. user, tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[5])) do
  listing[#listing + 1] = session.digest
  listing[#listing + 1] = session.fields
end
return {'active', fields, listing}
`;

/**
 * Creates a session and adds it to its user's index. When the client already
 * had a session, the same atomic step ends it, so every login gets a new ID.
 * Then it walks the user's other sessions and prunes entries whose session is
 * gone or past a deadline. While the user has more than the per-user cap, it
 * ends the least recently active sessions. It also reports whether any
 * remaining session shares the new one's browser, OS and country.
 *
 * KEYS[1]: new session hash. KEYS[2]: its user's index.
 * KEYS[3], KEYS[4] (optional): the replaced session hash and its user's index.
 * ARGV[1]: session TTL. ARGV[2]: minimum index TTL. ARGV[3]: new handle.
 * ARGV[4]: new session digest. ARGV[5]: replaced handle, or "".
 * ARGV[6]: now. ARGV[7]: idle timeout. ARGV[8]: session key prefix.
 * ARGV[9]: audit key prefix. ARGV[10]: audit TTL (0: no audit records).
 * ARGV[11]: per-user cap. ARGV[12]: device fingerprint ("browser|os|country").
 * ARGV[13..]: the new record's field/value pairs.
 * Returns {known_device (0 or 1), other live sessions, sessions ended by the cap}.
 *
 * The index TTL only ever grows, so it outlives every session it lists.
 */
export const CREATE_SESSION_SCRIPT = `${PRELUDE}
local now = tonumber(ARGV[6])
local idle_timeout = tonumber(ARGV[7])
local audit_ttl = tonumber(ARGV[10])
if KEYS[3] then
  local replaced = redis.call('HGETALL', KEYS[3])
  if KEYS[4] and ARGV[5] ~= '' then
    end_session(KEYS[3], KEYS[4], ARGV[5], replaced, now, 'replaced', ARGV[9], audit_ttl)
  else
    redis.call('DEL', KEYS[3])
  end
end

redis.call('HSET', KEYS[1], unpack(ARGV, 13))
redis.call('PEXPIRE', KEYS[1], ARGV[1])

local others = live_sessions(KEYS[2], now, idle_timeout, ARGV[8])
local known_device = 0
for _, session in ipairs(others) do
  session.last_active = tonumber(field(session.fields, 'last_active_at'))
  local fingerprint = (field(session.fields, 'browser') or '') .. '|' .. (field(session.fields, 'os') or '') .. '|' .. (field(session.fields, 'country') or '')
  if fingerprint == ARGV[12] then known_device = 1 end
end

table.sort(others, function(a, b) return a.last_active < b.last_active end)
local cap = tonumber(ARGV[11])
local evicted = 0
while #others - evicted + 1 > cap do
  evicted = evicted + 1
  local oldest = others[evicted]
  end_session(oldest.key, KEYS[2], oldest.handle, oldest.fields, now, 'session_limit', ARGV[9], audit_ttl)
end

redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return {known_device, #others - evicted, evicted}
`;

/**
 * Ends a session: deletes its hash, removes it from its user's index and
 * leaves an audit record.
 * KEYS[1]: the session hash. KEYS[2] (optional): its user's index.
 * ARGV[1]: the session's handle. ARGV[2]: now. ARGV[3]: reason.
 * ARGV[4]: audit key prefix. ARGV[5]: audit TTL.
 * Returns the number of hashes deleted (0 or 1).
 */
export const END_SESSION_SCRIPT = `${PRELUDE}
local fields = redis.call('HGETALL', KEYS[1])
if KEYS[2] then
  end_session(KEYS[1], KEYS[2], ARGV[1], fields, tonumber(ARGV[2]), ARGV[3], ARGV[4], tonumber(ARGV[5]))
else
  redis.call('DEL', KEYS[1])
end
if #fields > 0 then return 1 end
return 0
`;

/**
 * Lists a user's live sessions and prunes index entries whose session is gone
 * or past a deadline, all in one request whatever the count. A corrupt record
 * is neither listed nor deleted, so a store fault never signs anyone out.
 * KEYS[1]: the user's index. ARGV[1]: now. ARGV[2]: idle timeout.
 * ARGV[3]: session key prefix.
 * Returns a flat list {digest, fields, digest, fields, ...}.
 */
export const LIST_SESSIONS_SCRIPT = `${PRELUDE}
local result = {}
for _, session in ipairs(live_sessions(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3])) do
  result[#result + 1] = session.digest
  result[#result + 1] = session.fields
end
return result
`;

/**
 * Ends sessions of one user by handle: the handles given, or every session
 * except the handles given. A handle missing from the user's index is skipped,
 * so one user can never end another user's session.
 * KEYS[1]: the user's index. ARGV[1]: "only" or "except".
 * ARGV[2]: now. ARGV[3]: reason. ARGV[4]: session key prefix.
 * ARGV[5]: audit key prefix. ARGV[6]: audit TTL. ARGV[7..]: handles.
 * Returns the handles of the sessions it ended.
 */
export const REVOKE_SESSIONS_SCRIPT = `${PRELUDE}
local listed = {}
for i = 7, #ARGV do listed[ARGV[i]] = true end
local only = ARGV[1] == 'only'
local now = tonumber(ARGV[2])
local audit_ttl = tonumber(ARGV[6])
local ended = {}
local index = redis.call('HGETALL', KEYS[1])
for i = 1, #index, 2 do
  local handle, digest = index[i], index[i + 1]
  if (listed[handle] == true) == only then
    local key = ARGV[4] .. digest
    local fields = redis.call('HGETALL', key)
    end_session(key, KEYS[1], handle, fields, now, ARGV[3], ARGV[5], audit_ttl)
    if #fields > 0 then ended[#ended + 1] = handle end
  end
end
return ended
`;
