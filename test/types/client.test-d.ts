import { describe, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/partner-center.js";
import {
  type Customer,
  type CustomerCollection,
  type CustomerFilterField,
  createPartnerCenterClient,
  isPartnerCenterError,
  isRateLimitError,
  KNOWN_RELATIONSHIPS_TO_PARTNER,
  type KnownRelationshipToPartner,
  type ListCustomersParams,
  type PagedAsyncIterable,
  type PartnerCenterClientOptions,
  type PartnerCenterError,
  type RateLimitError,
  type RelationshipToPartner,
  type RetryOptions,
} from "../../src/client/index.js";

const pc = createPartnerCenterClient({ token: "t" });
type Element<T> = T extends AsyncIterable<infer U> ? U : never;

describe("customers.list()", () => {
  it("yields the generated Customer, and byPage() the generated CustomerCollection", () => {
    const list = pc.customers.list({ size: 40 });
    expectTypeOf(list).toEqualTypeOf<PagedAsyncIterable<Customer, CustomerCollection>>();
    expectTypeOf<Element<typeof list>>().toEqualTypeOf<Customer>();
    expectTypeOf<Element<ReturnType<typeof list.byPage>>>().toEqualTypeOf<CustomerCollection>();
    // The generated types, with relationshipToPartner narrowed for autocomplete (and nothing else).
    expectTypeOf<Customer>().toExtend<components["schemas"]["Customer"]>();
    expectTypeOf<components["schemas"]["Customer"]>().toExtend<Customer>();
    expectTypeOf<CustomerCollection>().toExtend<components["schemas"]["CustomerCollection"]>();
    expectTypeOf<Omit<Customer, "relationshipToPartner">>().toEqualTypeOf<
      Omit<components["schemas"]["Customer"], "relationshipToPartner">
    >();
  });

  it("offers the documented relationshipToPartner values and still accepts a new one", () => {
    expectTypeOf<KnownRelationshipToPartner>().toEqualTypeOf<
      "none" | "reseller" | "advisor" | "syndication" | "microsoft_support" | "unknown"
    >();
    // Not collapsed to plain string: that is what keeps the literals in an editor's completions.
    expectTypeOf<RelationshipToPartner>().not.toEqualTypeOf<string>();
    expectTypeOf<KnownRelationshipToPartner>().toExtend<RelationshipToPartner>();
    expectTypeOf<"reseller">().toExtend<Customer["relationshipToPartner"]>();
    expectTypeOf<string>().toExtend<Customer["relationshipToPartner"]>();
    expectTypeOf(KNOWN_RELATIONSHIPS_TO_PARTNER).toExtend<readonly KnownRelationshipToPartner[]>();
  });

  it("takes size, a filter on the spec's fields, and a signal; nothing else", () => {
    expectTypeOf<CustomerFilterField>().toEqualTypeOf<components["schemas"]["CustomerFilter"]["Field"]>();
    pc.customers.list();
    pc.customers.list({ filter: { field: "Domain", value: "contoso" }, signal: AbortSignal.timeout(1000) });
    // @ts-expect-error an unknown filter field
    pc.customers.list({ filter: { field: "Name", value: "x" } });
    // @ts-expect-error size is a number
    pc.customers.list({ size: "40" });
    // @ts-expect-error no such option
    pc.customers.list({ pageSize: 40 });
    expectTypeOf<ListCustomersParams["size"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("createPartnerCenterClient options", () => {
  it("accepts a token string or a (possibly async) function, and the known clouds only", () => {
    createPartnerCenterClient({ token: () => "t" });
    createPartnerCenterClient({ token: async () => "t", cloud: "china", retry: false, timeoutMs: 5_000 });
    createPartnerCenterClient({ token: "t", retry: { limit: 5 }, fetch: (request) => fetch(request) });
    // @ts-expect-error an unknown cloud
    createPartnerCenterClient({ token: "t", cloud: "mars" });
    // @ts-expect-error the token is required
    createPartnerCenterClient({ cloud: "global" });
    expectTypeOf<PartnerCenterClientOptions["retry"]>().toEqualTypeOf<
      Partial<RetryOptions> | false | undefined
    >();
  });
});

describe("raw", () => {
  it("is typed from the generated paths", async () => {
    const { data, error } = await pc.raw.GET("/v1/customers", {
      params: { query: { size: 2, seekOperation: "Next" } },
    });
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["CustomerCollection"] | undefined>();
    type ErrorBody = components["schemas"]["PartnerCenterError"] | components["schemas"]["ThrottlingError"];
    // openapi-fetch wraps the body type in its Readable<>, so compare both ways instead of exactly.
    expectTypeOf<NonNullable<typeof error>>().toExtend<ErrorBody>();
    expectTypeOf<components["schemas"]["ThrottlingError"]>().toExtend<NonNullable<typeof error>>();
    // @ts-expect-error not a path of the spec
    pc.raw.GET("/v1/invoices");
  });
});

describe("errors", () => {
  it("carry the documented fields, and the guards narrow", () => {
    const caught: unknown = undefined;
    if (isPartnerCenterError(caught)) {
      expectTypeOf(caught.status).toEqualTypeOf<number>();
      expectTypeOf(caught.code).toEqualTypeOf<string | number | undefined>();
      expectTypeOf(caught.description).toEqualTypeOf<string | undefined>();
      expectTypeOf(caught.requestId).toEqualTypeOf<string | undefined>();
      expectTypeOf(caught.correlationId).toEqualTypeOf<string | undefined>();
      expectTypeOf(caught.retryAfter).toEqualTypeOf<number | undefined>();
    }
    if (isRateLimitError(caught)) expectTypeOf(caught).toEqualTypeOf<RateLimitError>();
    expectTypeOf<RateLimitError>().toExtend<PartnerCenterError>();
  });
});
