// The client's pacing, without a network: which clients pace by default, the sliding window on a
// fake clock (at most `limit` starts in any `interval`, first come first served, aborts honoured),
// and the walk guard's memory over a long walk of huge continuation tokens.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLOUDS } from "../../src/client/clouds.js";
import { SlidingWindowRateLimiter } from "../../src/client/http/rate-limit.js";
import { DEFAULT_RUNTIME } from "../../src/client/http/transport.js";
import { LOOP_WINDOW, WalkGuard } from "../../src/client/http/walk-guard.js";
import type { RateLimiter } from "../../src/client/index.js";
import { type PartnerCenterClientOptions, resolveOptions } from "../../src/client/options.js";

const limiterOf = (options: Partial<PartnerCenterClientOptions>) =>
  resolveOptions({ token: "t", ...options }, DEFAULT_RUNTIME).settings.pacer.limiter;

describe("rateLimit: on by default against a cloud's own API, off elsewhere", () => {
  it.each(Object.keys(CLOUDS))("paces to 500 requests per 60 s for cloud %s", (cloud) => {
    const limiter = limiterOf({ cloud: cloud as keyof typeof CLOUDS });
    expect(limiter).toBeInstanceOf(SlidingWindowRateLimiter);
    expect(limiter).toMatchObject({ limit: 500, interval: 60_000 });
  });

  it("paces when baseUrl is a cloud's own API written out (trailing slash and all)", () => {
    expect(limiterOf({ baseUrl: "https://api.partnercenter.microsoft.com/" })).toMatchObject({
      limit: 500,
      interval: 60_000,
    });
    expect(limiterOf({ baseUrl: `${CLOUDS.china.baseUrl}` })).toBeInstanceOf(SlidingWindowRateLimiter);
  });

  it.each([
    "http://127.0.0.1:4010",
    "https://proxy.contoso.test",
    "https://api.partnercenter.microsoft.com/mock",
  ])("does not pace with the custom baseUrl %s", (baseUrl) => {
    expect(limiterOf({ baseUrl })).toBeUndefined();
  });

  it("false turns pacing off against the cloud; { limit, interval } turns it on anywhere", () => {
    expect(limiterOf({ rateLimit: false })).toBeUndefined();
    const custom = limiterOf({ baseUrl: "http://127.0.0.1:4010", rateLimit: { limit: 7, interval: 900 } });
    expect(custom).toBeInstanceOf(SlidingWindowRateLimiter);
    expect(custom).toMatchObject({ limit: 7, interval: 900 });
  });

  it("uses a RateLimiter of the caller's as it is", () => {
    const mine: RateLimiter = { acquire: async () => {} };
    expect(limiterOf({ rateLimit: mine })).toBe(mine);
  });
});

