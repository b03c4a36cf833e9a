// partnerCenterHandlers: the mock as MSW handlers. A client with its default fetch and base URL
// (no fetch option at all) lists the mock's customers through MSW's interception of fetch.
import { setupServer } from "msw/node";
import { createPartnerCenterClient, NetworkError, type RetryEvent } from "partner-center-customers";
import { partnerCenterHandlers } from "partner-center-customers/msw";
import { afterEach, describe, expect, it } from "vitest";

let server: ReturnType<typeof setupServer> | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

function serve(handlers: ReturnType<typeof partnerCenterHandlers>) {
  // A request no handler answers is an error: nothing may reach a real network from here.
  server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: "error" });
  return handlers.mock;
}

async function ids(iterable: AsyncIterable<{ id: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item.id);
  return out;
}

describe("partnerCenterHandlers with MSW's setupServer", () => {
  it("answers the default base URL: a default client lists all 40 customers once each", async () => {
    const mock = serve(partnerCenterHandlers());
    const client = createPartnerCenterClient({ token: "any" });
    expect(await ids(client.customers.list({ size: 9 }))).toEqual(mock.dataSet.customers.map((c) => c.id));
    expect(mock.requests).toHaveLength(5);
  });

  it("answers every cloud's origin, and a baseUrl with a path under it", async () => {
    const mock = serve(
      partnerCenterHandlers({ customers: 5, baseUrl: "http://localhost:4010/partner-center/" }),
    );
    const expected = mock.dataSet.customers.map((c) => c.id);
    const china = createPartnerCenterClient({ token: "any", cloud: "china" });
    expect(await ids(china.customers.list({ size: 2 }))).toEqual(expected);
    const proxied = createPartnerCenterClient({
      token: "any",
      baseUrl: "http://localhost:4010/partner-center",
    });
    expect(await ids(proxied.customers.list({ size: 2 }))).toEqual(expected);
  });

  it("serves faults: a 429 the client retries (onRetry once), a reset as a network error", async () => {
    const mock = serve(partnerCenterHandlers({ customers: 4, faults: "429@2:0s,reset@5" }));
    const retries: RetryEvent[] = [];
    const client = createPartnerCenterClient({
      token: "any",
      retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5 },
      hooks: { onRetry: (event) => void retries.push(event) },
    });
    expect(await ids(client.customers.list({ size: 2 }))).toHaveLength(4);
    expect(retries.map((r) => r.status)).toEqual([429]);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 429, 200]);
    const once = createPartnerCenterClient({ token: "any", retry: false });
    await ids(once.customers.list({ size: 4 }));
    await expect(ids(once.customers.list({ size: 4 }))).rejects.toBeInstanceOf(NetworkError);
  });

  it("turns down a baseUrl that is not a URL", () => {
    expect(() => partnerCenterHandlers({ baseUrl: "localhost:4010" })).toThrow(/absolute http or https URL/);
  });
});
