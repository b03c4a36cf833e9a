// Bounded responses: a body is counted in decoded bytes as it streams and refused at
// maxResponseBytes, gzip bombs included, with one request and a clear error.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_RESPONSE_BYTES, UnexpectedResponseError } from "../../src/client/index.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";
import { rawServersClosedAfterEach } from "../helpers/raw-server.js";

const start = serversClosedAfterEach();
const serve = rawServersClosedAfterEach();

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as Error,
  );

describe("maxResponseBytes", () => {
  it("refuses a gzip bomb at the default limit: one request, bounded memory, a catchable error", async () => {
    // 16 MiB of spaces (valid JSON whitespace) per gzip member (about 16 KB compressed), 24 members: 384 MiB
    // once decoded, under 1 MB on the wire.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024, " "), { level: 9 });
    const server = await serve((res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
      let sent = 0;
      const pump = () => {
        while (sent < 24 && !res.destroyed) {
          sent++;
          if (!res.write(member)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.socket?.on("error", () => {});
      pump();
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await failure(collect(clientFor(server, { baseUrl: server.url }).customers.list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain(`maxResponseBytes limit of ${DEFAULT_MAX_RESPONSE_BYTES} bytes`);
    expect(server.requests()).toBe(1);
    // The text held is at most the limit (about 2 bytes a character in the heap), far below 384 MiB.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(160 * 1024 * 1024);
  });

  it.each([
    ["with a Content-Length", true],
    ["streamed without a length", false],
  ])("refuses a plain body over the limit %s, without downloading it again", async (_, withLength) => {
    const body = `{"items":[${'"x",'.repeat(300_000)}"x"]}`;
    const server = await serve((res) => {
      res.writeHead(200, {
        "Content-Type": "application/json",
        ...(withLength ? { "Content-Length": Buffer.byteLength(body) } : {}),
      });
      res.end(body);
    });
    const client = clientFor(server, {
      baseUrl: server.url,
      maxResponseBytes: 1_000_000,
    });
    const error = await failure(collect(client.customers.list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(
      /larger than the maxResponseBytes limit of 1000000 bytes.*raise the client's maxResponseBytes option/,
    );
    expect(server.requests()).toBe(1);
  });

  it("refuses an error body over the limit too", async () => {
    const server = await start({
      faults: {
        1: { kind: "raw", status: 500, headers: { "Content-Type": "text/html" }, body: "x".repeat(5000) },
      },
    });
    const error = await failure(collect(clientFor(server, { maxResponseBytes: 4096 }).customers.list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(server.requests).toHaveLength(1);
  });

  it("reads a page up to the limit, through a custom fetch as well", async () => {
    const server = await start({ customers: 50 });
    const client = clientFor(server, { maxResponseBytes: 100_000, fetch: (request) => fetch(request) });
    expect(await collect(client.customers.list())).toHaveLength(50);
  });
});