describe("the sliding window (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Starts `count` acquires and records the order in which they resolve. */
  function queue(limiter: SlidingWindowRateLimiter, count: number, signal?: AbortSignal) {
    const started: number[] = [];
    const settled = Array.from({ length: count }, (_, i) =>
      limiter.acquire(signal).then(
        () => {
          started.push(i);
        },
        (error: unknown) => error,
      ),
    );
    return { started, settled };
  }

  it("lets `limit` requests start at once and the next ones only as the oldest leave the window", async () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 3, interval: 1_000 });
    const { started } = queue(limiter, 7);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("is a sliding window: starts spread over a window free their slots one by one", async () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 2, interval: 1_000 });
    await limiter.acquire();
    await vi.advanceTimersByTimeAsync(600);
    await limiter.acquire();
    const { started } = queue(limiter, 2);
    // The first slot frees at 1 000 ms, the second at 1 600 ms: never two starts within 1 s.
    await vi.advanceTimersByTimeAsync(399);
    expect(started).toEqual([]);
    // A third caller now would start after both waiters: when the first of them leaves the window.
    expect(limiter.delayMs()).toBe(2_000 - 999);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([0]);
    await vi.advanceTimersByTimeAsync(599);
    expect(started).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([0, 1]);
    expect(limiter.size).toBe(2);
  });

  it("serves waiters first come, first served: a newcomer never overtakes", async () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, interval: 100 });
    await limiter.acquire();
    const order: string[] = [];
    const early = limiter.acquire().then(() => order.push("early"));
    await vi.advanceTimersByTimeAsync(100);
    await early;
    // A slot is free for "late" only after "waiting", which queued first.
    const waiting = limiter.acquire().then(() => order.push("waiting"));
    const late = limiter.acquire().then(() => order.push("late"));
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all([waiting, late]);
    expect(order).toEqual(["early", "waiting", "late"]);
  });

  it("rejects a waiter whose signal aborts with the signal's reason, and lets the others go on", async () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, interval: 1_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal).catch((error: unknown) => error);
    const { started } = queue(limiter, 1);
    const reason = new Error("stop");
    controller.abort(reason);
    expect(await aborted).toBe(reason);
    expect(limiter.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toEqual([0]);
    await expect(limiter.acquire(controller.signal)).rejects.toBe(reason);
  });

  it("leaves no timer behind once every waiter has given up", async () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, interval: 60_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal).catch(() => {});
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await waiting;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("holds `limit` timestamps however many requests pass", async () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 5, interval: 10 });
    for (let i = 0; i < 1_000; i++) {
      const waiting = limiter.acquire();
      await vi.advanceTimersByTimeAsync(2);
      await waiting;
    }
    expect(limiter.size).toBe(5);
  });
});

/** Every primitive value held in `value`'s own fields, arrays, sets and nested objects. */
function heldValues(value: unknown, seen = new Set<unknown>()): unknown[] {
  if (typeof value !== "object" || value === null) return [value];
  if (seen.has(value)) return [];
  seen.add(value);
  const children = value instanceof Set || Array.isArray(value) ? [...value] : Object.values(value);
  return children.flatMap((child) => heldValues(child, seen));
}

describe("the walk guard keeps flat memory", () => {
  it("remembers at most LOOP_WINDOW numbers over 5,000 pages of 16,000-character tokens, and no token", () => {
    const guard = new WalkGuard("url /v1/customers");
    for (let page = 0; page < 5_000; page++) {
      const token = `${page.toString(36)}:`.padEnd(16_000, "x");
      expect(guard.repeats(`token ${token}`)).toBe(false);
      expect(guard.checkPage([{ id: `c${page}` }], true)).toBeUndefined();
    }
    expect(guard.size).toBe(LOOP_WINDOW);
    expect(LOOP_WINDOW).toBeLessThan(5_000);
    // Structurally: everything the guard holds (its fields, and theirs) is a number or one page's
    // short ids, never a token, and there are at most two windows of them.
    const retained = heldValues(guard);
    expect(retained.every((v) => typeof v === "number" || (typeof v === "string" && v.length < 16))).toBe(
      true,
    );
    expect(retained.length).toBeLessThanOrEqual(4 * LOOP_WINDOW + 16); // + counters and one id
  });

  it("ends a walk whose pages take turns under fresh tokens (A, B, A)", () => {
    const guard = new WalkGuard("url /v1/customers");
    expect(guard.checkPage([{ id: "a" }], true)).toBeUndefined();
    expect(guard.checkPage([{ id: "b" }], true)).toBeUndefined();
    expect(guard.checkPage([{ id: "a" }], true)).toMatch(/same customers .* as an earlier page's/);
  });

  it("still spots a next link that comes back within the window", () => {
    const guard = new WalkGuard("url /v1/customers");
    const token = (i: number) => `token ${"t".repeat(16_000)}${i}`;
    for (let i = 0; i < 100; i++) expect(guard.repeats(token(i))).toBe(false);
    expect(guard.repeats(token(3))).toBe(true);
    expect(guard.repeats("url /v1/customers")).toBe(true);
  });
});
