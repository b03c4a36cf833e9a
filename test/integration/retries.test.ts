import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  NetworkError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from "../../src/client/errors/errors.js";
import { clientFor, collect, instantRuntime, serversClosedAfterEach } from "../helpers/client-harness.js";
import { type Fault, type RecordedRequest, startCustomerServer } from "../helpers/customer-server.js";
import { propertyParams } from "../helpers/property.js";
import { until } from "../helpers/until.js";

const start = serversClosedAfterEach();
const requestIds = (requests: RecordedRequest[]) => requests.map((r) => r.headers["ms-requestid"]);

describe("retries", () => {
  it("retries a 429 after Retry-After, with a fresh MS-RequestId", async () => {
    const server = await start({
      customers: 4,
      faults: { 2: { kind: "status", status: 429, headers: { "Retry-After": "7" } } },
    });
    const { runtime, sleeps } = instantRuntime();
    expect(await collect(clientFor(server, {}, runtime).customers.list({ size: 2 }))).toEqual(
      server.customers,
    );
    expect(sleeps).toEqual([7_000]);
    const [, throttled, retried] = server.requests;
    expect(retried?.url).toBe(throttled?.url);
    expect(retried?.headers["ms-continuationtoken"]).toBe(throttled?.headers["ms-continuationtoken"]);
    expect(retried?.headers["ms-requestid"]).not.toBe(throttled?.headers["ms-requestid"]);
    expect(new Set(server.requests.map((r) => r.headers["ms-correlationid"])).size).toBe(1);
  });

  it("waits no longer than maxRetryAfterMs, and reads an HTTP-date Retry-After against the clock", async () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    const server = await start({
      customers: 1,
      faults: {
        1: { kind: "status", status: 429, headers: { "Retry-After": "3600" } },
        2: { kind: "status", status: 503, headers: { "Retry-After": "Wed, 21 Oct 2015 07:28:09 GMT" } },
      },
    });
    const { runtime, sleeps } = instantRuntime({ now: () => now });
    await collect(clientFor(server, { retry: { maxRetryAfterMs: 30_000 } }, runtime).customers.list());
    expect(sleeps).toEqual([30_000, 9_000]);
  });

  it.each([500, 502, 503, 504])("retries a %i with exponential back-off", async (status) => {
    const server = await start({
      customers: 1,
      faults: { 1: { kind: "status", status }, 2: { kind: "status", status }, 3: { kind: "status", status } },
    });
    const { runtime, sleeps } = instantRuntime({ random: () => 0 });
    await collect(clientFor(server, { retry: { baseDelayMs: 100 } }, runtime).customers.list());
    expect(sleeps).toEqual([50, 100, 200]);
    expect(new Set(requestIds(server.requests)).size).toBe(4);
  });

  it.each([400, 401, 403, 404, 409])("never retries a %i", async (status) => {
    const server = await start({ faults: () => ({ kind: "status", status }) });
    const { runtime, sleeps } = instantRuntime();
    await expect(collect(clientFor(server, {}, runtime).customers.list())).rejects.toMatchObject({ status });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("gives up after `limit` retries with the last error: a RateLimitError with retryAfter", async () => {
    const server = await start({
      faults: () => ({ kind: "status", status: 429, headers: { "Retry-After": "2" } }),
    });
    const error = await collect(clientFor(server, { retry: { limit: 2 } }).customers.list()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      retryAfter: 2,
      description: expect.stringContaining("Rate limit"),
    });
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry at all with retry: false", async () => {
    const server = await start({ faults: () => ({ kind: "status", status: 503 }) });
    await expect(collect(clientFor(server, { retry: false }).customers.list())).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("retries a reset connection with the same MS-RequestId", async () => {
    const server = await start({ customers: 4, faults: { 2: { kind: "reset" } } });
    expect(await collect(clientFor(server).customers.list({ size: 2 }))).toEqual(server.customers);
    const [, dropped, retried] = requestIds(server.requests);
    expect(retried).toBe(dropped);
  });

  it("retries a connection that drops mid-body, with the same MS-RequestId", async () => {
    const server = await start({ customers: 4, faults: { 1: { kind: "reset-mid-body" } } });
    expect(await collect(clientFor(server).customers.list({ size: 2 }))).toEqual(server.customers);
    expect(requestIds(server.requests.slice(0, 2))).toEqual([
      server.requests[0]?.headers["ms-requestid"],
      server.requests[0]?.headers["ms-requestid"],
    ]);
  });

  it("throws a NetworkError with status 0 when the connection keeps failing", async () => {
    const server = await start({ faults: () => ({ kind: "reset" }) });
    const error = await collect(clientFor(server, { retry: { limit: 1 } }).customers.list()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ status: 0, requestId: server.requests[0]?.headers["ms-requestid"] });
    expect((error as Error).message).toMatch(/failed without a complete response \(2 attempts\)/);
    expect((error as Error).cause).toBeDefined();
    expect(server.requests).toHaveLength(2);
  });

  it("throws a NetworkError when nothing listens", async () => {
    const server = await startCustomerServer();
    const url = server.url;
    await server.close();
    const client = clientFor({ ...server, url }, { retry: { limit: 0 } });
    await expect(collect(client.customers.list())).rejects.toBeInstanceOf(NetworkError);
  });

  it("never loses or repeats a customer, whatever retryable faults hit which requests", async () => {
    let schedule = new Map<number, Fault>();
    const server = await start({ customers: 23, faults: (request) => schedule.get(request.index) });
    const fault = fc.constantFrom<Fault>(
      { kind: "status", status: 429, headers: { "Retry-After": "0" } },
      { kind: "status", status: 500 },
      { kind: "status", status: 502 },
      { kind: "status", status: 503 },
      { kind: "status", status: 504 },
      { kind: "reset" },
      { kind: "reset-mid-body" },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        // At most `limit` (3) faults in a row, so every request eventually succeeds.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fault), { maxLength: 12 }),
        async (size, faults) => {
          schedule = new Map();
          let index = server.requests.length;
          for (const [gap, f] of faults) {
            index += gap + 1;
            schedule.set(index, f);
          }
          const consecutive = [...schedule.keys()].some((i) => [1, 2, 3].every((k) => schedule.has(i + k)));
          fc.pre(!consecutive);
          const customers = await collect(clientFor(server).customers.list({ size }));
          expect(customers).toEqual(server.customers);
        },
      ),
      propertyParams(60),
    );
  });
});

