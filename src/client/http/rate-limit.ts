/**
 * Pacing ahead of the service's limit: the `RateLimiter` contract every request of a client passes
 * through before it is sent, and the client's own sliding-window limiter.
 *
 * A sliding window rather than a token bucket: Partner Center counts requests per minute, and a
 * bucket that refills lets a full burst through at the start of every minute on top of the refill.
 * The window remembers the start times of the last `limit` requests (a ring of `limit` numbers, so
 * memory does not grow with the number of requests) and lets a request start only when the oldest
 * of them is at least `interval` milliseconds old. Waiters are served first come, first served.
 */

import { describeValue } from "../describe-value.js";

/**
 * Paces requests: `acquire` resolves when one more request may start, and rejects with the
 * signal's reason when `signal` aborts first. Implement it to plug in another limiter (bottleneck,
 * a limiter shared across processes); the client calls it once before every attempt it sends.
 */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
}

/** At most `limit` requests started in any `interval` milliseconds (p-throttle's shape). */
export interface RateLimit {
  /** How many requests may start in any window of `interval` milliseconds: a positive integer. */
  readonly limit: number;
  /** The window, in milliseconds. */
  readonly interval: number;
}

/**
 * Partner Center's documented limit for the Customer resource: 500 requests per minute per tenant
 * (Learn: customer-resources). The client paces to it by default when it calls a cloud's own API.
 */
export const PARTNER_CENTER_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ limit: 500, interval: 60_000 });

// Bounds that keep the ring and the timers sane: a million timestamps is 8 MB, and setTimeout
// cannot wait longer than 2^31 - 1 ms.
const MAX_LIMIT = 1_000_000;
const MAX_INTERVAL_MS = 2 ** 31 - 1;

/** The clock the limiter reads; tests replace it. */
export type Clock = () => number;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

/** The client's sliding-window limiter (see the module comment). */
export class SlidingWindowRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly interval: number;
  // The start times of the last `limit` requests; `next` is the oldest once the ring is full.
  private readonly starts: number[] = [];
  private next = 0;
  private readonly waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    { limit, interval }: RateLimit,
    private readonly now: Clock = Date.now,
  ) {
    this.limit = limit;
    this.interval = interval;
  }

  /** How many start times the window holds: never more than `limit`. */
  get size(): number {
    return this.starts.length;
  }

  /** How many callers are waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Only when nobody is queued: a newcomer must not overtake an earlier waiter.
    if (this.waiters.length === 0 && this.take()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort =
        signal &&
        (() => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          if (this.waiters.length === 0) this.stopTimer();
          reject(signal.reason);
        });
      const waiter: Waiter = { resolve, reject, signal, onAbort };
      signal?.addEventListener("abort", onAbort as () => void, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /**
   * About how long a request asking now would wait, in milliseconds (0 when it may start at once).
   * An estimate for progress messages: it counts the callers already waiting.
   */
  delayMs(): number {
    // Callers queue only once the ring is full, and a full ring stays full.
    if (this.starts.length < this.limit) return 0;
    // The request after `queued` waiters takes the slot of the (queued)-th oldest start, one
    // window later for each full round of waiters ahead of it.
    const queued = this.waiters.length;
    const rounds = Math.floor(queued / this.limit);
    const slot = this.starts[(this.next + queued) % this.limit] as number;
    return Math.max(0, slot + this.interval * (rounds + 1) - this.now());
  }

  /** Records a start now if the window has room. */
  private take(): boolean {
    const now = this.now();
    if (this.starts.length < this.limit) {
      this.starts.push(now);
      return true;
    }
    const oldest = this.starts[this.next] as number;
    if (now - oldest < this.interval) return false;
    this.starts[this.next] = now;
    this.next = (this.next + 1) % this.limit;
    return true;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const oldest = this.starts[this.next] ?? this.now();
    // At least 1 ms: a timer may fire a little before the clock reaches the window's end.
    const wait = Math.max(1, oldest + this.interval - this.now());
    this.timer = setTimeout(() => this.release(), wait);
  }

  private release(): void {
    this.timer = undefined;
    while (this.waiters.length > 0 && this.take()) {
      const waiter = this.waiters.shift() as Waiter;
      if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve();
    }
    if (this.waiters.length > 0) this.schedule();
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * A sliding-window limiter for `{ limit, interval }`: at most `limit` requests start in any
 * `interval` milliseconds. Pass the same one as `rateLimit` to several clients to give them one
 * budget (one client already shares its budget among all its walks).
 *
 * @example
 * const budget = slidingWindowRateLimiter({ limit: 500, interval: 60_000 });
 * const a = createPartnerCenterClient({ token, rateLimit: budget });
 * const b = createPartnerCenterClient({ token: otherToken, rateLimit: budget });
 */
export function slidingWindowRateLimiter(rateLimit: RateLimit): RateLimiter {
  return new SlidingWindowRateLimiter(checkRateLimit(rateLimit, "rateLimit"));
}

/**
 * Validates the `rateLimit` client option: `false` turns pacing off, `undefined` takes `fallback`
 * (the default for the base URL), `{ limit, interval }` builds a sliding window, and an object with
 * an `acquire` function is used as it is. A bad value is a `TypeError`/`RangeError` saying what to pass.
 */
export function resolveRateLimit(
  option: unknown,
  fallback: RateLimit | undefined,
  now: Clock = Date.now,
): RateLimiter | undefined {
  if (option === false) return undefined;
  if (option === undefined) return fallback && new SlidingWindowRateLimiter(fallback, now);
  if (typeof option !== "object" || option === null) {
    throw new TypeError(
      `rateLimit must be { limit, interval } (such as { limit: 500, interval: 60_000 }), a RateLimiter with an acquire() method, or false; got ${option === null || option === true ? String(option) : typeof option}.`,
    );
  }
  if ("acquire" in option) {
    if (typeof option.acquire !== "function") {
      throw new TypeError(
        `rateLimit.acquire must be a function (signal) => Promise<void>, got ${typeof option.acquire}.`,
      );
    }
    return option as RateLimiter;
  }
  return new SlidingWindowRateLimiter(checkRateLimit(option, "rateLimit"), now);
}

function checkRateLimit(option: unknown, name: string): RateLimit {
  if (typeof option !== "object" || option === null) {
    throw new TypeError(`${name} must be an object such as { limit: 500, interval: 60_000 }.`);
  }
  for (const key of Object.keys(option)) {
    if (key !== "limit" && key !== "interval") {
      throw new TypeError(
        `Unknown ${name} option "${key}"; expected limit and interval (or an object with an acquire() method).`,
      );
    }
  }
  const { limit, interval } = option as { limit?: unknown; interval?: unknown };
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new RangeError(
      `${name}.limit must be a whole number of requests from 1 to ${MAX_LIMIT}, such as 500; got ${describeValue(limit)}.`,
    );
  }
  if (
    typeof interval !== "number" ||
    !Number.isFinite(interval) ||
    interval <= 0 ||
    interval > MAX_INTERVAL_MS
  ) {
    throw new RangeError(
      `${name}.interval must be a positive number of milliseconds up to ${MAX_INTERVAL_MS}, such as 60000; got ${describeValue(interval)}.`,
    );
  }
  return { limit, interval };
}
