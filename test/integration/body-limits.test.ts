// maxResponseBytes where the shortcuts end: a chunked body (no Content-Length) and a small gzip
// body that inflates past the limit are still counted; a custom fetch's Content-Length is not
// trusted; a body of exactly the limit is read; a character split across chunks is decoded whole.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "../../src/client/index.js";
import { clientFor, collect } from "../helpers/client-harness.js";
import { rawServersClosedAfterEach } from "../helpers/raw-server.js";

const serve = rawServersClosedAfterEach();

/** A page whose JSON is exactly `bytes` long. */
function pageOf(bytes: number): string {
  const base = JSON.stringify({ items: [], pad: "" });
  return JSON.stringify({ items: [], pad: "x".repeat(bytes - base.length) });
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => error,
  );

describe("maxResponseBytes counts what it cannot trust", () => {
  it("refuses a chunked body (no Content-Length) past the limit", async () => {
    const server = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(pageOf(3000).slice(0, 1500));
      res.end(pageOf(3000).slice(1500));
    });
    const error = await outcome(collect(clientFor(server, { maxResponseBytes: 1000 }).customers.list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/larger than the maxResponseBytes limit of 1000 bytes/);
  });

  it("refuses a gzip body whose compressed length is within the limit but whose content is not", async () => {
    const zipped = gzipSync(pageOf(5000));
    expect(zipped.length).toBeLessThan(1000);
    const server = await serve((res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": zipped.length,
      });
      res.end(zipped);
    });
    const error = await outcome(collect(clientFor(server, { maxResponseBytes: 1000 }).customers.list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });

  it("does not trust a custom fetch's Content-Length", async () => {
    const client = clientFor(
      { url: "http://127.0.0.1:9" },
      {
        maxResponseBytes: 1000,
        fetch: async () =>
          new Response(pageOf(3000), {
            headers: { "content-type": "application/json", "content-length": "10" },
          }),
      },
    );
    const error = await outcome(collect(client.customers.list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/larger than the maxResponseBytes limit of 1000 bytes/);
  });

  it("reads a chunked body of exactly the limit", async () => {
    const server = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(pageOf(1000).slice(0, 500));
      res.end(pageOf(1000).slice(500));
    });
    expect(await outcome(collect(clientFor(server, { maxResponseBytes: 1000 }).customers.list()))).toBe("ok");
  });

  it("decodes a character whose UTF-8 bytes arrive in two chunks", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ items: [{ name: "Zoë" }] }));
    const split = bytes.indexOf(0xc3) + 1;
    const client = clientFor(
      { url: "http://127.0.0.1:9" },
      {
        fetch: async () =>
          new Response(
            new ReadableStream({
              start(controller) {
                controller.enqueue(bytes.slice(0, split));
                controller.enqueue(bytes.slice(split));
                controller.close();
              },
            }),
            { headers: { "content-type": "application/json" } },
          ),
      },
    );
    expect(await collect(client.customers.list())).toEqual([{ name: "Zoë" }]);
  });

  it("reads a custom fetch's response without a body as empty", async () => {
    const client = clientFor(
      { url: "http://127.0.0.1:9" },
      {
        retry: false,
        fetch: async () => new Response(null, { status: 500 }),
      },
    );
    const error = await outcome(collect(client.customers.list()));
    expect((error as Error).message).toMatch(/failed with 500; no content type, empty body/);
  });
});

describe("a declared length over the limit", () => {
  it("is turned down before any of the body arrives", async () => {
    // The server promises more than the limit and then sends nothing: waiting for the body would
    // end in a timeout (or, for a slow server, a download of up to the limit) instead.
    const server = await serve((res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
      res.flushHeaders();
    });
    const client = clientFor(server, { maxResponseBytes: 1000, timeoutMs: 3_000, retry: false });
    const error = await outcome(collect(client.customers.list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/larger than the maxResponseBytes limit of 1000 bytes/);
  });
});
