import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { isUnexpectedResponseError, UnexpectedResponseError } from "../../src/client/errors/errors.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";
import { makeCustomers } from "../helpers/customer-server.js";

const start = serversClosedAfterEach();
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("customers.list() paging", () => {
  it("yields every customer of every page, in order, then stops at the page without links.next", async () => {
    const server = await start({ customers: 95 });
    const customers = await collect(clientFor(server).customers.list({ size: 40 }));
    expect(customers).toEqual(server.customers);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/v1/customers?size=40",
      "/v1/customers?size=40&seekOperation=Next",
      "/v1/customers?size=40&seekOperation=Next",
    ]);
  });

  it("gives the pages themselves with byPage()", async () => {
    const server = await start({ customers: 5 });
    const pages = await collect(clientFor(server).customers.list({ size: 2 }).byPage());
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
    expect(pages.map((page) => page.links?.next === undefined)).toEqual([false, false, true]);
    expect(pages.flatMap((page) => page.items)).toEqual(server.customers);
  });

  it("sends each links.next header (the MS-ContinuationToken) on the next request", async () => {
    const nextTokens: (string | undefined)[] = [];
    const server = await start({
      customers: 3,
      transformPage: (page, context) => {
        nextTokens.push(context.nextToken);
        const next = page.links?.next;
        if (next) next.headers.push({ key: "X-Extra", value: `page-${context.offset}` });
        return page;
      },
    });
    await collect(clientFor(server).customers.list({ size: 1 }));
    expect(server.requests.map((r) => r.headers["ms-continuationtoken"])).toEqual([
      undefined,
      ...nextTokens.slice(0, 2),
    ]);
    expect(server.requests.map((r) => r.headers["x-extra"])).toEqual([undefined, "page-0", "page-1"]);
  });

  it("prefixes /v1 to a next uri that lacks it, and otherwise sends the uri exactly as given", async () => {
    const server = await start({
      customers: 3,
      linkPrefix: "",
      transformPage: (page) => {
        const next = page.links?.next;
        // An already-encoded value and an odd parameter order must survive untouched.
        if (next) next.uri = `${next.uri}&x=a%2Fb%20c&empty=`;
        return page;
      },
    });
    await collect(clientFor(server).customers.list({ size: 1 }));
    expect(server.requests.slice(1).map((r) => r.url)).toEqual([
      "/v1/customers?size=1&seekOperation=Next&x=a%2Fb%20c&empty=",
      "/v1/customers?size=1&seekOperation=Next&x=a%2Fb%20c&empty=",
    ]);
  });

  it("follows an absolute next link on the API's own origin", async () => {
    const server = await start({
      customers: 2,
      transformPage: (page) => {
        const next = page.links?.next;
        if (next) next.uri = `${server.url}${next.uri}`;
        return page;
      },
    });
    expect(await collect(clientFor(server).customers.list({ size: 1 }))).toEqual(server.customers);
  });

  it("keeps a base URL's path (a proxy prefix) for every page", async () => {
    const server = await start({ customers: 0 });
    const seen: string[] = [];
    const client = clientFor(server, {
      baseUrl: `${server.url}/proxy/`,
      fetch: async (request) => {
        seen.push(request.url);
        const first = !request.headers.has("ms-continuationtoken");
        const body = {
          totalCount: 0,
          items: [],
          links: first
            ? {
                next: {
                  uri: "/customers?seekOperation=Next",
                  method: "GET",
                  headers: [{ key: "MS-ContinuationToken", value: "t" }],
                },
              }
            : {},
        };
        return Response.json(body);
      },
    });
    await collect(client.customers.list());
    expect(seen).toEqual([
      `${server.url}/proxy/v1/customers`,
      `${server.url}/proxy/v1/customers?seekOperation=Next`,
    ]);
  });

  it("sends the same MS-CorrelationId on every page of a walk, a fresh GUID MS-RequestId per request", async () => {
    const server = await start({ customers: 10 });
    const list = clientFor(server).customers.list({ size: 4 });
    await collect(list);
    await collect(list);
    const [first, second] = [server.requests.slice(0, 3), server.requests.slice(3)];
    for (const walk of [first, second]) {
      expect(new Set(walk.map((r) => r.headers["ms-correlationid"])).size).toBe(1);
    }
    expect(first[0]?.headers["ms-correlationid"]).not.toBe(second[0]?.headers["ms-correlationid"]);
    const requestIds = server.requests.map((r) => r.headers["ms-requestid"]);
    expect(new Set(requestIds).size).toBe(6);
    for (const id of [...requestIds, first[0]?.headers["ms-correlationid"]]) expect(id).toMatch(GUID);
  });

  it("sends Authorization, Accept, X-Locale and MS-PartnerCenter-Application on every page", async () => {
    const server = await start({ customers: 3, expectedToken: "t0k3n" });
    await collect(
      clientFor(server, { token: "t0k3n", locale: "fr-FR", application: "Contoso sync" }).customers.list({
        size: 2,
      }),
    );
    for (const { headers } of server.requests) {
      expect(headers).toMatchObject({
        authorization: "Bearer t0k3n",
        accept: "application/json",
        "x-locale": "fr-FR",
        "ms-partnercenter-application": "Contoso sync",
      });
    }
  });

  it("sends the starts_with filter as one JSON query value and pages through the matches", async () => {
    const server = await start({ customers: 30 });
    const found = await collect(
      clientFor(server).customers.list({ size: 2, filter: { field: "CompanyName", value: "cont" } }),
    );
    expect(found.map((c) => c.companyProfile.companyName)).toEqual([
      "Contoso 1",
      "Contoso 8",
      "Contoso 15",
      "Contoso 22",
      "Contoso 29",
    ]);
    expect(server.requests[0]?.url).toBe(
      `/v1/customers?size=2&filter=${encodeURIComponent('{"Field":"CompanyName","Value":"cont","Operator":"starts_with"}')}`,
    );
    expect(server.requests[0]?.url).toContain(
      "filter=%7B%22Field%22%3A%22CompanyName%22%2C%22Value%22%3A%22cont%22",
    );
  });

  it("sends no size when none is given, so the service picks its page size", async () => {
    const server = await start({ customers: 3 });
    expect(await collect(clientFor(server).customers.list())).toHaveLength(3);
    expect(server.requests.map((r) => r.url)).toEqual(["/v1/customers"]);
  });

  it("requests nothing until iteration starts, and the next page only once the current one is used up", async () => {
    const server = await start({ customers: 6 });
    const iterator = clientFor(server).customers.list({ size: 3 })[Symbol.asyncIterator]();
    expect(server.requests).toHaveLength(0);
    for (let i = 0; i < 3; i++) await iterator.next();
    expect(server.requests).toHaveLength(1);
    await iterator.next();
    expect(server.requests).toHaveLength(2);
    await iterator.return?.();
  });

  it("stops all requests on break", async () => {
    const server = await start({ customers: 100 });
    let seen = 0;
    for await (const _customer of clientFor(server).customers.list({ size: 10 })) {
      if (++seen === 15) break;
    }
    for await (const _page of clientFor(server).customers.list({ size: 10 }).byPage()) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(3);
  });

  it("stops with an error instead of looping when a continuation token repeats", async () => {
    let firstToken: string | undefined;
    const server = await start({
      customers: 10,
      transformPage: (page, context) => {
        firstToken ??= context.nextToken;
        const next = page.links?.next;
        if (next) next.headers = [{ key: "MS-ContinuationToken", value: firstToken ?? "" }];
        return page;
      },
    });
    const pages: number[] = [];
    const walk = async () => {
      for await (const page of clientFor(server).customers.list({ size: 2 }).byPage())
        pages.push(page.items.length);
    };
    const error = await walk().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/repeats the continuation token of an earlier page/);
    // Both pages reached the caller before the walk stopped; no third request.
    expect(pages).toEqual([2, 2]);
    expect(server.requests).toHaveLength(2);
  });

  it("stops when a next link without a token points back to a page already fetched", async () => {
    const server = await start({
      customers: 4,
      transformPage: (page) => ({
        ...page,
        links: { next: { uri: "/v1/customers?size=2", method: "GET", headers: [] } },
      }),
    });
    await expect(collect(clientFor(server).customers.list({ size: 2 }))).rejects.toThrow(/repeats the URL/);
    expect(server.requests).toHaveLength(1);
  });

  it("never sends anything, token included, to a next link on another origin", async () => {
    const elsewhere = await start({ customers: 1 });
    const server = await start({
      customers: 4,
      transformPage: (page) => {
        const next = page.links?.next;
        if (next) next.uri = `${elsewhere.url}/v1/customers?seekOperation=Next`;
        return page;
      },
    });
    const error = await collect(clientFor(server).customers.list({ size: 2 })).catch((e: unknown) => e);
    expect(isUnexpectedResponseError(error)).toBe(true);
    expect((error as Error).message).toContain(`points to another origin (${elsewhere.url})`);
    expect(elsewhere.requests).toHaveLength(0);
    for (const uri of [
      "//evil.example/v1/customers",
      "https://127.0.0.1:1/v1/customers",
      "javascript:alert(1)",
    ]) {
      const other = await start({
        customers: 4,
        transformPage: (page) => ({ ...page, links: { next: { uri, method: "GET", headers: [] } } }),
      });
      await expect(collect(clientFor(other).customers.list({ size: 2 }))).rejects.toThrow(/another origin/);
      expect(other.requests).toHaveLength(1);
    }
  });

  it("rejects a page that is not a collection, or a next link it cannot use", async () => {
    const cases: [unknown, RegExp][] = [
      [{ totalCount: 0 }, /not a collection \(no items array\)/],
      [[1, 2], /not a collection/],
      [{ items: [], links: { next: { uri: 42 } } }, /links\.next is not a link/],
      [
        { items: [], links: { next: { uri: "/v1/customers", headers: [{ key: "Bad Name", value: "x" }] } } },
        /invalid header "Bad Name"/,
      ],
      [
        {
          items: [],
          links: { next: { uri: "/v1/customers", headers: [{ key: "X", value: "a\r\nInjected: 1" }] } },
        },
        /invalid header "X"/,
      ],
    ];
    for (const [body, message] of cases) {
      const server = await start({ transformPage: () => body });
      const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as UnexpectedResponseError).status).toBe(200);
      expect((error as Error).message).toMatch(message);
    }
  });

  it("does not let a next link replace Authorization or the ids", async () => {
    const server = await start({
      customers: 2,
      transformPage: (page) => {
        page.links?.next?.headers.push(
          { key: "Authorization", value: "Bearer stolen" },
          { key: "MS-CorrelationId", value: "forged" },
        );
        return page;
      },
    });
    await collect(clientFor(server).customers.list({ size: 1 }));
    expect(server.requests[1]?.headers.authorization).not.toContain("stolen");
    expect(server.requests[1]?.headers["ms-correlationid"]).toBe(
      server.requests[0]?.headers["ms-correlationid"],
    );
  });

  it("walks 300 pages of 40 customers to the end", async () => {
    const server = await start({ customers: makeCustomers(12_000) });
    let count = 0;
    let pages = 0;
    for await (const page of clientFor(server).customers.list({ size: 40 }).byPage()) {
      pages++;
      count += page.items.length;
    }
    expect({ pages, count }).toEqual({ pages: 300, count: 12_000 });
  });
});