describe("timeouts and cancellation", () => {
  it("times out a hung attempt and retries it with the same MS-RequestId", async () => {
    const server = await start({ customers: 2, faults: { 1: { kind: "hang" } } });
    expect(await collect(clientFor(server, { timeoutMs: 50 }).customers.list())).toEqual(server.customers);
    const [hung, retried] = requestIds(server.requests);
    expect(retried).toBe(hung);
  });

  it("times out a body that stalls halfway", async () => {
    const server = await start({ customers: 2, faults: { 1: { kind: "hang-mid-body" } } });
    expect(await collect(clientFor(server, { timeoutMs: 50 }).customers.list())).toEqual(server.customers);
    expect(server.requests).toHaveLength(2);
  });

  it("throws a TimeoutError with status 0 when every attempt times out", async () => {
    const server = await start({ faults: () => ({ kind: "hang" }) });
    const client = clientFor(server, { timeoutMs: 30, retry: { limit: 1 } });
    const error = await collect(client.customers.list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ status: 0, requestId: server.requests[0]?.headers["ms-requestid"] });
    expect((error as Error).message).toMatch(/timed out after 30 ms \(2 attempts\)/);
    expect((error as Error).cause).toMatchObject({ name: "TimeoutError" });
  });

  it("cancels the request in flight when the caller's signal aborts, without retrying", async () => {
    const server = await start({ faults: () => ({ kind: "hang" }) });
    const controller = new AbortController();
    const walk = collect(clientFor(server).customers.list({ signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort();
    await expect(walk).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(1);
  });

  it("with timeoutMs: Infinity waits for a slow answer, and the caller's signal still cancels", async () => {
    const server = await start({ faults: (request) => (request.index === 1 ? { kind: "hang" } : undefined) });
    const controller = new AbortController();
    const client = clientFor(server, { timeoutMs: Number.POSITIVE_INFINITY });
    const walk = collect(client.customers.list({ signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(server.requests).toHaveLength(1);
    controller.abort();
    await expect(walk).rejects.toMatchObject({ name: "AbortError" });
    expect(await collect(client.customers.list())).toEqual(server.customers);
  });

  it("cancels a retry wait when the caller's signal aborts", async () => {
    const server = await start({ faults: () => ({ kind: "status", status: 503 }) });
    const controller = new AbortController();
    // The real sleep: the back-off would be a minute without the abort.
    const client = clientFor(server, { retry: { baseDelayMs: 60_000 } }, {});
    const walk = collect(client.customers.list({ signal: controller.signal }));
    // The abort comes during the back-off, after the first attempt's 503 (whenever a busy machine
    // delivers it), not after a guessed number of milliseconds.
    await until(() => server.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(walk).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const server = await start();
    await expect(
      collect(clientFor(server).customers.list({ signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe("responses that are not JSON", () => {
  it("reports truncated JSON on a 200 as an UnexpectedResponseError, not a SyntaxError", async () => {
    const server = await start({ customers: 4, faults: { 2: { kind: "truncate" } } });
    const error = await collect(clientFor(server).customers.list({ size: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8" });
    expect((error as Error).message).toMatch(
      /returned 200 OK but its body is not JSON; content type application\/json/,
    );
    expect((error as UnexpectedResponseError).bodyPreview).toMatch(/^\{"totalCount":2,"items":\[/);
    expect(server.requests).toHaveLength(2);
  });

  it("says what arrived when a 200 is an HTML gateway page", async () => {
    const server = await start({ faults: { 1: { kind: "html" } } });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain(
      'returned 200 OK but its body is not JSON; content type text/html; charset=utf-8, body starts with "<!DOCTYPE html><html><head><title>502 Bad Gateway',
    );
    expect(error).toMatchObject({ status: 200, contentType: "text/html; charset=utf-8" });
  });

  it("reports an HTML 502 page as a ServerError that says what arrived, after retrying it", async () => {
    const server = await start({ faults: () => ({ kind: "html", status: 502 }) });
    const error = await collect(clientFor(server, { retry: { limit: 1 } }).customers.list()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, code: undefined, description: undefined });
    expect((error as Error).message).toMatch(
      /failed with 502 Bad Gateway; content type text\/html.*body starts with "<!DOCTYPE html>/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it("reports an empty 200 body", async () => {
    const server = await start({ faults: { 1: { kind: "raw", status: 200, body: "" } } });
    await expect(collect(clientFor(server).customers.list())).rejects.toThrow(
      /not JSON; no content type, empty body/,
    );
  });
});
