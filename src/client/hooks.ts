/**
 * The hooks a long-running job uses to see what the client does: each retry before its wait, and
 * each page as it arrives (for progress lines and checkpoints). Modelled on ky's `hooks` option and
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

/** The client's hooks, all optional. */
export interface PartnerCenterHooks {
  /** Called before each retry's wait, for example to show "throttled, waiting 57 s". */
  readonly onRetry?: (event: RetryEvent) => unknown;
  /**
   * Called for each page of a `customers.list()` walk before the page is handed out (both when
   * iterating items and pages), for example to save `continuationToken` as a checkpoint.
   */
  readonly onPage?: (event: PageEvent<unknown>) => unknown;
}

const HOOK_NAMES = ["onRetry", "onPage"] as const;

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
      throw new TypeError(`Unknown hook "${name}"; expected ${HOOK_NAMES.join(" or ")}.`);
    }
    if (hook !== undefined && typeof hook !== "function") {
      throw new TypeError(`hooks.${name} must be a function, got ${typeof hook}.`);
    }
  }
  return hooks as PartnerCenterHooks;
}
