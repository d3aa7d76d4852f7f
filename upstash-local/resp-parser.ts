// Incremental RESP2 reply parser. Data arrives in socket chunks of any size,
// so a reply may be split anywhere, including inside a CRLF.

import type { RespReply } from "./resp-reply.ts";

const CR = 0x0d;

/** Result of one parse attempt: a reply and the offset after it, or the byte count still needed. */
type ParseStep = { reply: RespReply; end: number } | { needBytes: number };

export class RespProtocolError extends Error {
  override name = "RespProtocolError";
}

/**
 * Parses RESP2 replies from a byte stream. Chunks are buffered without copying
 * until enough bytes have arrived for the next reply, so a large bulk string
 * received in many chunks is concatenated once, not once per chunk.
 */
export class RespParser {
  #chunks: Buffer[] = [];
  #length = 0;
  /** Bytes that must be buffered before another parse attempt can succeed. */
  #needBytes = 1;

  /** Adds a chunk and returns every reply that is now complete, in order. */
  push(chunk: Buffer): RespReply[] {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    const replies: RespReply[] = [];
    while (this.#length >= this.#needBytes) {
      const buffer = this.#joinChunks();
      const step = parseReply(buffer, 0);
      if ("needBytes" in step) {
        this.#needBytes = step.needBytes;
        break;
      }
      replies.push(step.reply);
      this.#keepTail(buffer.subarray(step.end));
    }
    return replies;
  }

  #joinChunks(): Buffer {
    if (this.#chunks.length > 1) {
      this.#chunks = [Buffer.concat(this.#chunks, this.#length)];
    }
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  #keepTail(tail: Buffer): void {
    this.#chunks = tail.length > 0 ? [tail] : [];
    this.#length = tail.length;
    this.#needBytes = 1;
  }
}

function parseReply(buffer: Buffer, start: number): ParseStep {
  const lineEnd = findLineEnd(buffer, start);
  if (lineEnd < 0) {
    // The header line is incomplete, so at least one more byte is needed.
    return { needBytes: buffer.length + 1 };
  }
  const type = String.fromCharCode(buffer[start] ?? 0);
  const line = buffer.toString("utf8", start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case "+":
      return { reply: { kind: "status", value: buffer.subarray(start + 1, lineEnd) }, end: next };
    case "-":
      return { reply: { kind: "error", message: line }, end: next };
    case ":":
      return { reply: { kind: "integer", digits: checkInteger(line) }, end: next };
    case "$":
      return parseBulk(buffer, next, parseLength(line));
    case "*":
      return parseArray(buffer, next, parseLength(line));
    default:
      throw new RespProtocolError(`invalid RESP2 reply type byte 0x${(buffer[start] ?? 0).toString(16)}`);
  }
}

function parseBulk(buffer: Buffer, start: number, length: number): ParseStep {
  if (length < 0) {
    return { reply: { kind: "nil" }, end: start };
  }
  const end = start + length + 2;
  if (buffer.length < end) {
    return { needBytes: end };
  }
  return { reply: { kind: "bulk", value: buffer.subarray(start, start + length) }, end };
}

function parseArray(buffer: Buffer, start: number, count: number): ParseStep {
  if (count < 0) {
    return { reply: { kind: "nil" }, end: start };
  }
  const items: RespReply[] = [];
  let offset = start;
  for (let i = 0; i < count; i++) {
    const step = parseReply(buffer, offset);
    if ("needBytes" in step) {
      return step;
    }
    items.push(step.reply);
    offset = step.end;
  }
  return { reply: { kind: "array", items }, end: offset };
}

/** Returns the index of the CR of the next CRLF at or after start, or -1. */
function findLineEnd(buffer: Buffer, start: number): number {
  let index = buffer.indexOf(CR, start);
  while (index >= 0 && index + 1 < buffer.length) {
    if (buffer[index + 1] === 0x0a) {
      return index;
    }
    index = buffer.indexOf(CR, index + 1);
  }
  return -1;
}

function checkInteger(text: string): string {
  if (!/^-?\d+$/.test(text)) {
    throw new RespProtocolError(`invalid RESP2 integer "${text}"`);
  }
  return text;
}

function parseLength(text: string): number {
  const length = Number(checkInteger(text));
  if (!Number.isSafeInteger(length) || length < -1) {
    throw new RespProtocolError(`invalid RESP2 length "${text}"`);
  }
  return length;
}
