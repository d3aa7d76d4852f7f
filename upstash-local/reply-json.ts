// Encodes Redis replies as the JSON items of the REST protocol:
// {"result": value} or {"error": "message"}. The text is built by hand
// because JSON.stringify cannot print an int64 reply with exact digits.

import type { RespReply } from "./resp-reply.ts";

/**
 * String encoding of replies. "base64" (request header Upstash-Encoding: base64)
 * base64-encodes every string at every depth, status replies such as OK and
 * PONG included, because @upstash/redis base64-decodes every string in an
 * array. "plain" sends UTF-8 text with invalid bytes replaced by U+FFFD.
 */
export type StringEncoding = "base64" | "plain";

/** Returns one item: {"error"} for an error reply, {"result"} (null included) otherwise. */
export function encodeReplyItem(reply: RespReply, encoding: StringEncoding): string {
  if (reply.kind === "error") {
    return encodeErrorItem(reply.message);
  }
  return `{"result":${encodeValue(reply, encoding)}}`;
}

/** Returns {"error": message}; error text is never base64-encoded. */
export function encodeErrorItem(message: string): string {
  return `{"error":${JSON.stringify(message)}}`;
}

function encodeValue(reply: RespReply, encoding: StringEncoding): string {
  switch (reply.kind) {
    case "integer":
      return reply.digits;
    case "nil":
      return "null";
    case "status":
    case "bulk":
      return encodeBytes(reply.value, encoding);
    case "error":
      // The protocol defines no form for an error inside an array (for example
      // a Lua table that contains an error reply). It is sent as a string so the client can read it.
      return encodeBytes(Buffer.from(reply.message, "utf8"), encoding);
    case "array":
      return `[${reply.items.map((item) => encodeValue(item, encoding)).join(",")}]`;
  }
}

function encodeBytes(bytes: Buffer, encoding: StringEncoding): string {
  const text = encoding === "base64" ? bytes.toString("base64") : bytes.toString("utf8");
  return JSON.stringify(text);
}
