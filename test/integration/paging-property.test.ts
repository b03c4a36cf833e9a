// Property-based tests of the paging iterator against a real local server (node:http on 127.0.0.1)
// that injects faults on a schedule: any number of customers, any page size, any retry limit, and
// 429s (with and without Retry-After), 5xx, other 4xx, reset connections, connections dropped
// mid-body, truncated and HTML bodies, hangs and bodies that stall. For every case:
//
//   - the walk yields every customer exactly once and in order, or a prefix of them (whole pages)
//     followed by a typed PartnerCenterError: the very one a model of the retry rules predicts;
//   - it never hangs: each walk is raced against a bound made of the timeouts;
//   - it never exceeds the retry budget: the server counts the requests for each page;
//   - it waits what the rules say (Retry-After, else exponential back-off), through the injected
//     instant sleep;
//   - it makes no request after the walk ended, after `break`, or after the signal aborted.
//
// Run counts and the seed: see test/helpers/property.ts (FC_NUM_RUNS, FC_SEED).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  type Customer,
  NetworkError,
  NotFoundError,
  PartnerCenterError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from "../../src/client/index.js";
import { clientFor, instantRuntime } from "../helpers/client-harness.js";
import {
  type CustomerServer,
  type Fault,
  type RecordedRequest,
  startCustomerServer,
} from "../helpers/customer-server.js";
import { propertyParams } from "../helpers/property.js";

const DEFAULT_PAGE_SIZE = 7;
const NOW = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
const RETRY = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 } as const;

/** Retry-After values, and the wait each asks for (`undefined`: unreadable, so the back-off applies). */
const RETRY_AFTER: Record<string, number | undefined> = {
  "0": 0,
  "2": 2000,
  "1.5": 1500,
  "3600": 3_600_000,
  "Wed, 21 Oct 2015 07:28:03 GMT": 3000,
  "Wed, 21 Oct 2015 07:27:00 GMT": 0,
  soon: undefined,
  "-1": undefined,
};

type ErrorClass = abstract new (...args: never[]) => PartnerCenterError;

/** What the client must make of a fault: retried or not, and the error it ends in. */
function ruleFor(fault: Fault): { retryable: boolean; error: ErrorClass } {
  switch (fault.kind) {
    case "status": {
      const { status } = fault;
      if (status === 429) return { retryable: true, error: RateLimitError };
      if (status >= 500) return { retryable: [500, 502, 503, 504].includes(status), error: ServerError };
      const error = {
        400: BadRequestError,
        401: AuthenticationError,
        403: PermissionError,
        404: NotFoundError,
      }[status as 400 | 401 | 403 | 404];
      return { retryable: false, error: error ?? PartnerCenterError };
    }
    case "reset":
    case "reset-mid-body":
      return { retryable: true, error: NetworkError };
    case "hang":
    case "hang-mid-body":
      return { retryable: true, error: TimeoutError };
    case "html":
      return (fault.status ?? 200) >= 500
        ? { retryable: true, error: ServerError }
        : { retryable: false, error: UnexpectedResponseError };
    case "truncate":
    case "raw":
      return { retryable: false, error: UnexpectedResponseError };
  }
}

/** The wait before retry number `attempt`: the Retry-After when readable, else back-off with random() = 0.5. */
function expectedDelay(fault: Fault, attempt: number): number {
  const header = fault.kind === "status" ? fault.headers?.["Retry-After"] : undefined;
  const asked = header === undefined ? undefined : RETRY_AFTER[header];
  if (asked !== undefined) return Math.min(asked, RETRY.maxRetryAfterMs);
  const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * 0.75);
}

interface Case {
  total: number;
  /** The page size asked for; 0 means the server's default. */
  size: number;
  limit: number;
  /** Faults by request number (index 0 is the first request); `null` is a normal answer. */
  schedule: Array<Fault | null>;
}

interface Expected {
  /** How many customers the walk yields. */
  yielded: number;
  /** How many requests it makes. */
  requests: number;
  /** The waits it asks the sleep for. */
  sleeps: number[];
  /** The error it ends with, or `undefined` when it lists everything. */
  error: ErrorClass | undefined;
  /** The fault behind that error. */
  fault: Fault | undefined;
}

/** What the retry rules predict for `c`, when the walk is stopped after `stopAfter` customers. */
function model(c: Case, stopAfter = Number.POSITIVE_INFINITY): Expected {
  const pageSize = c.size || DEFAULT_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(c.total / pageSize));
  const sleeps: number[] = [];
  let requests = 0;
  let yielded = 0;
  for (let page = 0; page < pages && yielded < stopAfter; page++) {
    for (let attempt = 1; ; attempt++) {
      const fault = c.schedule[requests++] ?? undefined;
      if (fault === undefined) break;
      const rule = ruleFor(fault);
      if (!rule.retryable || attempt > c.limit)
        return { yielded, requests, sleeps, error: rule.error, fault };
      sleeps.push(expectedDelay(fault, attempt));
    }
    yielded = Math.min(c.total, (page + 1) * pageSize);
  }
  return { yielded: Math.min(yielded, stopAfter), requests, sleeps, error: undefined, fault: undefined };
}

