// Options at their edges, as a real local server sees them: the locales the spec's pattern
// allows, the longest time limit a timer can hold, a retry key left undefined, and Retry-After in
// every form HTTP allows.
import { describe, expect, it } from "vitest";
import { ServerError } from "../../src/client/errors/errors.js";
import type { RetryOptions } from "../../src/client/http/retry.js";
import { clientFor, collect, instantRuntime, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

/** A 503 asking to wait `retryAfter`, on request `index`. */
const throttled = (retryAfter: string) => ({
  kind: "status" as const,
  status: 503,
  headers: { "Retry-After": retryAfter },
});

describe("locale", () => {
  it.each(["fr", "zh-Hans-CN", "en-US", "sr-Latn-RS"])(
    "accepts %s and sends it as X-Locale",
    async (locale) => {
      const server = await start({ customers: 1 });
      await collect(clientFor(server, { locale }).customers.list());
      expect(server.requests[0]?.headers["x-locale"]).toBe(locale);
    },
  );

  it("sends no X-Locale without the option", async () => {
    const server = await start({ customers: 1 });
    await collect(clientFor(server).customers.list());
    expect(server.requests[0]?.headers).not.toHaveProperty("x-locale");
  });
});

describe("timeoutMs at the timer's limit", () => {
  /** A fetch that answers through the real server a little later than a 1 ms timer would fire. */
  const slowFetch = async (request: Request) => {
    await new Promise((resolve) => setTimeout(resolve, 25));
    return fetch(request);
  };

  it("treats 2**31 ms (more than a timer can wait) as no limit, not as an immediate timeout", async () => {
    const server = await start({ customers: 2 });
    const client = clientFor(server, { timeoutMs: 2 ** 31, fetch: slowFetch, retry: false });
    expect(await collect(client.customers.list())).toEqual(server.customers);
  });

  it("treats Number.MAX_SAFE_INTEGER ms as no limit", async () => {
    const server = await start({ customers: 2 });
    const client = clientFor(server, { timeoutMs: Number.MAX_SAFE_INTEGER, fetch: slowFetch, retry: false });
    expect(await collect(client.customers.list())).toEqual(server.customers);
  });
});

describe("retry", () => {
  // What a JavaScript caller, or TypeScript without exactOptionalPropertyTypes, may pass.
  const undefinedKeys = (retry: Record<string, undefined>) => retry as Partial<RetryOptions>;

  it("takes retry: { limit: undefined } as the default of 3 retries", async () => {
    const server = await start({
      customers: 1,
      faults: { 1: throttled("1"), 2: throttled("1"), 3: throttled("1") },
    });
    const { runtime, sleeps } = instantRuntime();
    const client = clientFor(server, { retry: undefinedKeys({ limit: undefined }) }, runtime);
    expect(await collect(client.customers.list())).toEqual(server.customers);
    expect(sleeps).toEqual([1_000, 1_000, 1_000]);
  });

  it("gives up after the default 3 retries when limit is undefined", async () => {
    const server = await start({ faults: () => throttled("1") });
    const { runtime } = instantRuntime();
    const client = clientFor(
      server,
      { retry: undefinedKeys({ limit: undefined, baseDelayMs: undefined }) },
      runtime,
    );
    await expect(collect(client.customers.list())).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(4);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("Sun, 06 Nov 1994 08:49:00 GMT");

  async function sleepsFor(retryAfter: string): Promise<number[]> {
    const server = await start({ customers: 1, faults: { 1: throttled(retryAfter) } });
    const { runtime, sleeps } = instantRuntime({ now: () => now, random: () => 0 });
    await collect(clientFor(server, { retry: { baseDelayMs: 100 } }, runtime).customers.list());
    return sleeps;
  }

  it.each([
    ["1.5", 1_500],
    ["0.25", 250],
    ["  2  ", 2_000],
    ["0", 0],
  ])("reads %j seconds as %i ms", async (retryAfter, ms) => {
    expect(await sleepsFor(retryAfter)).toEqual([ms]);
  });

  it.each([
    ["an IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT"],
    ["an RFC 850 date", "Sunday, 06-Nov-94 08:49:37 GMT"],
    ["an asctime date", "Sun Nov  6 08:49:37 1994"],
  ])("reads %s as the time until then", async (_form, retryAfter) => {
    expect(await sleepsFor(retryAfter)).toEqual([37_000]);
  });

  it.each(["Europe/Berlin", "America/New_York", "Asia/Kolkata"])(
    "reads an asctime date as GMT, as HTTP defines it, in the time zone %s",
    async (zone) => {
      const before = process.env.TZ;
      process.env.TZ = zone;
      try {
        expect(await sleepsFor("Sun Nov  6 08:49:37 1994")).toEqual([37_000]);
      } finally {
        if (before === undefined) delete process.env.TZ;
        else process.env.TZ = before;
      }
    },
  );

  it.each([
    "soon",
    "-1",
    "1e3",
    "1.",
    ".5",
    "Nov 6 08:49:37 1994",
    "Someday, 06 Nov 1994",
    "junk Sun, 06 Nov 1994 08:49:37 GMT",
  ])("ignores the unreadable %j and backs off instead", async (retryAfter) => {
    expect(await sleepsFor(retryAfter)).toEqual([50]);
  });
});

describe("baseUrl", () => {
  it("drops every trailing slash of a base URL's path, so each request has one between path and /v1", async () => {
    const server = await start({ customers: 1 });
    const client = clientFor(server, { baseUrl: `${server.url}/v1proxy///` });
    expect(client.baseUrl).toBe(`${server.url}/v1proxy`);
    await collect(client.customers.list()).catch(() => undefined);
    expect(server.requests[0]?.url).toBe("/v1proxy/v1/customers");
  });
});

describe("a timed-out attempt", () => {
  it("has a cause that says the attempt timed out", async () => {
    const server = await start({ faults: () => ({ kind: "hang" }) });
    const error = await collect(clientFor(server, { timeoutMs: 20, retry: false }).customers.list()).catch(
      (e: unknown) => e,
    );
    expect((error as Error).cause).toMatchObject({ name: "TimeoutError", message: "The attempt timed out." });
  });
});
