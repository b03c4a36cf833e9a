// Resumable paging: a walk stopped after any page continues from that page's continuationToken
// with a new client (a new process, a new day), and a token the service refuses says so.
import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../src/client/index.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

describe("resuming a walk", () => {
  it("resumes a walk of 270 customers by 40 after page 3 with a new client: each customer once, in order", async () => {
    const server = await start({ customers: 270 });
    const seen: string[] = [];
    let saved: string | undefined;
    let pages = 0;
    for await (const page of clientFor(server).customers.list({ size: 40 }).byPage()) {
      seen.push(...page.items.map((c) => c.id));
      saved = page.continuationToken;
      if (++pages === 3) break;
    }
    expect(saved).toEqual(expect.any(String));
    const before = server.requests.length;

    const resumed = await collect(
      clientFor(server).customers.list({ size: 40 }).byPage({ continuationToken: saved }),
    );
    for (const page of resumed) seen.push(...page.items.map((c) => c.id));

    expect(seen).toEqual(server.customers.map((c) => c.id));
    expect(resumed).toHaveLength(4);
    // The seek the .NET SDK sends, with the walk's size, and the token as a header.
    const seek = server.requests[before];
    expect(seek?.url).toBe("/v1/customers?size=40&seekOperation=Next");
    expect(seek?.headers["ms-continuationtoken"]).toBe(saved);
    // The last page has nothing after it.
    expect(resumed.at(-1)?.continuationToken).toBeUndefined();
  });

  it("resumes item iteration from list({ continuationToken })", async () => {
    const server = await start({ customers: 100 });
    const first = await clientFor(server).customers.list({ size: 30 }).byPage().next();
    const token = first.value?.continuationToken;
    const rest = await collect(clientFor(server).customers.list({ size: 30, continuationToken: token }));
    expect(rest.map((c) => c.id)).toEqual(server.customers.slice(30).map((c) => c.id));
  });

  it("prefers the body's continuationToken when the service sends one", async () => {
    const server = await start({
      customers: 10,
      transformPage: (page, { nextToken }) => ({
        ...page,
        ...(nextToken === undefined ? {} : { continuationToken: nextToken }),
        links: {
          ...page.links,
          ...(page.links?.next
            ? {
                next: {
                  ...page.links.next,
                  headers: [{ key: "MS-ContinuationToken", value: "header-form" }],
                },
              }
            : {}),
        },
      }),
    });
    const first = await clientFor(server).customers.list({ size: 4 }).byPage().next();
    expect(first.value?.continuationToken).not.toBe("header-form");
    const resumed = clientFor(server)
      .customers.list({ size: 4 })
      .byPage({ continuationToken: first.value?.continuationToken });
    const second = await resumed.next();
    await resumed.return?.(undefined);
    expect(second.value?.items.map((c: { id: string }) => c.id)).toEqual(
      server.customers.slice(4, 8).map((c) => c.id),
    );
  });

  it("says a refused continuation token can no longer be used and to start again", async () => {
    const server = await start({ customers: 10 });
    const walk = clientFor(server).customers.list({ size: 4 }).byPage({ continuationToken: "expired-token" });
    const error = await walk.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).status).toBe(400);
    expect((error as Error).message).toMatch(
      /refused the continuation token: it has expired or is unknown.*Start the walk again without continuationToken/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a continuation token that cannot be a header before any request", async () => {
    const server = await start();
    const list = clientFor(server).customers.list();
    expect(() => list.byPage({ continuationToken: "a\r\nX-Evil: 1" })).toThrow(
      /continuationToken must be a page's continuationToken as the client gave it/,
    );
    expect(() => clientFor(server).customers.list({ continuationToken: "" })).toThrow(
      /continuationToken must be a non-empty string/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
