// Reading request bodies and writing JSON responses over node:http.

import type { IncomingMessage, ServerResponse } from "node:http";

/** Maximum request body size, in bytes. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** Reads the whole body as UTF-8; rejects with BodyTooLargeError above maxBytes. */
export function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? "0");
  if (declared > maxBytes) {
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) {
        request.removeAllListeners("data");
        request.removeAllListeners("end");
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks, length).toString("utf8")));
    request.on("error", reject);
  });
}

/** Sends a JSON body that is already serialized. */
export function sendJson(response: ServerResponse, status: number, body: string, closeConnection = false): void {
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  };
  if (closeConnection) {
    headers.connection = "close";
  }
  response.writeHead(status, headers);
  response.end(body);
}

function tooLarge(maxBytes: number): BodyTooLargeError {
  return new BodyTooLargeError(`ERR request body is larger than the limit of ${maxBytes} bytes`);
}
