// RESP2 parser: reply kinds and replies split across chunks at any byte.

import { describe, expect, it } from "vitest";
import { encodeCommand } from "../../../upstash-local/resp-encode.ts";
import { RespParser, RespProtocolError } from "../../../upstash-local/resp-parser.ts";
import type { RespReply } from "../../../upstash-local/resp-reply.ts";

const stream = Buffer.from(
  "+OK\r\n" +
    "-ERR bad thing\r\n" +
    ":9223372036854775807\r\n" +
    "$5\r\nhe\r\no\r\n" +
    "$0\r\n\r\n" +
    "$-1\r\n" +
    "*-1\r\n" +
    "*3\r\n:1\r\n*2\r\n$1\r\na\r\n+PONG\r\n$-1\r\n" +
    "*0\r\n",
);

const expected: RespReply[] = [
  { kind: "status", value: Buffer.from("OK") },
  { kind: "error", message: "ERR bad thing" },
  { kind: "integer", digits: "9223372036854775807" },
  { kind: "bulk", value: Buffer.from("he\r\no") },
  { kind: "bulk", value: Buffer.alloc(0) },
  { kind: "nil" },
  { kind: "nil" },
  {
    kind: "array",
    items: [
      { kind: "integer", digits: "1" },
      { kind: "array", items: [{ kind: "bulk", value: Buffer.from("a") }, { kind: "status", value: Buffer.from("PONG") }] },
      { kind: "nil" },
    ],
  },
  { kind: "array", items: [] },
];

describe("RespParser", () => {
  it("parses every reply kind", () => {
    expect(new RespParser().push(stream)).toEqual(expected);
  });

  it("parses byte-by-byte input", () => {
    const parser = new RespParser();
    const replies: RespReply[] = [];
    for (const byte of stream) {
      replies.push(...parser.push(Buffer.from([byte])));
    }
    expect(replies).toEqual(expected);
  });

  it("parses at every split point", () => {
    for (let split = 1; split < stream.length; split++) {
      const parser = new RespParser();
      const replies = [...parser.push(stream.subarray(0, split)), ...parser.push(stream.subarray(split))];
      expect(replies).toEqual(expected);
    }
  });

  it("large bulk across chunks", () => {
    const value = Buffer.alloc(1_000_000, 0x61);
    const message = Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from("\r\n")]);
    const parser = new RespParser();
    const replies: RespReply[] = [];
    for (let offset = 0; offset < message.length; offset += 65_536) {
      replies.push(...parser.push(message.subarray(offset, offset + 65_536)));
    }
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply?.kind).toBe("bulk");
    expect(reply?.kind === "bulk" && reply.value.equals(value)).toBe(true);
  });

  it("invalid type byte throws", () => {
    expect(() => new RespParser().push(Buffer.from("?x\r\n"))).toThrow(RespProtocolError);
  });
});

describe("encodeCommand", () => {
  it("encodes bulk string array", () => {
    expect(encodeCommand(["SET", "k", "é"]).toString("utf8")).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
  });
});
