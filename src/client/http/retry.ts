/**
 * When to send a request again, and how long to wait first. Everything here is pure except
 * `sleep`, so the transport can take a fake clock and a recording sleep in tests.
 */

/** How the client retries throttled, failed and timed-out requests. */
export interface RetryOptions {
  /** How many times one request may be retried (so at most `limit + 1` attempts). `0` disables retries. */
  readonly limit: number;
  /** The first back-off delay in milliseconds; it doubles on every further retry. */
  readonly baseDelayMs: number;
  /** The longest back-off delay in milliseconds. */
  readonly maxDelayMs: number;
  /** The longest wait a server's `Retry-After` may impose, in milliseconds; longer waits are cut to this. */
  readonly maxRetryAfterMs: number;
}

/**
 * The retry settings used when `retry` is not given: 3 retries (as the official .NET SDK), back-off
 * from 0.5 s to 10 s, and at most one minute for a `Retry-After` (the documented throttling example
 * asks for 57 s).
 */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  limit: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
});

/** How one attempt ended, as far as retrying is concerned. */
export type AttemptOutcome =
  | { readonly kind: "response"; readonly status: number; readonly retryAfterMs: number | undefined }
  /** The attempt ran out of time before the response was complete. */
  | { readonly kind: "timeout" }
  /** The connection failed or dropped before the response was complete. */
  | { readonly kind: "network" }
  /** The runtime refused to send the request (a permission error, such as Deno's `PermissionDenied`). */
  | { readonly kind: "denied" };

/** Whether to retry, and if so after how long and with which `MS-RequestId`. */
export type RetryDecision =
  | { readonly retry: false }
  | { readonly retry: true; readonly delayMs: number; readonly reuseRequestId: boolean };

/** Statuses worth another attempt: throttling and the transient server errors. 400/401/403/404/409 never are. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

const NO_RETRY: RetryDecision = Object.freeze({ retry: false });

/**
 * The longest delay a timer can hold (2^31 - 1 ms, about 24.8 days). setTimeout runs a longer one
 * after 1 ms and prints a TimeoutOverflowWarning, so every retry delay is clamped to this.
 */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Decides what to do after attempt number `attempt` (1 for the first request) ended with `outcome`.
 * `random` returns a number in [0, 1) for the jitter.
 */
export function retryDecision(
  attempt: number,
  outcome: AttemptOutcome,
  options: RetryOptions,
  random: () => number,
): RetryDecision {
  // A permission the runtime lacks does not come back by waiting.
  if (attempt > options.limit || outcome.kind === "denied") return NO_RETRY;
  if (outcome.kind !== "response") {
    // No response reached us, so the service may never have seen the request: the Partner Center
    // headers documentation asks for the same MS-RequestId on such a retry (it is the idempotency key).
    return { retry: true, delayMs: backoffDelay(attempt, options, random), reuseRequestId: true };
  }
  if (!RETRYABLE_STATUSES.has(outcome.status)) return NO_RETRY;
  const delayMs =
    outcome.retryAfterMs === undefined
      ? backoffDelay(attempt, options, random)
      : Math.min(outcome.retryAfterMs, options.maxRetryAfterMs, MAX_DELAY_MS);
  // After any response the documentation asks for a new MS-RequestId.
  return { retry: true, delayMs, reuseRequestId: false };
}

/**
 * Exponential back-off with "equal jitter": half of the doubled delay is fixed, half random, so
 * clients throttled together spread out but never retry immediately.
 */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1), MAX_DELAY_MS);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;
// IMF-fixdate, RFC 850 and asctime dates all start with the day name; checking for it keeps
// Date.parse from reading junk such as "-1" or "soon" as a date.
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;
// asctime ("Sun Nov  6 08:49:37 1994") names no zone, so Date.parse would read it as local time;
// every HTTP date is GMT.
const ASCTIME = /^[a-z]{3} [a-z]{3} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4}$/i;

/**
 * Reads a `Retry-After` header, given as seconds or as an HTTP date, into milliseconds from
 * `nowMs`. Returns `undefined` when the header is missing or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (DELTA_SECONDS.test(text)) return Math.round(Number(text) * 1000);
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(ASCTIME.test(text) ? `${text} GMT` : text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real `Sleep`, on `setTimeout`. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_DELAY_MS),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Turns the `retry` client option into complete settings: `false` means no retries, an object
 * overrides `DEFAULT_RETRY` key by key. Bad values are a `TypeError`/`RangeError` naming the key.
 */
export function resolveRetryOptions(retry: Partial<RetryOptions> | false | undefined): RetryOptions {
  if (retry === undefined) return DEFAULT_RETRY;
  if (retry === false) return { ...DEFAULT_RETRY, limit: 0 };
  if (typeof retry !== "object" || retry === null) {
    throw new TypeError(
      `retry must be false or an object such as { limit: 3 }, got ${retry === null || typeof retry === "boolean" ? String(retry) : typeof retry}.`,
    );
  }
  const resolved: { -readonly [K in keyof RetryOptions]: number } = { ...DEFAULT_RETRY };
  for (const [key, value] of Object.entries(retry)) {
    if (!Object.hasOwn(DEFAULT_RETRY, key)) {
      throw new TypeError(
        `Unknown retry option "${key}"; expected ${Object.keys(DEFAULT_RETRY).join(", ")}.`,
      );
    }
    if (value === undefined) continue;
    const integer = key === "limit";
    if (
      // Stryker disable next-line ConditionalExpression: Number.isSafeInteger and Number.isFinite are false for anything but a number
      typeof value !== "number" ||
      !(integer ? Number.isSafeInteger(value) : Number.isFinite(value)) ||
      value < 0
    ) {
      throw new RangeError(
        `retry.${key} must be a non-negative ${integer ? "integer" : "number of milliseconds"}, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}.`,
      );
    }
    resolved[key as keyof RetryOptions] = value;
  }
  return resolved;
}