const statusFault = (status: number, retryAfter?: string | null): Fault =>
  retryAfter == null
    ? { kind: "status", status }
    : { kind: "status", status, headers: { "Retry-After": retryAfter } };

const retryAfter = fc.option(fc.constantFrom(...Object.keys(RETRY_AFTER)), { freq: 2 });

/** The faults that answer at once (no hang). */
const quickFault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 4, arbitrary: retryAfter.map((value) => statusFault(429, value)) },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.constantFrom(500, 502, 503, 504), retryAfter).map(([s, v]) => statusFault(s, v)),
  },
  { weight: 2, arbitrary: fc.constantFrom(400, 401, 403, 404, 409, 501).map((s) => statusFault(s)) },
  { weight: 3, arbitrary: fc.constantFrom<Fault>({ kind: "reset" }, { kind: "reset-mid-body" }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Fault>({ kind: "truncate" }, { kind: "html" }, { kind: "html", status: 502 }),
  },
);
const slowFault = fc.constantFrom<Fault>({ kind: "hang" }, { kind: "hang-mid-body" });

function caseOf(fault: fc.Arbitrary<Fault>, maxFaults = 14): fc.Arbitrary<Case> {
  return fc.record({
    total: fc.integer({ min: 0, max: 40 }),
    size: fc.integer({ min: 0, max: 12 }),
    limit: fc.integer({ min: 0, max: 4 }),
    schedule: fc.array(fc.option(fault, { freq: 2 }), { maxLength: maxFaults }),
  });
}

/** The request's page: its URL and continuation token (retries of a page have the same key). */
const pageKey = (r: RecordedRequest) => `${r.url} ${r.headers["ms-continuationtoken"] ?? ""}`;

/**
 * Checks what every walk must do, whatever happened: an ordered prefix (all of it when the walk
 * ran to its end without an error), typed errors, and the retry budget.
 */
function expectInvariants(
  c: Case,
  server: CustomerServer,
  ids: string[],
  error: unknown,
  ranToEnd = true,
): void {
  // Every customer at most once, in order: exactly the first ones.
  expect(ids).toEqual(server.customers.slice(0, ids.length).map((x) => x.id));
  if (error !== undefined) expect(error).toBeInstanceOf(PartnerCenterError);
  else if (ranToEnd) expect(ids).toHaveLength(c.total);
  const perPage = new Map<string, number>();
  for (const request of server.requests)
    perPage.set(pageKey(request), (perPage.get(pageKey(request)) ?? 0) + 1);
  for (const count of perPage.values()) expect(count).toBeLessThanOrEqual(c.limit + 1);
}

