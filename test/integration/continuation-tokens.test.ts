// Continuation tokens at their edges: which header of a next link is the token, the longest token
// the client hands out and takes back, a resumed walk that is sent its own token again, and the
// headers a next link may not ask for (the Fetch standard's forbidden request headers).
import { describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "../../src/client/errors/errors.js";
import { checkContinuationToken } from "../../src/client/http/paging.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";
import type { CustomerServer } from "../helpers/customer-server.js";

const start = serversClosedAfterEach();
const MAX = 16_384;

/** A client whose custom fetch answers every request with `page(n)` (n counts from 1). */
function clientWithPages(
  page: (n: number, request: Request) => unknown,
  extra: Record<string, unknown> = {},
) {
  const requests: Request[] = [];
  const client = clientFor({ url: "http://127.0.0.1:9" } as CustomerServer, {
    ...extra,
    fetch: async (request) => {
      requests.push(request);
      return Response.json(page(requests.length, request));
    },
  });
  return { client, requests };
}

const linkWith = (headers: { key: string; value: string }[]) => ({
  items: [{ id: "a" }],
  links: { next: { uri: "/v1/customers?seekOperation=Next", headers } },
});

describe("checkContinuationToken", () => {
  it("says what was wrong, without quoting the token", () => {
    expect(() => checkContinuationToken("")).toThrow(
      new TypeError(
        "continuationToken must be a non-empty string (a page's continuationToken), got an empty string.",
      ),
    );
    expect(() => checkContinuationToken(42)).toThrow(
      new TypeError("continuationToken must be a non-empty string (a page's continuationToken), got number."),
    );
    const tooLong = "t".repeat(MAX + 1);
    expect(() => checkContinuationToken(tooLong)).toThrow(
      new TypeError(
        `continuationToken must be a page's continuationToken as the client gave it: visible ASCII, at most ${MAX} characters.`,
      ),
    );
    expect(() => checkContinuationToken("has space")).toThrow(/visible ASCII/);
  });

  it("takes a token of exactly the longest length", () => {
    const longest = "t".repeat(MAX);
    expect(checkContinuationToken(longest)).toBe(longest);
  });
});

describe("the token a page gives for resuming", () => {
  it("is the MS-ContinuationToken header of its next link, wherever it is among the headers", async () => {
    const { client } = clientWithPages(() =>
      linkWith([
        { key: "X-Trace", value: "not-the-token" },
        { key: "ms-continuationtoken", value: "the-token" },
      ]),
    );
    const first = await client.customers.list().byPage().next();
    expect(first.value?.continuationToken).toBe("the-token");
  });

  it("may be as long as the client takes back, and no longer", async () => {
    for (const [length, expected] of [
      [MAX, "kept"],
      [MAX + 1, "dropped"],
    ] as const) {
      const token = "k".repeat(length);
      const { client } = clientWithPages(() => linkWith([{ key: "MS-ContinuationToken", value: token }]));
      const first = await client.customers.list().byPage().next();
      expect(first.value?.continuationToken === token ? "kept" : "dropped").toBe(expected);
      expect(first.value?.continuationToken === undefined).toBe(expected === "dropped");
    }
  });
});

describe("a resumed walk", () => {
  it("stops when a page sends back the very token it was resumed from", async () => {
    const { client, requests } = clientWithPages(() =>
      linkWith([{ key: "MS-ContinuationToken", value: "resume-here" }]),
    );
    const error = await collect(client.customers.list({ continuationToken: "resume-here" })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/repeats the continuation token of an earlier page/);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get("ms-continuationtoken")).toBe("resume-here");
  });
});

describe("headers a next link may not ask for", () => {
  it.each([
    "Accept-Charset",
    "Accept-Encoding",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Connection",
    "Content-Length",
    "Cookie",
    "Cookie2",
    "Date",
    "DNT",
    "Expect",
    "Host",
    "Keep-Alive",
    "Origin",
    "Referer",
    "Set-Cookie",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
    "Proxy-Authorization",
    "Sec-Fetch-Mode",
  ])("%s ends the walk before anything is sent", async (key) => {
    const server = await start({
      customers: 2,
      transformPage: (page) => {
        page.links?.next?.headers.push({ key, value: "x" });
        return page;
      },
    });
    const error = await collect(clientFor(server).customers.list({ size: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain(
      `its next link asks for the header "${key}", which fetch does not let`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("but a header that merely contains proxy- or sec- is sent", async () => {
    const server = await start({
      customers: 2,
      transformPage: (page) => {
        page.links?.next?.headers.push(
          { key: "X-Proxy-Id", value: "p1" },
          { key: "X-Sec-Level", value: "s1" },
        );
        return page;
      },
    });
    expect(await collect(clientFor(server).customers.list({ size: 1 }))).toEqual(server.customers);
    expect(server.requests[1]?.headers).toMatchObject({ "x-proxy-id": "p1", "x-sec-level": "s1" });
  });
});
