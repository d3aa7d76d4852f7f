// RESP2 reply values as the parser produces them. The kinds stay distinct
// because the REST layer encodes each one differently (an integer becomes a
// JSON number, a status or bulk string becomes a possibly base64 string, an
// error becomes an {"error"} item).

export type RespReply =
  | { kind: "status"; value: Buffer }
  | { kind: "error"; message: string }
  /** Decimal digits exactly as Redis sent them, so int64 values stay exact. */
  | { kind: "integer"; digits: string }
  | { kind: "bulk"; value: Buffer }
  /** A nil bulk string ($-1) or a nil array (*-1). */
  | { kind: "nil" }
  | { kind: "array"; items: RespReply[] };
