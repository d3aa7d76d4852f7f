// RESP2 request encoding: every command goes to Redis as an array of bulk
// strings, which is the only request form Redis accepts besides inline text.

const CRLF = "\r\n";

/** Encodes one command (name and arguments) as a RESP2 array of bulk strings. */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}${CRLF}`)];
  for (const arg of args) {
    const bytes = typeof arg === "string" ? Buffer.from(arg, "utf8") : arg;
    parts.push(Buffer.from(`$${bytes.length}${CRLF}`), bytes, Buffer.from(CRLF));
  }
  return Buffer.concat(parts);
}