/** Rejects when `promise` takes longer than `ms`: the walk hung. */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the walk did not end within ${ms} ms`)), ms);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 15));

/** Runs `body` against a fresh server for `c`, and always closes it. */
async function withServer<T>(c: Case, body: (server: CustomerServer) => Promise<T>): Promise<T> {
  const server = await startCustomerServer({
    customers: c.total,
    defaultPageSize: DEFAULT_PAGE_SIZE,
    faults: (request) => c.schedule[request.index - 1] ?? undefined,
  });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

/** Walks every customer (or stops after `stopAfter`), collecting ids and the error. */
async function walk(
  items: AsyncIterable<Customer>,
  stopAfter = Number.POSITIVE_INFINITY,
  onItem: (count: number) => void = () => {},
): Promise<{ ids: string[]; error: unknown }> {
  const ids: string[] = [];
  try {
    for await (const customer of items) {
      ids.push(customer.id);
      onItem(ids.length);
      if (ids.length >= stopAfter) break;
    }
    return { ids, error: undefined };
  } catch (error) {
    return { ids, error };
  }
}

/** The items of each page from byPage(), in turn. */
async function* itemsOfPages(pages: AsyncIterable<{ items: readonly Customer[] }>): AsyncGenerator<Customer> {
  for await (const page of pages) yield* page.items;
}

describe("customers.list() under faults (property-based, against a local server)", () => {
  it("yields every customer once and in order, or fails with the predicted typed error, within the retry budget", async () => {
    await fc.assert(
      fc.asyncProperty(caseOf(quickFault), fc.boolean(), (c, byPage) =>
        withServer(c, async (server) => {
          const { runtime, sleeps } = instantRuntime({ now: () => NOW });
          const client = clientFor(
            server,
            { timeoutMs: 10_000, retry: { ...RETRY, limit: c.limit } },
            runtime,
          );
          // The items, or byPage() flattened: the same walk, page by page.
          const list = client.customers.list({ size: c.size });
          const { ids, error } = await bounded(walk(byPage ? itemsOfPages(list.byPage()) : list), 10_000);
          await settle();
          expectInvariants(c, server, ids, error);
          const expected = model(c);
          expect(ids).toHaveLength(expected.yielded);
          expect(server.requests).toHaveLength(expected.requests);
          expect(sleeps).toEqual(expected.sleeps);
          if (expected.error === undefined) {
            expect(error).toBeUndefined();
          } else {
            expect(error).toBeInstanceOf(expected.error);
            expect((error as Error).name).toBe(expected.error.name);
            const fault = expected.fault;
            if (fault?.kind === "status") {
              expect(error).toMatchObject({ status: fault.status });
              const header = fault.headers?.["Retry-After"];
              const asked = header === undefined ? undefined : RETRY_AFTER[header];
              expect((error as PartnerCenterError).retryAfter).toBe(
                asked === undefined ? undefined : Math.ceil(asked / 1000),
              );
            }
          }
        }),
      ),
      propertyParams(100),
    );
  });

  it("never hangs: a hung answer or a stalled body costs one timeout, then the walk goes on or fails with a TimeoutError", async () => {
    const timeoutMs = 120;
    await fc.assert(
      fc.asyncProperty(
        caseOf(fc.oneof({ weight: 1, arbitrary: slowFault }, { weight: 2, arbitrary: quickFault }), 6),
        (c) =>
          withServer(c, async (server) => {
            const client = clientFor(server, { timeoutMs, retry: { ...RETRY, limit: c.limit } });
            const hangs = c.schedule.filter((f) => f?.kind === "hang" || f?.kind === "hang-mid-body").length;
            const started = performance.now();
            const { ids, error } = await bounded(
              walk(client.customers.list({ size: c.size })),
              (c.schedule.length + 10) * timeoutMs + 2_000,
            );
            expect(performance.now() - started).toBeLessThan((hangs + 1) * timeoutMs + 2_000);
            await settle();
            expectInvariants(c, server, ids, error);
            // Only the invariants: a slow machine may time out a healthy request too, which is one
            // more retry and shifts the schedule, so exact counts belong to the property above.
            if (error !== undefined) expect(error).toBeInstanceOf(PartnerCenterError);
          }),
      ),
      propertyParams(12),
    );
  });

  it("makes no request after break: only the pages up to the customer it stopped at", async () => {
    await fc.assert(
      fc.asyncProperty(caseOf(quickFault, 8), fc.nat(), async (c, at) => {
        fc.pre(c.total > 0);
        const stopAfter = (at % c.total) + 1;
        await withServer(c, async (server) => {
          const client = clientFor(
            server,
            { retry: { ...RETRY, limit: c.limit } },
            instantRuntime({ now: () => NOW }).runtime,
          );
          const { ids, error } = await bounded(
            walk(client.customers.list({ size: c.size }), stopAfter),
            10_000,
          );
          await settle();
          expectInvariants(c, server, ids, error, false);
          const expected = model(c, stopAfter);
          expect(ids).toHaveLength(expected.yielded);
          expect(server.requests).toHaveLength(expected.requests);
          expect(error === undefined).toBe(expected.error === undefined);
        });
      }),
      propertyParams(60),
    );
  });

  it("makes no request after the signal aborts, between customers or while a request is in flight", async () => {
    await fc.assert(
      fc.asyncProperty(
        caseOf(quickFault, 6),
        fc.nat(),
        fc.constantFrom("between customers", "in flight"),
        async (c, at, when) => {
          fc.pre(c.total > 0);
          // In flight: when request number `inFlight` arrives (and hangs), the walk is aborted.
          const inFlight = (at % 4) + 1;
          const before = Array.from({ length: inFlight - 1 }, (_, i) => c.schedule[i] ?? null);
          const run: Case = when === "in flight" ? { ...c, schedule: [...before, { kind: "hang" }] } : c;
          await withServer(run, async (server) => {
            const controller = new AbortController();
            const reason = new Error("stopped by the caller");
            let requestsAtAbort = -1;
            const abort = () => {
              if (controller.signal.aborted) return;
              requestsAtAbort = server.requests.length;
              controller.abort(reason);
            };
            const client = clientFor(
              server,
              { retry: { ...RETRY, limit: c.limit } },
              instantRuntime({ now: () => NOW }).runtime,
            );
            const stopAt = (at % c.total) + 1;
            const watcher = setInterval(() => {
              if (when === "in flight" && server.requests.length >= inFlight) abort();
            }, 1);
            try {
              const list = client.customers.list({ size: c.size, signal: controller.signal });
              const { ids, error } = await bounded(
                walk(list, Number.POSITIVE_INFINITY, (n) => {
                  if (when === "between customers" && n === stopAt) abort();
                }),
                10_000,
              );
              await settle();
              expect(ids).toEqual(server.customers.slice(0, ids.length).map((x) => x.id));
              if (!controller.signal.aborted) {
                expectInvariants(run, server, ids, error);
                return;
              }
              // Not one request after the abort.
              expect(server.requests).toHaveLength(requestsAtAbort);
              if (when === "in flight") {
                // The hung request is cancelled: the walk ends with the caller's reason.
                expect(error).toBe(reason);
              } else if (error === undefined) {
                // Aborted on the last page: the customers already in hand were all it had left.
                expect(ids).toHaveLength(c.total);
              } else if (!(error instanceof PartnerCenterError)) {
                expect(error).toBe(reason);
              }
            } finally {
              clearInterval(watcher);
            }
          });
        },
      ),
      propertyParams(40),
    );
  });
});
