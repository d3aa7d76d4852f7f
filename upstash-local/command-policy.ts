// Commands the REST server rejects. Connections are pooled and shared between
// requests, so a command that changes connection state would leak into later
// requests, and a blocking command would hold a pooled connection
// indefinitely. Upstash's REST API rejects these as well.

const CONNECTION_STATE_COMMANDS = new Set([
  "SELECT", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
  "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE",
  "MONITOR", "QUIT", "AUTH", "HELLO", "RESET", "READONLY", "READWRITE",
  "SYNC", "PSYNC", "REPLCONF",
]);

const BLOCKING_COMMANDS = new Set([
  "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP",
  "WAIT", "WAITAOF",
]);

/** CLIENT subcommands that only read; every other one can change or pause the connection. */
const READ_ONLY_CLIENT_SUBCOMMANDS = new Set(["ID", "INFO", "LIST", "GETNAME", "GETREDIR", "TRACKINGINFO", "HELP"]);

/** Returns why the command is rejected, as a Redis-style "ERR …" message, or undefined if it may run. */
export function findRejection(command: readonly string[]): string | undefined {
  const name = (command[0] ?? "").toUpperCase();
  if (CONNECTION_STATE_COMMANDS.has(name)) {
    return `ERR command '${name}' is not supported by this REST server because it changes connection state`;
  }
  if (BLOCKING_COMMANDS.has(name) || isBlockingStreamRead(name, command)) {
    return `ERR command '${name}' is not supported by this REST server because it blocks`;
  }
  if (name === "CLIENT") {
    const subcommand = (command[1] ?? "").toUpperCase();
    if (!READ_ONLY_CLIENT_SUBCOMMANDS.has(subcommand)) {
      return `ERR command 'CLIENT ${subcommand}' is not supported by this REST server because it changes connection state`;
    }
  }
  return undefined;
}

/**
 * XREAD and XREADGROUP block only with a BLOCK option, which comes before
 * STREAMS. Option values (group, consumer, count) are skipped so that a group
 * named "block" is not mistaken for the option.
 */
function isBlockingStreamRead(name: string, command: readonly string[]): boolean {
  if (name !== "XREAD" && name !== "XREADGROUP") {
    return false;
  }
  for (let i = 1; i < command.length; i++) {
    const option = (command[i] ?? "").toUpperCase();
    if (option === "STREAMS") {
      return false;
    }
    if (option === "BLOCK") {
      return true;
    }
    if (option === "GROUP") {
      i += 2;
    } else if (option === "COUNT") {
      i += 1;
    }
  }
  return false;
}
