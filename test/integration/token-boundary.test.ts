// The client's one boundary for server text: whatever a server echoes of the token a request sent
// (in a next link, an id header, an error body; as sent, percent-encoded, \u-escaped, base64) is
// removed from what the client reports for that request (errors, messages, hook arguments), and
// nothing else is rewritten: a customer's data is yielded as the service sent it. Real node:http
// servers on 127.0.0.1.
import { createServer as createTcpServer, type Server } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { RetryEvent } from "../../src/client/hooks.js";
import {
  type Customer,
  isNetworkError,
  isRateLimitError,
  isServerError,
  type PageEvent,
} from "../../src/client/index.js";
import { clientFor, collect, serversClosedAfterEach, TOKEN } from "../helpers/client-harness.js";
import type { RecordedRequest } from "../helpers/customer-server.js";

const start = serversClosedAfterEach();

/** The token the request carried. */
const bearer = (request: RecordedRequest) => (request.headers.authorization ?? "").replace(/^Bearer /, "");

/** `text` with %XX and \uXXXX escapes decoded, as anyone reading it could. */
const decoded = (text: string) =>
  text
    .replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

const b64 = (text: string) => btoa(text);
const b64url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Everything a log could show of an error: inspect (hidden too), String, JSON, messages, causes. */
function everythingShown(value: unknown): string {
  const parts = [inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY }), String(value)];
  parts.push(JSON.stringify(value) ?? "");
  for (let error = value; error instanceof Error; error = error.cause) {
    parts.push(error.message, error.stack ?? "", JSON.stringify(error, Object.getOwnPropertyNames(error)));
    for (const [name, field] of Object.entries(error)) parts.push(name, String(field));
  }
  return parts.join("\n");
}

