// What a hostile or sloppy server can put in a page's links, against a real local server: the
// client follows what is usable, stops with an UnexpectedResponseError at what is not, and never
// lets a next link choose a header that belongs to the client or the connection.
import { describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "../../src/client/errors/errors.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

/** The walk's error (it must fail), and how many requests reached the server. */
async function failedWalk(body: unknown): Promise<{ error: UnexpectedResponseError; requests: number }> {
  const server = await start({ transformPage: () => body });
  const error = await collect(clientFor(server).customers.list()).then(
    () => new Error("the walk did not fail"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  return { error: error as UnexpectedResponseError, requests: server.requests.length };
}

describe("a next link cannot choose the client's or the connection's headers", () => {
  it.each(["Host", "Cookie", "host", "COOKIE"])(
    "refuses a next link that asks for %s, before anything is sent to it",
    async (key) => {
      const value = key.toLowerCase() === "host" ? "evil.example" : "session=stolen";
      // A custom fetch (a proxy library, a recorder) would see the Request as the client built it.
      const built: Request[] = [];
      const server = await start({
        customers: 2,
        transformPage: (page) => {
          page.links?.next?.headers.push({ key, value });
          return page;
        },
      });
      const client = clientFor(server, {
        fetch: (request) => {
          built.push(request);
          return fetch(request);
        },
      });
      const error = await collect(client.customers.list({ size: 1 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as Error).message).toContain(`its next link asks for the header "${key}"`);
      expect(server.requests).toHaveLength(1);
      expect(built).toHaveLength(1);
      expect(server.requests[0]?.headers.cookie).toBeUndefined();
    },
  );
});

describe("next links the client follows", () => {
  it("follows a links.next without headers, and stops at the page whose links is null", async () => {
    const server = await start({
      customers: 3,
      transformPage: (page, { request }) =>
        request.url === "/v1/customers?size=2"
          ? { ...page, links: { next: { uri: "/v1/customers?size=3" } } }
          : { ...page, links: null },
    });
    const customers = await collect(clientFor(server).customers.list({ size: 2 }));
    expect(customers).toEqual([...server.customers.slice(0, 2), ...server.customers]);
    expect(server.requests.map((r) => r.url)).toEqual(["/v1/customers?size=2", "/v1/customers?size=3"]);
    expect(server.requests[1]?.headers["ms-continuationtoken"]).toBeUndefined();
  });

  it("ends the walk at a page whose links is null", async () => {
    const server = await start({ customers: 3, transformPage: (page) => ({ ...page, links: null }) });
    const customers = await collect(clientFor(server).customers.list({ size: 2 }));
    expect(customers).toEqual(server.customers.slice(0, 2));
    expect(server.requests).toHaveLength(1);
  });

  it("resolves a relative uri without a leading slash under /v1 (customers?… is /v1/customers?…)", async () => {
    const server = await start({
      customers: 3,
      transformPage: (page) => {
        const next = page.links?.next;
        if (next) next.uri = next.uri.replace(/^\/v1\//, "");
        return page;
      },
    });
    expect(await collect(clientFor(server).customers.list({ size: 2 }))).toEqual(server.customers);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/v1/customers?size=2",
      "/v1/customers?size=2&seekOperation=Next",
    ]);
  });

  it("keys loop detection on the continuation token, not on the link's last header", async () => {
    // Every page's link ends with the same extra header; the tokens differ, so this is no loop.
    const server = await start({
      customers: 5,
      transformPage: (page) => {
        page.links?.next?.headers.push({ key: "X-Trace", value: "same-on-every-page" });
        return page;
      },
    });
    expect(await collect(clientFor(server).customers.list({ size: 2 }))).toEqual(server.customers);
    expect(server.requests).toHaveLength(3);
  });

  it("detects a repeated continuation token even when a later header of the link changes", async () => {
    let counter = 0;
    let firstToken: string | undefined;
    const server = await start({
      customers: 10,
      transformPage: (page, context) => {
        firstToken ??= context.nextToken;
        const next = page.links?.next;
        if (next) {
          next.headers = [
            { key: "MS-ContinuationToken", value: firstToken ?? "" },
            { key: "X-Trace", value: `trace-${++counter}` },
          ];
        }
        return page;
      },
    });
    const error = await collect(clientFor(server).customers.list({ size: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/repeats the continuation token of an earlier page/);
    // The body is fine; only the link is not, so the error shows no body.
    expect((error as UnexpectedResponseError).bodyPreview).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("follows a link whose URL repeats when its continuation token is new (the service's own paging)", async () => {
    // The service sends the same uri on every page; only the token moves the walk on.
    const server = await start({ customers: 7 });
    expect(await collect(clientFor(server).customers.list({ size: 2 }))).toEqual(server.customers);
    expect(new Set(server.requests.slice(1).map((r) => r.url)).size).toBe(1);
    expect(server.requests).toHaveLength(4);
  });
});

describe("pages and next links the client refuses, before following them", () => {
  it("refuses a 200 whose body is null, saying it is not a collection", async () => {
    const { error, requests } = await failedWalk(null);
    expect(error.message).toMatch(/its body is not a collection \(no items array\)/);
    expect(error.bodyPreview).toBe("null");
    expect(requests).toBe(1);
  });

  it.each<[string, unknown]>([
    ["headers as an object", { "MS-ContinuationToken": "t" }],
    ["headers with a null entry", [null]],
    ["headers with an entry without a key", [{ value: "t" }]],
    ["headers with a numeric key", [{ key: 1, value: "t" }]],
    ["headers as a string", "MS-ContinuationToken: t"],
  ])("refuses a next link with %s", async (_what, headers) => {
    const { error, requests } = await failedWalk({
      items: [],
      links: { next: { uri: "/v1/customers?seekOperation=Next", headers } },
    });
    expect(error.message).toMatch(/its links\.next is not a link/);
    expect(requests).toBe(1);
  });

  it.each<[string, unknown]>([
    ["an empty uri", ""],
    ["no uri", undefined],
  ])("refuses a next link with %s", async (_what, uri) => {
    const { error, requests } = await failedWalk({ items: [], links: { next: { uri, headers: [] } } });
    expect(error.message).toMatch(/its links\.next is not a link/);
    expect(requests).toBe(1);
  });

  it("refuses a next link that is a string rather than an object", async () => {
    const { error } = await failedWalk({ items: [], links: { next: "/v1/customers?seekOperation=Next" } });
    expect(error.message).toMatch(/its links\.next is not a link/);
  });

  it.each<[string, unknown]>([
    ["123", 123],
    ["null", null],
    ["missing", undefined],
  ])("refuses a next-link header whose value is %s, not a string", async (_what, value) => {
    const { error, requests } = await failedWalk({
      items: [],
      links: { next: { uri: "/v1/customers", headers: [{ key: "MS-ContinuationToken", value }] } },
    });
    expect(error.message).toMatch(/its next link has an invalid header "MS-ContinuationToken"/);
    expect(requests).toBe(1);
  });

  it("refuses a next-link header with a NUL in its value or an empty name", async () => {
    for (const header of [
      { key: "MS-ContinuationToken", value: "a\0b" },
      { key: "", value: "t" },
    ]) {
      const { error } = await failedWalk({
        items: [],
        links: { next: { uri: "/v1/customers", headers: [header] } },
      });
      expect(error.message).toMatch(/its next link has an invalid header/);
    }
  });
});
