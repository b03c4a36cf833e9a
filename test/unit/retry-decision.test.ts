import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  DEFAULT_RETRY,
  parseRetryAfter,
  type RetryOptions,
  resolveRetryOptions,
  retryDecision,
  sleep,
} from "../../src/client/http/retry.js";

const options: RetryOptions = { limit: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
const half = () => 0.5;
const response = (status: number, retryAfterMs?: number) =>
  ({ kind: "response", status, retryAfterMs }) as const;

describe("retryDecision", () => {
  it.each([429, 500, 502, 503, 504])("retries a %i with a fresh MS-RequestId", (status) => {
    expect(retryDecision(1, response(status), options, half)).toEqual({
      retry: true,
      delayMs: 75,
      reuseRequestId: false,
    });
  });

  it.each([400, 401, 403, 404, 409, 412, 501])("never retries a %i", (status) => {
    expect(retryDecision(1, response(status), options, half)).toEqual({ retry: false });
  });

  it.each(["timeout", "network"] as const)("retries a %s with the same MS-RequestId", (kind) => {
    expect(retryDecision(1, { kind }, options, half)).toEqual({
      retry: true,
      delayMs: 75,
      reuseRequestId: true,
    });
  });

  it("waits what Retry-After asks, capped by maxRetryAfterMs", () => {
    expect(retryDecision(1, response(429, 2_000), options, half)).toMatchObject({
      retry: true,
      delayMs: 2_000,
    });
    expect(retryDecision(1, response(503, 0), options, half)).toMatchObject({ retry: true, delayMs: 0 });
    expect(retryDecision(1, response(429, 57_000), options, half)).toMatchObject({
      retry: true,
      delayMs: 5_000,
    });
  });

  it("stops after `limit` retries", () => {
    expect(retryDecision(3, response(503), options, half).retry).toBe(true);
    expect(retryDecision(4, response(503), options, half).retry).toBe(false);
    expect(retryDecision(1, { kind: "network" }, { ...options, limit: 0 }, half).retry).toBe(false);
  });
});

describe("backoffDelay", () => {
  it("doubles per attempt up to maxDelayMs, with half of it jittered", () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, options, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it("never overflows for very late attempts", () => {
    expect(backoffDelay(5_000, options, half)).toBe(750);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

  it("reads delta-seconds", () => {
    expect(parseRetryAfter("57", now)).toBe(57_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1_500);
  });

  it("reads an HTTP date relative to now, and a past date as 0", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wednesday, 21-Oct-15 07:28:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Tue, 20 Oct 2015 07:28:00 GMT", now)).toBe(0);
  });

  it("ignores a missing or unreadable header", () => {
    for (const value of [null, undefined, "", "soon", "-1", "1e3", "Foo, 21 Oct 2015 07:28:00 GMT"]) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});

describe("resolveRetryOptions", () => {
  it("uses DEFAULT_RETRY, merges a partial object, and `false` means no retries", () => {
    expect(resolveRetryOptions(undefined)).toEqual(DEFAULT_RETRY);
    expect(resolveRetryOptions({ limit: 5 })).toEqual({ ...DEFAULT_RETRY, limit: 5 });
    expect(resolveRetryOptions(false).limit).toBe(0);
  });

  it("rejects bad values and unknown keys with the key in the message", () => {
    expect(() => resolveRetryOptions({ limit: -1 })).toThrow(
      new RangeError("retry.limit must be a non-negative integer, got -1."),
    );
    expect(() => resolveRetryOptions({ limit: 1.5 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ baseDelayMs: Number.NaN })).toThrow(/retry\.baseDelayMs/);
    expect(() => resolveRetryOptions({ maxRetryAfter: 1 } as never)).toThrow(
      /Unknown retry option "maxRetryAfter"/,
    );
    expect(() => resolveRetryOptions(true as never)).toThrow(TypeError);
  });
});

describe("sleep", () => {
  it("waits, and rejects with the abort reason as soon as the signal aborts", async () => {
    const started = performance.now();
    await sleep(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4);
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    await expect(sleep(1, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });
});
