// A real HTTP server on 127.0.0.1 whose every answer is written by the test, for bodies no
// well-behaved server sends (chunked past a limit, gzip bombs, torn characters). Every server a
// test file starts is closed after each test.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/** A started raw server: its base URL and how many requests it has answered. */
export interface RawServer {
  readonly url: string;
  requests(): number;
}

/** Registers the clean-up in the calling test file; returns `serve(write)` to start a server. */
export function rawServersClosedAfterEach(): (write: (res: ServerResponse) => void) => Promise<RawServer> {
  const open: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      open.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });
  return async (write) => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      write(res);
    });
    open.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
  };
}
