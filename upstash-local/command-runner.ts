// Runs parsed REST requests against Redis and builds the HTTP status and
// JSON body for each of the three command endpoints.

import type { ConnectionPool } from "./connection-pool.ts";
import { findRejection } from "./command-policy.ts";
import { translateScriptFlags } from "./script-flags.ts";
import type { TextCommand } from "./command-body.ts";
import type { RespReply } from "./resp-reply.ts";
import { encodeErrorItem, encodeReplyItem, type StringEncoding } from "./reply-json.ts";

/** Returns why a command must not run, as a Redis error message, or undefined if it may run. */
export type RejectionCheck = (command: readonly string[]) => string | undefined;

export type CommandResponse = {
  status: number;
  body: string;
  /** Commands sent to Redis for this request, without the MULTI and EXEC that wrap a transaction. */
  commandsRun: number;
};

/** POST /: one command; a Redis error is a 400 with {"error"}, as on Upstash. */
export async function runSingle(pool: ConnectionPool, original: TextCommand, encoding: StringEncoding, reject: RejectionCheck = findRejection): Promise<CommandResponse> {
  const command = translateScriptFlags(original);
  const rejection = reject(command);
  if (rejection !== undefined) {
    return { status: 400, body: encodeErrorItem(rejection), commandsRun: 0 };
  }
  const [reply] = await pool.use((connection) => connection.send([command]));
  const status = reply === undefined || reply.kind === "error" ? 400 : 200;
  return { status, body: encodeReplyItem(reply ?? missingReply(), encoding), commandsRun: 1 };
}

/**
 * POST /pipeline: every command in order on one connection. Each command gets
 * its own item and an error never stops the rest; a rejected command gets an
 * error item and is not sent.
 */
export async function runPipeline(pool: ConnectionPool, originals: TextCommand[], encoding: StringEncoding, reject: RejectionCheck = findRejection): Promise<CommandResponse> {
  const commands = originals.map(translateScriptFlags);
  const rejections = commands.map((command) => reject(command));
  const allowed = commands.filter((_command, index) => rejections[index] === undefined);
  const replies = allowed.length === 0 ? [] : await pool.use((connection) => connection.send(allowed));

  let nextReply = 0;
  const items = rejections.map((rejection) => {
    if (rejection !== undefined) {
      return encodeErrorItem(rejection);
    }
    return encodeReplyItem(replies[nextReply++] ?? missingReply(), encoding);
  });
  return { status: 200, body: `[${items.join(",")}]`, commandsRun: allowed.length };
}

/**
 * POST /multi-exec: MULTI, the commands and EXEC on one leased connection, so
 * no other request's commands can enter the transaction. Runtime errors are
 * per-item; a queue-time error discards the whole transaction (EXECABORT).
 */
export async function runTransaction(pool: ConnectionPool, originals: TextCommand[], encoding: StringEncoding, reject: RejectionCheck = findRejection): Promise<CommandResponse> {
  const commands = originals.map(translateScriptFlags);
  const rejection = commands.map((command) => reject(command)).find((message) => message !== undefined);
  if (rejection !== undefined) {
    return { status: 400, body: encodeErrorItem(rejection), commandsRun: 0 };
  }
  if (commands.length === 0) {
    return { status: 200, body: "[]", commandsRun: 0 };
  }
  const replies = await pool.use((connection) => connection.send([["MULTI"], ...commands, ["EXEC"]]));
  const queueReplies = replies.slice(1, -1);
  const execReply = replies.at(-1) ?? missingReply();
  return { ...transactionResponse(queueReplies, execReply, encoding), commandsRun: commands.length };
}

function transactionResponse(queueReplies: RespReply[], execReply: RespReply, encoding: StringEncoding): Omit<CommandResponse, "commandsRun"> {
  if (execReply.kind === "array") {
    return { status: 200, body: `[${execReply.items.map((item) => encodeReplyItem(item, encoding)).join(",")}]` };
  }
  if (execReply.kind === "error") {
    // EXECABORT alone does not say which command failed to queue, so the first queue error is appended.
    const queueError = queueReplies.find((reply) => reply.kind === "error");
    const message = queueError?.kind === "error" ? `${execReply.message.replace(/\.$/, "")}: ${queueError.message}` : execReply.message;
    return { status: 400, body: encodeErrorItem(message) };
  }
  return { status: 500, body: encodeErrorItem("ERR EXEC returned no result; the transaction was not run") };
}

function missingReply(): RespReply {
  return { kind: "error", message: "ERR Redis sent no reply for this command" };
}