describe("customers.list() with null links, shared iterators and cleanup", () => {
  it("ends the walk at a page whose links.next is null, as at one without it", async () => {
    const server = await start({
      customers: 3,
      transformPage: (page) => (page.links?.next ? page : { ...page, links: { ...page.links, next: null } }),
    });
    const customers = await collect(clientFor(server).customers.list({ size: 2 }));
    expect(customers).toEqual(server.customers);
    expect(server.requests).toHaveLength(2);
  });

  it("hands every customer out exactly once to workers that share one iterator", async () => {
    const server = await start({ customers: 9 });
    const iterator = clientFor(server).customers.list({ size: 3 })[Symbol.asyncIterator]();
    const seen: unknown[] = [];
    const worker = async () => {
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
        seen.push(r.value);
        // Some async work per customer, so that both workers reach the end of a page together.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    await Promise.all([worker(), worker()]);
    expect(seen).toHaveLength(9);
    expect(new Set(seen.map((c) => (c as { id: string }).id)).size).toBe(9);
    expect(server.requests).toHaveLength(3);
  });

  it("leaves no abort listener on the caller's signal and no timer behind after retries and timeouts", async () => {
    const server = await start({
      customers: 6,
      faults: { 1: { kind: "status", status: 503 }, 3: { kind: "reset" } },
    });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    const controller = new AbortController();
    // The real sleep (tiny delays), so that the waits between retries are real timers too.
    const pc = clientFor(
      server,
      { timeoutMs: 5_000, retry: { baseDelayMs: 1, maxDelayMs: 2 } },
      { random: () => 0.5 },
    );
    const customers = await collect(pc.customers.list({ size: 2, signal: controller.signal }));
    expect(customers).toEqual(server.customers);
    expect(server.requests.length).toBeGreaterThan(3);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(timers()).toBe(before);
  });
});
