// What a hostile server tried against the client, each against a local server: an earlier token
// echoed after a rotation, a next link that rewrites the client's own headers or asks for headers
// fetch refuses, and a Retry-After longer than a timer can hold.
import { afterEach, describe, expect, it } from "vitest";
import { MAX_DELAY_MS, retryDecision } from "../../src/client/http/retry.js";
import type { CustomerCollection } from "../../src/client/index.js";
import { createPartnerCenterClient, UnexpectedResponseError } from "../../src/client/index.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as Error,
  );

describe("token rotation", () => {
  it("removes the token the failing request sent, after the token has rotated", async () => {
    const tokens = Array.from({ length: 5 }, (_, i) => `rotated-token-${i}-${"x".repeat(20)}`);
    let calls = 0;
    const server = await start({
      customers: 20,
      faults: (request) =>
        request.index === 5
          ? {
              kind: "status",
              status: 401,
              body: { code: 1002, description: `stale: ${request.headers.authorization}` },
            }
          : undefined,
    });
    const client = clientFor(server, { token: () => tokens[Math.min(calls++, tokens.length - 1)] as string });
    const error = await failure(collect(client.customers.list({ size: 4 })));
    expect(error.message).toContain("stale: Bearer [REDACTED]");
    expect(JSON.stringify({ m: error.message, ...error })).not.toContain(tokens[4]);
  });
});
describe("next links", () => {
  const withNextHeaders = (extra: { key: string; value: string }[]) => (page: CustomerCollection) =>
    page.links?.next
      ? {
          ...page,
          links: {
            ...page.links,
            next: { ...page.links.next, headers: [...(page.links.next.headers ?? []), ...extra] },
          },
        }
      : page;

  it("sends the client's own Accept, X-Locale, MS-PartnerCenter-Application and ids whatever a next link says", async () => {
    const server = await start({
      customers: 6,
      transformPage: withNextHeaders([
        { key: "Accept", value: "text/html" },
        { key: "X-Locale", value: "fr-FR" },
        { key: "MS-PartnerCenter-Application", value: "evil" },
        { key: "MS-RequestId", value: "forged" },
        { key: "Authorization", value: "Bearer stolen" },
      ]),
    });
    const client = clientFor(server, { locale: "en-US", application: "Contoso sync" });
    await collect(client.customers.list({ size: 3 }));
    const second = server.requests[1]?.headers;
    expect(second?.accept).toBe("application/json");
    expect(second?.["x-locale"]).toBe("en-US");
    expect(second?.["ms-partnercenter-application"]).toBe("Contoso sync");
    expect(second?.["ms-requestid"]).not.toBe("forged");
    expect(second?.authorization).not.toBe("Bearer stolen");
  });

  it.each([
    ["a value fetch cannot encode", { key: "X-Extra", value: "t€2" }, /invalid header "X-Extra"/],
    ["Transfer-Encoding", { key: "Transfer-Encoding", value: "chunked" }, /"Transfer-Encoding", which fetch/],
    ["Upgrade", { key: "Upgrade", value: "h2c" }, /"Upgrade", which fetch/],
  ])(
    "refuses a next link with %s as an UnexpectedResponseError, without retrying",
    async (_, header, message) => {
      const server = await start({ customers: 6, transformPage: withNextHeaders([header]) });
      const error = await failure(collect(clientFor(server).customers.list({ size: 3 })));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error.message).toMatch(message);
      expect(server.requests).toHaveLength(1);
    },
  );
});

describe("Retry-After beyond what a timer holds", () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  afterEach(() => {
    process.off("warning", onWarning);
  });

  it("waits (clamped) instead of retrying at once, and prints no TimeoutOverflowWarning", async () => {
    process.on("warning", onWarning);
    const server = await start({
      faults: { 1: { kind: "status", status: 429, headers: { "Retry-After": "3000000" } } },
    });
    const client = createPartnerCenterClient({
      baseUrl: server.url,
      token: "t",
      retry: { maxRetryAfterMs: 1e12 },
    });
    const controller = new AbortController();
    const walk = collect(client.customers.list({ signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort(new Error("stopped by the test"));
    await expect(walk).rejects.toThrow("stopped by the test");
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.requests).toHaveLength(1);
    expect(warnings.map((w) => w.name)).not.toContain("TimeoutOverflowWarning");
  });

  it("clamps a decided delay to the longest a timer can hold", () => {
    const decision = retryDecision(
      1,
      { kind: "response", status: 429, retryAfterMs: 3e9 },
      { limit: 3, baseDelayMs: 500, maxDelayMs: 1e12, maxRetryAfterMs: 1e12 },
      () => 0.5,
    );
    expect(decision).toMatchObject({ retry: true, delayMs: MAX_DELAY_MS });
  });
});
