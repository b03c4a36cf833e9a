/**
 * The gate every attempt of one client passes before it is sent: first the shared back-off (a 429's
 * `Retry-After` holds every request of the client, not only the one that got it, since the service
 * counts the client's requests together), then the rate limiter. One pacer per client, so all its
 * walks and `raw` calls share one budget.
 */
import type { PaceEvent } from "../hooks.js";
import { type RateLimiter, SlidingWindowRateLimiter } from "./rate-limit.js";
import type { Sleep } from "./retry.js";

/** A time before which no request of the client starts. Compared by identity: each 429 makes a new one. */
export interface Pause {
  /** The clock's time (`now()`) until which requests wait. */
  readonly until: number;
}

/** What the pacer needs from the runtime: a clock and a sleep that honours a signal. */
export interface PacerRuntime {
  readonly now: () => number;
  readonly sleep: Sleep;
}

/** The pacing of one client. */
export class Pacer {
  private pause: Pause | undefined;

  constructor(
    /** The limiter every attempt acquires a slot from; `undefined` when pacing is off. */
    readonly limiter: RateLimiter | undefined,
    private readonly runtime: PacerRuntime,
    private readonly onPace: ((event: PaceEvent) => unknown) | undefined,
  ) {}

  /**
   * Whether an attempt must go through `ready` first: there is a limiter, or a pause the caller
   * has not sat out. Synchronous, so a client without pacing pays no promise per attempt.
   */
  mustWait(waited: Pause | undefined): boolean {
    return this.limiter !== undefined || (this.pause !== undefined && this.pause !== waited);
  }

  /**
   * Holds every request of the client until `untilMs` (a later hold wins). Returns the pause now in
   * force, so the caller can tell whether its own back-off sleep covers it.
   */
  holdUntil(untilMs: number): Pause {
    if (this.pause === undefined || this.pause.until < untilMs) this.pause = { until: untilMs };
    return this.pause;
  }

  /** Ends `pause` early, if it is still the one in force: the request that was throttled has waited it out. */
  release(pause: Pause): void {
    if (this.pause === pause) this.pause = undefined;
  }

  /**
   * Resolves when an attempt may be sent: after any pause other than `waited` (which the caller
   * already sat out) and with a slot from the limiter. Rejects with the signal's reason on abort,
   * or with the `onPace` hook's error. Returns the last pause it sat out, for the next attempt.
   */
  async ready(
    signal: AbortSignal | undefined,
    correlationId: string,
    waited: Pause | undefined,
  ): Promise<Pause | undefined> {
    let satOut = waited;
    for (;;) {
      for (let pause = this.pause; pause !== undefined && pause !== satOut; pause = this.pause) {
        const delayMs = pause.until - this.runtime.now();
        if (delayMs > 0) {
          await this.onPace?.({ reason: "throttled", delayMs, correlationId });
          await this.runtime.sleep(delayMs, signal);
        }
        satOut = pause;
      }
      const { limiter } = this;
      if (limiter === undefined) return satOut;
      if (this.onPace !== undefined && limiter instanceof SlidingWindowRateLimiter) {
        const delayMs = limiter.delayMs();
        if (delayMs > 0) await this.onPace({ reason: "rate-limit", delayMs, correlationId });
      }
      await limiter.acquire(signal);
      // A 429 that arrived while this request queued holds it too (the slot it took is left
      // unused: that errs on the side of fewer requests).
      if (this.pause === undefined || this.pause === satOut) return satOut;
    }
  }
}
