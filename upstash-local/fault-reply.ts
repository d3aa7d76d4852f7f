// Replies for the fault switches that replace the normal reply: status, drop,
// hang and malformed (see fault-injection.ts). None of them runs a command.

import type { ServerResponse } from "node:http";
import type { FaultConfig, MalformedReply } from "./fault-config.ts";
import { sendJson } from "./http-io.ts";
import { encodeErrorItem } from "./reply-json.ts";
import type { Endpoint } from "./routes.ts";

export const INJECTED_ERROR = "ERR injected fault";

/**
 * Sends the reply a fault calls for and returns true, or returns false when
 * the request must run (no reply switch, or only readonly or latencyMs).
 */
export function sendFaultReply(fault: FaultConfig, endpoint: Endpoint, body: string, response: ServerResponse): boolean {
  if (fault.status !== undefined) {
    sendJson(response, fault.status, encodeErrorItem(INJECTED_ERROR));
    return true;
  }
  if (fault.drop === true) {
    response.socket?.destroy();
    return true;
  }
  if (fault.hang === true) {
    // No reply: server.close() destroys the socket if the client has not given up first.
    return true;
  }
  if (fault.malformed !== undefined) {
    sendMalformed(response, fault.malformed, endpoint, body);
    return true;
  }
  return false;
}

function sendMalformed(response: ServerResponse, kind: MalformedReply, endpoint: Endpoint, body: string): void {
  const single = endpoint === "base";
  switch (kind) {
    case "not-json": {
      const text = "upstash-local injected fault: this body is not JSON";
      response.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(text) });
      response.end(text);
      return;
    }
    case "wrong-shape":
      sendJson(response, 200, single ? '{"unexpected":true}' : '{"result":"x"}');
      return;
    case "missing-result":
      sendJson(response, 200, single ? "{}" : `[${Array(countCommands(body)).fill("{}").join(",")}]`);
      return;
  }
}

/** Counts the commands of a /pipeline or /multi-exec body; 1 when it is not a non-empty JSON array. */
function countCommands(body: string): number {
  try {
    const value: unknown = JSON.parse(body);
    return Array.isArray(value) && value.length > 0 ? value.length : 1;
  } catch {
    return 1;
  }
}
