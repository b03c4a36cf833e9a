// Pacing against real local servers: concurrent walks of one client share one rate budget, a 429's
// Retry-After holds every walk of the client, a custom RateLimiter sees every attempt (retries and
// raw calls included), and waiting for a slot honours the walk's signal.
import { describe, expect, it } from "vitest";
import type { PaceEvent, RateLimiter } from "../../src/client/index.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";
import type { Fault, RecordedRequest } from "../helpers/customer-server.js";

const start = serversClosedAfterEach();
const REAL_TIME = {};

/**
 * A fault schedule that throttles like the service: more than `limit` requests arriving within
 * `windowMs` get a 429. `arrivals` lists every request's arrival time.
 */
function slidingWindowThrottle(limit: number, windowMs: number) {
  const arrivals: number[] = [];
  const throttled: RecordedRequest[] = [];
  const faults = (request: RecordedRequest): Fault | undefined => {
    const now = performance.now();
    arrivals.push(now);
    const recent = arrivals.filter((t) => now - t < windowMs).length;
    if (recent <= limit) return undefined;
    throttled.push(request);
    return { kind: "status", status: 429, headers: { "Retry-After": "1" } };
  };
  return { faults, arrivals, throttled };
}

describe("rateLimit: concurrent walks share one budget", () => {
  it("four walks at once never go over { limit: 5, interval: 600 } and never see a 429", async () => {
    // The server counts in a window a third as long as the client's: an arrival can lag its start
    // (a new connection, a busy machine), and the test must not depend on how little.
    const throttle = slidingWindowThrottle(5, 200);
    const server = await start({ customers: 12, faults: throttle.faults });
    const client = clientFor(server, { rateLimit: { limit: 5, interval: 600 }, retry: false }, REAL_TIME);
    const walks = await Promise.all(
      Array.from({ length: 4 }, () => collect(client.customers.list({ size: 4 }))),
    );
    for (const customers of walks) expect(customers).toEqual(server.customers);
    expect(server.requests).toHaveLength(12);
    expect(throttle.throttled).toEqual([]);
  });

  it("a walk waiting for a slot stops when its signal aborts, with the signal's reason, having sent nothing", async () => {
    const server = await start({ customers: 3 });
    const paces: PaceEvent[] = [];
    const client = clientFor(
      server,
      { rateLimit: { limit: 1, interval: 60_000 }, hooks: { onPace: (event) => paces.push(event) } },
      REAL_TIME,
    );
    await collect(client.customers.list());
    const controller = new AbortController();
    const waiting = collect(client.customers.list({ signal: controller.signal })).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error("the job was cancelled");
    controller.abort(reason);
    expect(await waiting).toBe(reason);
    expect(server.requests).toHaveLength(1);
    expect(paces).toHaveLength(1);
    expect(paces[0]).toMatchObject({ reason: "rate-limit", correlationId: expect.any(String) });
    expect(paces[0]?.delayMs).toBeGreaterThan(50_000);
    expect(paces[0]?.delayMs).toBeLessThanOrEqual(60_000);
  });
});

describe("shared back-off: a 429 with Retry-After holds every walk of the client", () => {
  it("a walk started while another is throttled sends nothing before the Retry-After has passed", async () => {
    const arrivals = new Map<number, number>();
    const server = await start({
      customers: 6,
      faults: (request) => {
        arrivals.set(request.index, Date.now());
        return request.index === 1
          ? { kind: "status", status: 429, headers: { "Retry-After": "1" } }
          : undefined;
      },
    });
    const paces: PaceEvent[] = [];
    let other: Promise<unknown[]> | undefined;
    const client = clientFor(
      server,
      {
        hooks: {
          // The second walk starts once the first has been throttled (the hook runs before its wait).
          onRetry: () => {
            other ??= collect(client.customers.list({ size: 3 }));
          },
          onPace: (event) => paces.push(event),
        },
      },
      REAL_TIME,
    );
    const first = await collect(client.customers.list({ size: 6 }));
    const second = await other;
    expect(first).toEqual(server.customers);
    expect(second).toEqual(server.customers);
    const throttledAt = arrivals.get(1) as number;
    const secondWalk = server.requests.filter((r) => r.url.startsWith("/v1/customers?size=3"));
    expect(secondWalk.length).toBeGreaterThan(0);
    // The client computes the pause from when the 429 reached it, after the server sent it; a
    // few milliseconds spare for timers that fire a little before the clock says.
    for (const request of secondWalk)
      expect(arrivals.get(request.index)).toBeGreaterThanOrEqual(throttledAt + 1_000 - 15);
    expect(paces).toHaveLength(1);
    expect(paces[0]?.reason).toBe("throttled");
    expect(paces[0]?.delayMs).toBeGreaterThan(0);
    expect(paces[0]?.delayMs).toBeLessThanOrEqual(1_000);
    expect(paces[0]?.correlationId).toBe(secondWalk[0]?.headers["ms-correlationid"]);
  });

  it("the hold is capped by maxRetryAfterMs and taken by raw calls too (recorded sleeps, no waiting)", async () => {
    const server = await start({
      customers: 2,
      faults: { 1: { kind: "status", status: 429, headers: { "Retry-After": "3600" } } },
    });
    // A frozen clock, and sleeps that only record (after a timer turn, so that the raw call,
    // started in the hook, reaches the gate while the walk still sleeps).
    const sleeps: number[] = [];
    const runtime = {
      now: () => 5_000_000,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    };
    const paces: PaceEvent[] = [];
    let raw: Promise<unknown> | undefined;
    const client = clientFor(
      server,
      {
        retry: { maxRetryAfterMs: 30_000 },
        hooks: {
          onRetry: () => {
            raw ??= client.raw.GET("/v1/customers");
          },
          onPace: (event) => paces.push(event),
        },
      },
      runtime,
    );
    await collect(client.customers.list());
    await raw;
    // The throttled walk's own back-off, and the raw call held for the same 30 s.
    expect(sleeps).toEqual([30_000, 30_000]);
    expect(paces.map((p) => [p.reason, p.delayMs])).toEqual([["throttled", 30_000]]);
    expect(server.requests).toHaveLength(3);
  });
});

describe("a custom RateLimiter", () => {
  it("is asked once for every request the client sends: each page, each retry, each raw call", async () => {
    const server = await start({
      customers: 6,
      faults: {
        2: { kind: "status", status: 503 },
        3: { kind: "reset" },
        5: { kind: "status", status: 429, headers: { "Retry-After": "2" } },
      },
    });
    const signals: Array<AbortSignal | undefined> = [];
    const limiter: RateLimiter = {
      acquire: async (signal) => {
        signals.push(signal);
      },
    };
    const controller = new AbortController();
    const client = clientFor(server, { rateLimit: limiter });
    expect(await collect(client.customers.list({ size: 2, signal: controller.signal }))).toEqual(
      server.customers,
    );
    await client.raw.GET("/v1/customers");
    expect(server.requests).toHaveLength(7);
    expect(signals).toHaveLength(7);
    expect(signals.slice(0, 6).every((s) => s === controller.signal)).toBe(true);
  });

  it("a limiter that rejects ends the walk with its error, before anything is sent", async () => {
    const server = await start({ customers: 2 });
    const refusal = new Error("budget exhausted for today");
    const client = clientFor(server, { rateLimit: { acquire: () => Promise.reject(refusal) } });
    await expect(collect(client.customers.list())).rejects.toBe(refusal);
    expect(server.requests).toHaveLength(0);
  });
});
