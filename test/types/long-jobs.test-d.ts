import { describe, expectTypeOf, it } from "vitest";
import {
  createPartnerCenterClient,
  type PageEvent,
  type PageSettings,
  type PartnerCenterError,
  type PartnerCenterHooks,
  type RetryEvent,
  type RetryReason,
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
});
