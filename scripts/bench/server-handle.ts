import { firstMessage, forkTs, stop } from "./children.js";

/** A running paging server process. */
export interface PagingServer {
  /** Base URL, such as `http://127.0.0.1:40123`. */
  url: string;
  pages: number;
  pageSize: number;
  stop(): Promise<void>;
}

/** Starts `paging-server.ts` in its own process and waits until it listens. */
export async function startPagingServer(pages: number, pageSize: number): Promise<PagingServer> {
  const child = forkTs("paging-server.ts", [String(pages), String(pageSize)]);
  const { port } = await firstMessage<{ port: number }>(child);
  return { url: `http://127.0.0.1:${port}`, pages, pageSize, stop: () => stop(child) };
}
