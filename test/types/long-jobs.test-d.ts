import { describe, expectTypeOf, it } from "vitest";
import {
  createPartnerCenterClient,
  type PaceEvent,
  type PaceReason,
  type PageEvent,
  type PageSettings,
  type PartnerCenterError,
  type PartnerCenterHooks,
  type RateLimiter,
  type RetryEvent,
  type RetryReason,
  slidingWindowRateLimiter,
} from "../../src/client/index.js";

describe("long sync jobs", () => {
  it("byPage and list take a continuationToken", () => {
    const list = createPartnerCenterClient({ token: "t" }).customers.list({ size: 500 });
    expectTypeOf(list.byPage).parameter(0).toEqualTypeOf<PageSettings | undefined>();
    createPartnerCenterClient({ token: "t" }).customers.list({ continuationToken: "c" });
  });

  it("hooks are typed, and errors carry a hint", () => {
    expectTypeOf<RetryEvent["reason"]>().toEqualTypeOf<RetryReason>();
    expectTypeOf<PageEvent<unknown>["continuationToken"]>().toEqualTypeOf<string | undefined>();
    const hooks: PartnerCenterHooks = {
      onRetry: ({ delayMs, status }) => expectTypeOf([delayMs, status]).toEqualTypeOf<number[]>(),
      onPage: async ({ index }) => expectTypeOf(index).toEqualTypeOf<number>(),
    };
    createPartnerCenterClient({ token: "t", hooks, maxResponseBytes: 1 << 20 });
    // @ts-expect-error an unknown hook
    createPartnerCenterClient({ token: "t", hooks: { onResponse: () => {} } });
    expectTypeOf<PartnerCenterError["hint"]>().toEqualTypeOf<string | undefined>();
  });

  it("rateLimit takes { limit, interval }, a RateLimiter or false; onPace says why a request waits", () => {
    createPartnerCenterClient({ token: "t", rateLimit: { limit: 500, interval: 60_000 } });
    createPartnerCenterClient({ token: "t", rateLimit: false });
    const limiter: RateLimiter = {
      acquire: async (signal) => {
        expectTypeOf(signal).toEqualTypeOf<AbortSignal | undefined>();
      },
    };
    createPartnerCenterClient({ token: "t", rateLimit: limiter });
    createPartnerCenterClient({
      token: "t",
      rateLimit: slidingWindowRateLimiter({ limit: 5, interval: 1_000 }),
    });
    // @ts-expect-error true is not a pacing
    createPartnerCenterClient({ token: "t", rateLimit: true });
    // @ts-expect-error a limit needs its interval
    createPartnerCenterClient({ token: "t", rateLimit: { limit: 500 } });
    expectTypeOf<PaceEvent["reason"]>().toEqualTypeOf<PaceReason>();
    expectTypeOf<PaceReason>().toEqualTypeOf<"throttled" | "rate-limit">();
    createPartnerCenterClient({
      token: "t",
      hooks: {
        onPace: ({ delayMs, correlationId }) => {
          expectTypeOf(delayMs).toEqualTypeOf<number>();
          expectTypeOf(correlationId).toEqualTypeOf<string>();
        },
      },
    });
  });
});
