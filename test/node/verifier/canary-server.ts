// An HTTP server on 127.0.0.1 that counts every request it receives, so a test
// can assert that the verifier never fetched a URL named in a token.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface CanaryServer {
  /** Base URL, such as http://127.0.0.1:40123. */
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startCanaryServer(): Promise<CanaryServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? "");
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
