// Commands that a read-only Redis replica rejects with a READONLY error: every
// command that Redis flags "write" in its COMMAND reply, plus the scripting
// commands that may write. Used by the readonly fault switch.

/**
 * Command names flagged "write" by redis-server 7.0.15 (COMMAND), with the
 * hash field expiry commands of Redis 7.4 and 8.0 added by hand.
 * NOTE: commands added to Redis after those versions are missing, so they pass as reads.
 */
const WRITE_COMMANDS = new Set([
  "APPEND", "BITFIELD", "BITOP", "BLMOVE", "BLMPOP", "BLPOP", "BRPOP", "BRPOPLPUSH", "BZMPOP",
  "BZPOPMAX", "BZPOPMIN", "COPY", "DECR", "DECRBY", "DEL", "EXPIRE", "EXPIREAT", "FLUSHALL",
  "FLUSHDB", "GEOADD", "GEORADIUS", "GEORADIUSBYMEMBER", "GEOSEARCHSTORE", "GETDEL", "GETEX",
  "GETSET", "HDEL", "HINCRBY", "HINCRBYFLOAT", "HMSET", "HSET", "HSETNX", "INCR", "INCRBY",
  "INCRBYFLOAT", "LINSERT", "LMOVE", "LMPOP", "LPOP", "LPUSH", "LPUSHX", "LREM", "LSET", "LTRIM",
  "MIGRATE", "MOVE", "MSET", "MSETNX", "PERSIST", "PEXPIRE", "PEXPIREAT", "PFADD", "PFDEBUG",
  "PFMERGE", "PSETEX", "RENAME", "RENAMENX", "RESTORE", "RESTORE-ASKING", "RPOP", "RPOPLPUSH",
  "RPUSH", "RPUSHX", "SADD", "SDIFFSTORE", "SET", "SETBIT", "SETEX", "SETNX", "SETRANGE",
  "SINTERSTORE", "SMOVE", "SORT", "SPOP", "SREM", "SUNIONSTORE", "SWAPDB", "UNLINK", "XACK",
  "XADD", "XAUTOCLAIM", "XCLAIM", "XDEL", "XREADGROUP", "XSETID", "XTRIM", "ZADD", "ZDIFFSTORE",
  "ZINCRBY", "ZINTERSTORE", "ZMPOP", "ZPOPMAX", "ZPOPMIN", "ZRANGESTORE", "ZREM",
  "ZREMRANGEBYLEX", "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZUNIONSTORE",
  // Redis 7.4 and 8.0: hash field expiry.
  "HEXPIRE", "HEXPIREAT", "HPEXPIRE", "HPEXPIREAT", "HPERSIST", "HGETDEL", "HGETEX", "HSETEX",
  // A script or function may write. Redis decides that per script (flags,
  // or the first write call), but a fault test should not depend on the script.
  "EVAL", "EVALSHA", "FCALL",
]);

/** Subcommands flagged "write", keyed by their container command. */
const WRITE_SUBCOMMANDS = new Map([
  ["XGROUP", new Set(["CREATE", "CREATECONSUMER", "DELCONSUMER", "DESTROY", "SETID"])],
  ["FUNCTION", new Set(["DELETE", "FLUSH", "LOAD", "RESTORE"])],
]);

/** Returns true for a command that a read-only replica would reject. Names are case-insensitive. */
export function isWriteCommand(command: readonly string[]): boolean {
  const name = (command[0] ?? "").toUpperCase();
  if (WRITE_COMMANDS.has(name)) {
    return true;
  }
  const subcommand = (command[1] ?? "").toUpperCase();
  return WRITE_SUBCOMMANDS.get(name)?.has(subcommand) ?? false;
}
