// Finds a TCP port on 127.0.0.1 that is free at the moment of the call.

import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * Returns a port that the OS reported free. Another process may take it
 * before the caller binds it, so callers retry on "address in use".
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
