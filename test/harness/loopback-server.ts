import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A test server listening on a free port of 127.0.0.1. */
export interface LoopbackServer {
  url: string;
  port: number;
  /** Closes open connections too, so keep-alive sockets do not hold the close. */
  close(): Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1 and resolves once it listens. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
