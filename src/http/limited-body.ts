/**
 * Reads a request body of at most `maxBytes` bytes, or returns "too-large".
 * A declared Content-Length over the limit is rejected before any read. A
 * body sent without one (chunked) is read only until it passes the limit, so
 * a large body is never buffered whole. Returns null when there is no body.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array | null | "too-large"> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > maxBytes) return "too-large";
  if (!request.body) return null;

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      return "too-large";
    }
    chunks.push(value);
  }
  return concatenate(chunks, length);
}

function concatenate(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
