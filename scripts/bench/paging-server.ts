/**
 * The paging server, run as its own process (`fork` with an IPC channel) so that it never competes
 * with the code being measured for the event loop. Arguments: `<pages> [pageSize]`. Every body is
 * serialised before it listens; it then reports `{ port }` over IPC and serves until killed.
 *
 * `GET /v1/customers` answers page 0; with `MS-ContinuationToken` it answers the page the token
 * leads to. Anything else is a 404 (a broken paging loop fails loudly instead of looping).
 */
import { createServer } from "node:http";
import { PAGE_SIZE, page, pageOfToken } from "./fixtures.js";

const pages = Number(process.argv[2] ?? 300);
const size = Number(process.argv[3] ?? PAGE_SIZE);
const bodies = Array.from({ length: pages }, (_, i) => Buffer.from(JSON.stringify(page(i, pages, size))));
const notFound = Buffer.from(
  JSON.stringify({ code: 600008, description: "no such page", data: [], source: "bench" }),
);

const server = createServer((req, res) => {
  const path = (req.url ?? "").split("?", 1)[0];
  const token = req.headers["ms-continuationtoken"];
  const index = typeof token === "string" ? pageOfToken(token) : 0;
  const body = path === "/v1/customers" && index !== undefined ? bodies[index] : undefined;
  const headers: Record<string, string | number> = {
    "content-type": "application/json; charset=utf-8",
    "ms-requestid": String(req.headers["ms-requestid"] ?? "00000000-0000-4000-8000-000000000000"),
    "ms-correlationid": String(req.headers["ms-correlationid"] ?? "00000000-0000-4000-8000-000000000000"),
  };
  if (body === undefined) {
    res.writeHead(404, { ...headers, "content-length": notFound.length });
    res.end(notFound);
    return;
  }
  res.writeHead(200, { ...headers, "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (typeof address === "object" && address) process.send?.({ port: address.port });
});
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
