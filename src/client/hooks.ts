/**
 * The hooks a long-running job uses to see what the client does: each retry before its wait, each
 * wait for pacing (a shared back-off or the rate limit), and each page as it arrives (for progress
 * lines and checkpoints). Modelled on ky's `hooks` option and
 * Kiota's retry handler. A hook may be async; it is awaited, and if it throws (or rejects) the call
 * or walk ends with that error, so a hook can also stop a job.
 */
import type { PageEvent } from "./http/paging.js";

export type { PageEvent } from "./http/paging.js";

/** Why an attempt is retried. */
export type RetryReason = "throttled" | "server-error" | "timeout" | "network";

/** What the `onRetry` hook is told, before the client waits and sends the request again. */
export interface RetryEvent {
  /** The number of the attempt that failed: 1 for the first request. */
  readonly attempt: number;
  /** The failed attempt's HTTP status; 0 when no response arrived (timeout, network). */
  readonly status: number;
  /** How long the client waits before the next attempt, in milliseconds. */
  readonly delayMs: number;
  /** The failed attempt's `MS-RequestId` (the response's when it sent one). */
  readonly requestId: string;
  /** The `MS-CorrelationId` of the call or walk. */
  readonly correlationId: string;
  readonly reason: RetryReason;
}

/**
 * Why a request waits before it is sent, though nothing failed: `"throttled"` when the service
 * answered another request of the client with a 429 and `Retry-After` (every request of the client
 * waits until then), `"rate-limit"` when the client's own `rateLimit` window is full.
 */
export type PaceReason = "throttled" | "rate-limit";

/** What the `onPace` hook is told, before a request waits for pacing. */
export interface PaceEvent {
  readonly reason: PaceReason;
  /**
   * About how long the request will wait, in milliseconds: exact for `"throttled"`, an estimate
   * for `"rate-limit"` (it counts the requests queued ahead).
   */
  readonly delayMs: number;
  /** The `MS-CorrelationId` of the call or walk that waits. */
  readonly correlationId: string;
}

/** The client's hooks, all optional. */
export interface PartnerCenterHooks {
  /** Called before each retry's wait, for example to show "throttled, waiting 57 s". */
  readonly onRetry?: (event: RetryEvent) => unknown;
  /**
   * Called before a request waits for pacing: the shared back-off after a 429 (every walk of the
   * client waits, not only the one that was throttled) or the client's own `rateLimit`. Not called
   * for a custom `RateLimiter`, whose waits the client cannot foresee.
   */
  readonly onPace?: (event: PaceEvent) => unknown;
  /**
   * Called for each page of a `customers.list()` walk before the page is handed out (both when
   * iterating items and pages), for example to save `continuationToken` as a checkpoint.
   */
  readonly onPage?: (event: PageEvent<unknown>) => unknown;
}

const HOOK_NAMES = ["onRetry", "onPace", "onPage"] as const;

/** Validates the `hooks` option: a `TypeError` naming a hook that is unknown or not a function. */
export function resolveHooks(hooks: unknown): PartnerCenterHooks {
  if (hooks === undefined) return {};
  if (typeof hooks !== "object" || hooks === null) {
    throw new TypeError(
      `hooks must be an object such as { onRetry, onPage }, got ${hooks === null ? "null" : typeof hooks}.`,
    );
  }
  for (const [name, hook] of Object.entries(hooks)) {
    if (!(HOOK_NAMES as readonly string[]).includes(name)) {
      throw new TypeError(
        `Unknown hook "${name}"; expected ${HOOK_NAMES.slice(0, -1).join(", ")} or ${HOOK_NAMES.at(-1)}.`,
      );
    }
    if (hook !== undefined && typeof hook !== "function") {
      throw new TypeError(`hooks.${name} must be a function, got ${typeof hook}.`);
    }
  }
  return hooks as PartnerCenterHooks;
}
