// `record` reads bodies only through the client's bounded reader (maxResponseBytes, 32 MiB by
// default, counted after decoding): an endless body and a gzip bomb end at once with the client's
// body-limit error, without downloading or holding more. A file that cannot be written (a full
// disk) is a file error that names the file, never a network failure, never retried.
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CustomerServer, startCustomerServer } from "../helpers/customer-server.js";
import { type FullDisk, fullDisk } from "./full-disk.js";
import { pc, tempDir } from "./helpers.js";

const MiB = 1024 * 1024;
/** The client's default maxResponseBytes. */
const LIMIT = 32 * MiB;
const TOKEN = "plain-opaque-token-0123456789";
const RSS_PRELOAD = join(import.meta.dirname, "fixtures", "report-max-rss.mjs");

let tmp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("pc-record-limits-");
});
afterAll(async () => {
  await tmp.remove();
});

/** A server whose every answer is `body()` streamed with back-pressure; counts what it sent. */
interface StreamingServer {
  url: string;
  requests: number;
  /** Bytes handed to the socket (compressed ones, for a gzip body). */
  sent: number;
  close(): Promise<void>;
}

async function streamingServer(
  body: () => Readable,
  headers: Record<string, string>,
): Promise<StreamingServer> {
  const state = { requests: 0, sent: 0 };
  const server: Server = createServer((_req, res) => {
    state.requests++;
    res.writeHead(200, { "content-type": "application/json", ...headers });
    const source = body();
    source.on("data", (chunk: Buffer) => {
      state.sent += chunk.length;
      if (!res.write(chunk)) source.pause();
    });
    res.on("drain", () => source.resume());
    source.on("end", () => res.end());
    res.on("close", () => source.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get sent() {
      return state.sent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `total` bytes of JSON whitespace after an opening brace, 64 KiB at a time, made as they are read. */
function spaces(total: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let produced = 0;
  return new Readable({
    read() {
      if (produced === 0) {
        produced = 1;
        this.push("{");
        return;
      }
      if (produced >= total) {
        this.push(null);
        return;
      }
      produced += chunk.length;
      this.push(chunk);
    },
  });
}

let streaming: StreamingServer | undefined;
let server: CustomerServer | undefined;
afterEach(async () => {
  await streaming?.close();
  streaming = undefined;
  await server?.close();
  server = undefined;
});

describe("pc-customers record reads bodies through the client's bounded reader", () => {
  it("stops an endless body at the client's limit: the server gets to send little more than the limit", async () => {
    // Endless for the client: 256 MiB (eight times the limit), so that a run that reads it all ends too.
    streaming = await streamingServer(() => spaces(256 * MiB), {});
    const out = join(tmp.dir, "endless");
    const run = await pc(["record", "--out", out, "--base-url", streaming.url], {
      env: { PARTNER_CENTER_TOKEN: TOKEN },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("larger than the maxResponseBytes limit of 33554432 bytes (decoded)");
    expect(streaming.requests).toBe(1);
    // What the client read, plus what the sockets' buffers hold: never the rest of the body.
    expect(streaming.sent).toBeLessThan(LIMIT + 24 * MiB);
    expect(readdirSync(out)).toEqual([]);
  });

  it("stops a gzip bomb at the client's limit, counted after decoding: the process's memory stays bounded", async () => {
    // 1 GiB of spaces, gzipped to about 1 MiB as it is sent.
    streaming = await streamingServer(() => spaces(1024 * MiB).pipe(createGzip({ level: 1 })), {
      "content-encoding": "gzip",
    });
    const out = join(tmp.dir, "bomb");
    const rssFile = join(tmp.dir, "bomb.maxrss");
    const run = await pc(["record", "--out", out, "--base-url", streaming.url], {
      env: {
        PARTNER_CENTER_TOKEN: TOKEN,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${RSS_PRELOAD}`.trim(),
        PC_TEST_MAX_RSS_FILE: rssFile,
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("larger than the maxResponseBytes limit of 33554432 bytes (decoded)");
    expect(streaming.requests).toBe(1);
    // The client's text and the tap's copy (each at most the limit) on top of the runtime: reading
    // the whole decoded body would take over a gigabyte.
    const maxRssKiB = Number(readFileSync(rssFile, "utf8"));
    expect(maxRssKiB).toBeGreaterThan(0);
    expect(maxRssKiB * 1024).toBeLessThan(512 * MiB);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("pc-customers record on a full disk", () => {
  let disk: FullDisk;
  beforeAll(() => {
    disk = fullDisk(join(tmp.dir, "full-disk"));
  });
  afterAll(() => {
    disk.remove();
  });

  it("reports ENOSPC as a file error that names the file, and retries nothing", async () => {
    // Pages of 20 customers (about 13 KB a file): the 64 KiB disk is full after a few (simulated:
    // from the fourth page on).
    server = await startCustomerServer({ customers: 400 });
    const out = join(disk.dir, "recordings");
    const run = await pc(["record", "--out", out, "--base-url", server.url, "--size", "20"], {
      env: { PARTNER_CENTER_TOKEN: TOKEN, ...disk.env(/\.page-00[4-9]\.json\.[0-9a-f]+\.tmp$/) },
    });
    expect(run.code).toBe(1);
    const files = readdirSync(out).sort();
    const failedPage = `page-${String(files.length + 1).padStart(3, "0")}.json`;
    expect(files.length).toBeGreaterThan(0);
    expect(run.stderr).toContain(
      `cannot write ${join(out, failedPage)}: the disk is full (ENOSPC). Free some space or write somewhere else, then run again.`,
    );
    expect(run.stderr).not.toMatch(/reachable|attempts|network/i);
    // Every page was asked for once: the failed write was not retried as a network failure.
    expect(server.requests).toHaveLength(files.length + 1);
    expect(new Set(server.requests.map((r) => r.headers["ms-continuationtoken"] ?? "")).size).toBe(
      files.length + 1,
    );
    // No temporary file is left behind.
    expect(files.every((name) => /^page-\d{3}\.json$/.test(name))).toBe(true);
  });
});