/** Fails when any 12 characters of `token`, plain or after decoding escapes, or its base64 core, is in `text`. */
function expectNoSpellingOf(text: string, token: string = TOKEN): void {
  const plain = decoded(text);
  for (let at = 0; at + 12 <= token.length; at += 4) {
    const window = token.slice(at, at + 12);
    expect(text).not.toContain(window);
    expect(plain).not.toContain(window);
  }
  for (const spelling of [b64(token), b64(`Bearer ${token}`)]) {
    const core = spelling.slice(4, -4);
    expect(text).not.toContain(core);
    expect(text).not.toContain(core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
}

describe("the token of the request, in what the client reports for it", () => {
  it("a next link with the token's dots written %2E, then a 500 on page 2: no spelling of it in the error", async () => {
    const server = await start({
      customers: 6,
      transformPage: (page, { request }) =>
        page.links?.next
          ? {
              ...page,
              links: {
                next: {
                  ...page.links.next,
                  uri: `${page.links.next.uri}&echo=${bearer(request).replace(/\./g, "%2E")}`,
                },
              },
            }
          : page,
      faults: (request) => (request.index >= 2 ? { kind: "status", status: 500 } : undefined),
    });
    const error = await collect(clientFor(server, { retry: { limit: 1 } }).customers.list({ size: 3 })).catch(
      (e: unknown) => e,
    );
    expect(isServerError(error)).toBe(true);
    // The link was followed with the token in it, as the server asked.
    expect(server.requests[1]?.url).toContain(TOKEN.replace(/\./g, "%2E"));
    expect((error as Error).message).toContain("&echo=[REDACTED]");
    expectNoSpellingOf(everythingShown(error));
  });

  it("a 429 that echoes the bearer token in MS-RequestId: onRetry and the final error get [REDACTED]", async () => {
    const server = await start({
      faults: (request) => ({
        kind: "raw",
        status: 429,
        headers: {
          "content-type": "application/json",
          "retry-after": "0",
          "MS-RequestId": `Bearer ${bearer(request)}`,
        },
        body: JSON.stringify({ statusCode: 429, message: "Rate limit is exceeded." }),
      }),
    });
    const retries: RetryEvent[] = [];
    const client = clientFor(server, {
      retry: { limit: 2 },
      hooks: { onRetry: (event) => void retries.push(event) },
    });
    const error = await collect(client.customers.list()).catch((e: unknown) => e);
    expect(isRateLimitError(error)).toBe(true);
    expect(retries.map((event) => event.requestId)).toEqual(["Bearer [REDACTED]", "Bearer [REDACTED]"]);
    expect(error).toMatchObject({ requestId: "Bearer [REDACTED]" });
    expectNoSpellingOf(everythingShown(retries));
    expectNoSpellingOf(everythingShown(error));
  });

  it("a non-JSON error body whose token starts with a \\u0065-escaped character: no clear part in the message", async () => {
    expect(TOKEN.startsWith("e")).toBe(true);
    const server = await start({
      faults: (request) => ({
        kind: "raw",
        status: 401,
        headers: { "content-type": "text/plain" },
        body: `invalid token \\u0065${bearer(request).slice(1)}`,
      }),
    });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    expect((error as Error).message).toContain('body starts with "invalid token [REDACTED]"');
    expectNoSpellingOf(everythingShown(error));
  });

  it("base64, base64url and percent-encoded echoes in an error body and headers", async () => {
    const server = await start({
      faults: (request) => {
        const token = bearer(request);
        const percent = [...token].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("");
        return {
          kind: "raw",
          status: 403,
          statusText: `Forbidden ${b64url(`Bearer ${token}`)}`,
          headers: {
            "content-type": `application/json; echo=${b64(token)}`,
            "MS-RequestId": percent,
            "MS-CorrelationId": b64url(token),
          },
          body: JSON.stringify({ code: b64(`Bearer ${token}`), description: `denied for ${percent}` }),
        };
      },
    });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 403,
      description: "denied for [REDACTED]",
      requestId: "[REDACTED]",
    });
    expectNoSpellingOf(everythingShown(error));
  });

  it("a next link from a page sent with an earlier token: neither token is in page 2's error", async () => {
    const tokens = ["first-token.aaaaaaaaaaaaaaaa.bbbbbbbb", "second-token.cccccccccccccccc.dddddddd"];
    let calls = 0;
    const server = await start({
      customers: 6,
      transformPage: (page, { request }) =>
        page.links?.next
          ? {
              ...page,
              links: { next: { ...page.links.next, uri: `${page.links.next.uri}&echo=${bearer(request)}` } },
            }
          : page,
      faults: (request) =>
        request.index === 2
          ? { kind: "status", status: 400, body: { code: 1, description: `bad ${bearer(request)}` } }
          : undefined,
    });
    const client = clientFor(server, { token: () => tokens[Math.min(calls++, 1)] as string });
    const error = await collect(client.customers.list({ size: 3 })).catch((e: unknown) => e);
    expect(server.requests.map(bearer)).toEqual(tokens);
    expect((error as Error).message).toContain("&echo=[REDACTED]");
    expect(error).toMatchObject({ description: "bad [REDACTED]" });
    for (const token of tokens) expectNoSpellingOf(everythingShown(error), token);
  });

  it("a next link with the token, then a token function that hangs: the TimeoutError shows the link without it", async () => {
    const server = await start({
      customers: 6,
      transformPage: (page, { request }) =>
        page.links?.next
          ? {
              ...page,
              links: { next: { ...page.links.next, uri: `${page.links.next.uri}&echo=${bearer(request)}` } },
            }
          : page,
    });
    let calls = 0;
    const token = () => (++calls === 1 ? Promise.resolve(TOKEN) : new Promise<string>(() => {}));
    const error = await collect(
      clientFor(server, { token, timeoutMs: 200 }).customers.list({ size: 3 }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/&echo=\[REDACTED\] was not sent: the token function/);
    expectNoSpellingOf(everythingShown(error));
  });

  it("a continuation token that holds the access token reaches onPage and the page without it; the walk still follows the link", async () => {
    const server = await start({
      customers: 4,
      transformPage: (page, { request }) =>
        page.links?.next
          ? {
              ...page,
              links: {
                next: {
                  ...page.links.next,
                  headers: [{ key: "MS-ContinuationToken", value: `pos-2.${bearer(request)}` }],
                },
              },
            }
          : page,
    });
    const events: PageEvent<unknown>[] = [];
    const client = clientFor(server, { hooks: { onPage: (event) => void events.push(event) } });
    const pages = client.customers.list({ size: 2 }).byPage();
    const first = await pages.next();
    expect(events[0]?.continuationToken).toBe("pos-2.[REDACTED]");
    expect(first.value?.continuationToken).toBe("pos-2.[REDACTED]");
    // The link is followed as the server gave it (this test server then refuses its own altered token).
    await pages.next().catch(() => undefined);
    expect(server.requests[1]?.headers["ms-continuationtoken"]).toBe(`pos-2.${TOKEN}`);
  });
});

describe("a response global fetch cannot parse", () => {
  const open: Server[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it("keeps the parser's name and code in the cause, without the bytes it quotes when they hold the token", async () => {
    const server = createTcpServer((socket) => {
      socket.on("data", () => {
        socket.end(`HTTP/1.1 200 OK\r\nX-Echo: \x01${TOKEN}\r\nContent-Length: 2\r\n\r\n{}`);
      });
    });
    open.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const error = await collect(
      clientFor({ url: `http://127.0.0.1:${port}` }, { retry: false }).customers.list(),
    ).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(((error as Error).cause as Error).cause).toMatchObject({
      name: "HTTPParserError",
      code: "HPE_INVALID_HEADER_TOKEN",
    });
    expectNoSpellingOf(everythingShown(error));
  });
});

describe("data is the service's", () => {
  it("list() yields customers named like credentials, or holding the token, exactly as sent", async () => {
    const names = [
      "Bearer Logistics2Go",
      "password=Secure Inc",
      "sig=Studio Design",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZw",
      `Echo ${TOKEN}`,
    ];
    const server = await start({
      customers: names.length,
      transformPage: (page) => ({
        ...page,
        items: page.items.map((customer, i) => ({
          ...customer,
          companyProfile: { ...customer.companyProfile, companyName: names[i] },
        })),
      }),
    });
    const customers: Customer[] = await collect(clientFor(server).customers.list());
    expect(customers.map((customer) => customer.companyProfile?.companyName)).toEqual(names);
  });
});
