/**
 * `createMockFetch()`: the mock of `GET /v1/customers` as a `fetch`-compatible function, to pass as
 * the client's `fetch` option in unit tests. No network, no process, no Node-only API: it answers
 * in the calling runtime (Node, Deno, Bun, a browser, an edge worker) from the same stand-in the
 * HTTP mock serves, with the same faults.
 */
import { createDataSet, type DataSet } from "./data-set.js";
import { type Fault, type FaultSchedule, formatFault, MAX_DELAY_MS, scheduleOf } from "./faults.js";
import { StandIn } from "./stand-in.js";

/** What `createMockFetch` accepts; every option has a default. */
export interface MockFetchOptions {
  /** How many customers (default 40). */
  readonly customers?: number;
  /** Seed of the data set (default 1): the same seed gives the same customers in the same order. */
  readonly seed?: number;
  /**
   * Faults by request number, in the grammar of `pc-customers mock --faults` (`"429@3,503@5:2s"`)
   * or as objects (`[{ kind: "429", at: 3, retryAfterSeconds: 1 }]`). Request 1 is the first the
   * mock receives, retries included.
   */
  readonly faults?: string | readonly Fault[];
  /** Added to every response, in milliseconds (default 0). */
  readonly latencyMs?: number;
}

/** One request the mock received. */
export interface MockRequest {
  /** 1 for the first request: the number faults are scheduled by. */
  readonly index: number;
  readonly method: string;
  /** Path and query string (at most 2048 characters); the operation carries no secret there. */
  readonly url: string;
  /** Whether it carried an `MS-ContinuationToken`. */
  readonly continuation: boolean;
  /** The fault applied, in the grammar's notation (`429@3:1s`), if any. */
  readonly fault: string | undefined;
  /** The status answered; 0 for a dropped connection (`reset`) or a request aborted while it waited. */
  status: number;
}

/** A `fetch`-compatible mock of Partner Center, with what it serves and what it saw. */
export interface MockFetch {
  (input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** The customers it serves, with the indirect partners' tenant ids. */
  readonly dataSet: DataSet;
  /** Every request so far, in order (the last 10 000). */
  readonly requests: readonly MockRequest[];
}

const MAX_LOG = 10_000;

/**
 * Creates an in-process mock of `GET /v1/customers`: seek paging with continuation tokens, the
 * `starts_with` filters, Partner Center's error bodies and the scheduled faults, on any origin.
 * Pass it as the client's `fetch`:
 *
 * ```ts
 * const fetch = createMockFetch({ faults: "429@2" });
 * const client = createPartnerCenterClient({ token: "any", fetch });
 * ```
 *
 * A `reset` fault rejects with a `TypeError`, as `fetch` does when a connection drops. Bad options
 * throw a `RangeError` or `FaultSyntaxError` at once.
 */
export function createMockFetch(options: MockFetchOptions = {}): MockFetch {
  const dataSet = createDataSet({
    ...(options.customers === undefined ? {} : { customers: options.customers }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const schedule: FaultSchedule = scheduleOf(options.faults);
  const latencyMs = checkLatency(options.latencyMs);
  const standIn = new StandIn(dataSet);
  const requests: MockRequest[] = [];
  let count = 0;

  const mockFetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const index = ++count;
    const fault = schedule.get(index);
    const url = new URL(request.url);
    const record: MockRequest = {
      index,
      method: request.method,
      url: (url.pathname + url.search).slice(0, 2048),
      continuation: request.headers.has("ms-continuationtoken"),
      fault: fault === undefined ? undefined : formatFault(fault),
      status: 0,
    };
    requests.push(record);
    if (requests.length > MAX_LOG) requests.shift();
    const delay = latencyMs + (fault?.kind === "slow" ? fault.delayMs : 0);
    if (delay > 0) await sleep(delay, request.signal);
    request.signal.throwIfAborted();
    if (fault?.kind === "reset")
      throw new TypeError("fetch failed: the mock dropped the connection (reset fault)");
    const response = standIn.respond(request, fault);
    record.status = response.status;
    return response;
  };
  return Object.assign(mockFetch, { dataSet, requests });
}

/** Checks a latency option: milliseconds from 0 to `MAX_DELAY_MS` (0 when left out). */
export function checkLatency(latencyMs: number | undefined): number {
  const value = latencyMs ?? 0;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_DELAY_MS)
    throw new RangeError(`latencyMs must be from 0 to ${MAX_DELAY_MS} milliseconds, got ${String(value)}.`);
  return value;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (as fetch does). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
