// Walks that end, against real local servers: a server that keeps a walk going with empty pages or
// the same customers under fresh tokens, next links with credentials or oversized tokens, and items
// that are not objects all end the walk with an UnexpectedResponseError that says why; a very long
// walk of 16,000-character tokens still runs to its end.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "../../src/client/errors/errors.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

/** The walk's items up to its error, and the error (it must fail). */
async function failing<T>(
  iterable: AsyncIterable<T>,
): Promise<{ seen: T[]; error: UnexpectedResponseError }> {
  const seen: T[] = [];
  try {
    for await (const item of iterable) seen.push(item);
  } catch (error) {
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    return { seen, error: error as UnexpectedResponseError };
  }
  throw new Error("the walk did not fail");
}

/** A next link the customer server answers as a first page (no seek), with a fresh token each time. */
function freshNext(n: number) {
  return {
    next: {
      uri: `/v1/customers?size=2&page=${n}`,
      headers: [{ key: "MS-ContinuationToken", value: `fresh-token-${n}` }],
    },
  };
}

describe("a server that would keep a walk going for ever", () => {
  it("ends after 3 empty pages in a row that still have a next link (the 4th is refused)", async () => {
    let n = 0;
    const server = await start({ transformPage: () => ({ items: [], links: freshNext(++n) }) });
    const { seen, error } = await failing(clientFor(server).customers.list({ size: 2 }));
    expect(seen).toEqual([]);
    expect(error.message).toContain(
      "is empty and still has a next link, after 3 empty pages like it in a row, so the walk would not end",
    );
    expect(server.requests).toHaveLength(4);
  });

  it("byPage() hands out the 3 empty pages, then fails", async () => {
    let n = 0;
    const server = await start({ transformPage: () => ({ items: [], links: freshNext(++n) }) });
    const { seen } = await failing(clientFor(server).customers.list({ size: 2 }).byPage());
    expect(seen.map((page) => page.items)).toEqual([[], [], []]);
  });

  it("accepts up to 3 empty pages in a row before customers come again", async () => {
    let n = 0;
    const server = await start({
      customers: 4,
      transformPage: (page) => {
        n++;
        if (n === 1) return { ...page, links: freshNext(n) };
        if (n < 5) return { items: [], links: freshNext(n) };
        return { items: server.customers.slice(2), links: {} };
      },
    });
    expect(await collect(clientFor(server).customers.list({ size: 2 }))).toEqual(server.customers);
    expect(server.requests).toHaveLength(5);
  });

  it("ends when a page repeats the previous page's customers under a fresh token, without handing them out twice", async () => {
    let n = 0;
    const server = await start({
      customers: 6,
      transformPage: (page) => ({ ...page, links: freshNext(++n) }),
    });
    const { seen, error } = await failing(clientFor(server).customers.list({ size: 2 }));
    expect(seen).toEqual(server.customers.slice(0, 2));
    expect(error.message).toContain(
      "its items are the same customers (same ids, same order) as the previous page's, so the walk would repeat them without end",
    );
    expect(server.requests).toHaveLength(2);
  });

  it("ends when pages take turns under fresh tokens (A, B, A…), before the first repeat is handed out", async () => {
    let n = 0;
    const server = await start({
      customers: 4,
      transformPage: () => {
        n++;
        return { items: server.customers.slice(n % 2 ? 0 : 2, n % 2 ? 2 : 4), links: freshNext(n) };
      },
    });
    const { seen, error } = await failing(clientFor(server).customers.list({ size: 2 }));
    expect(seen).toEqual(server.customers);
    expect(error.message).toContain(
      "its items are the same customers (same ids, same order) as an earlier page's",
    );
    expect(server.requests).toHaveLength(3);
  });
});

describe("next links the client refuses at once", () => {
  it.each([
    ["an absolute URL", (origin: string) => origin.replace("http://", "http://u:p@")],
    ["a scheme-relative URL", (origin: string) => origin.replace("http://", "//u:p@")],
    ["a user name only", (origin: string) => origin.replace("http://", "http://svc@")],
  ])("a next link whose URL carries credentials (%s): not retried, not quoted", async (_, withUser) => {
    const server = await start({
      customers: 4,
      transformPage: (page) => {
        const next = page.links?.next;
        if (next) next.uri = `${withUser(server.url)}${next.uri}`;
        return page;
      },
    });
    const { seen, error } = await failing(clientFor(server).customers.list({ size: 2 }));
    expect(seen).toEqual(server.customers.slice(0, 2));
    expect(error.message).toContain(
      "its next link's URL carries a user name or password; it was not followed",
    );
    expect(error.message).not.toMatch(/u:p|svc@/);
    expect(server.requests).toHaveLength(1);
  });

  it.each([16_385, 1_000_000])(
    "a next link whose continuation token has %i characters (more than the client's own 16,384)",
    async (length) => {
      const server = await start({
        customers: 4,
        transformPage: (page) => {
          const header = page.links?.next?.headers[0];
          if (header) header.value = "A".repeat(length);
          return page;
        },
      });
      const { error } = await failing(clientFor(server).customers.list({ size: 2 }));
      expect(error.message).toContain(
        `its next link's continuation token is ${length} characters long, more than the 16384 the client accepts; it was not followed`,
      );
      expect(server.requests).toHaveLength(1);
    },
  );
});

describe("items that are not customers", () => {
  it.each([
    [[null], "its items[0] is null, not an object"],
    [["first", 2], "its items[0] is a string, not an object"],
    [[{ id: "a" }, 42], "its items[1] is a number, not an object"],
    [[{ id: "a" }, []], "its items[1] is an array, not an object"],
  ])("items %j end the walk with an UnexpectedResponseError", async (items, problem) => {
    const server = await start({ transformPage: () => ({ items, links: {} }) });
    const { seen, error } = await failing(clientFor(server).customers.list());
    expect(seen).toEqual([]);
    expect(error.message).toContain(problem);
  });
});

describe("a long walk of huge continuation tokens", () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  /** Pages of one customer each, every next link with its own 16,000-character token. */
  async function hugeTokenServer(pages: number): Promise<{ url: string; requests: () => number }> {
    let requests = 0;
    // Node's default limit on request headers is 16 KiB; these requests carry a little more.
    const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
      requests++;
      const page = Number(new URL(req.url ?? "/", "http://localhost").searchParams.get("page") ?? "0");
      const token = `${page + 1}-`.padEnd(16_000, "t");
      const body = {
        items: [{ id: `customer-${page}` }],
        links:
          page + 1 < pages
            ? {
                next: {
                  uri: `/v1/customers?page=${page + 1}`,
                  headers: [{ key: "MS-ContinuationToken", value: token }],
                },
              }
            : {},
      };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
  }

  it("walks 5,000 pages of 16,000-character tokens to the end (the loop guard keeps hashes, see rate-limit.test.ts)", async () => {
    const server = await hugeTokenServer(5_000);
    let pages = 0;
    for await (const page of clientFor(server).customers.list().byPage()) {
      expect(page.items).toEqual([{ id: `customer-${pages}` }]);
      pages++;
    }
    expect(pages).toBe(5_000);
    expect(server.requests()).toBe(5_000);
  }, 180_000);
});
