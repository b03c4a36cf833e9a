/**
 * `customers.list()`: every customer of the partner, through all pages of `GET /v1/customers`,
 * optionally narrowed by the `starts_with` search filter.
 */
import type { components, operations } from "../../generated/partner-center.js";
import { BadRequestError, isBadRequestError } from "./errors/errors.js";
import {
  type BaseUrl,
  CONTINUATION_HEADER,
  checkContinuationToken,
  type PagedAsyncIterable,
  type PageRequest,
  type PageSettings,
  pagedIterable,
  walkPages,
} from "./http/paging.js";
import { sendOk, type TransportSettings } from "./http/transport.js";

/**
 * The `relationshipToPartner` values Partner Center documents (the spec's `RelationshipToPartner`
 * enum; a test holds the two together).
 */
export const KNOWN_RELATIONSHIPS_TO_PARTNER = Object.freeze([
  "none",
  "reseller",
  "advisor",
  "syndication",
  "microsoft_support",
  "unknown",
] as const);

/** A documented `relationshipToPartner` value. */
export type KnownRelationshipToPartner = (typeof KNOWN_RELATIONSHIPS_TO_PARTNER)[number];

/**
 * A customer's `relationshipToPartner`: a documented value, which editors offer as you type, or a
 * newer lower snake_case one the service has added since. (The generated type is plain `string`:
 * a union of literals with `string` collapses to `string`; `string & Record<never, never>` does
 * not, and still accepts every string.)
 */
export type RelationshipToPartner = KnownRelationshipToPartner | (string & Record<never, never>);

/** A customer of the partner, as the API returns it (generated from the spec). */
export type Customer = Omit<components["schemas"]["Customer"], "relationshipToPartner"> & {
  relationshipToPartner: RelationshipToPartner;
};
/**
 * One page of customers, as the API returns it (generated from the spec). As `byPage()` yields it,
 * its `continuationToken` is the one to resume after it (absent on the last page).
 */
export type CustomerCollection = Omit<components["schemas"]["CustomerCollection"], "items"> & {
  items: Customer[];
};
/** The fields a customer search can filter on. */
export type CustomerFilterField = components["schemas"]["CustomerFilter"]["Field"];

/** A search filter: customers whose `field` starts with `value` (case is ignored by the service). */
export interface CustomerFilter {
  /** `CompanyName`, `Domain`, `IndirectReseller` or `IndirectCloudSolutionProvider`. */
  readonly field: CustomerFilterField;
  /** The prefix to look for; for the indirect fields, the reseller's or provider's tenant id. */
  readonly value: string;
}

/** What `customers.list()` accepts. */
export interface ListCustomersParams {
  /**
   * Customers per page, a non-negative integer. Omitted or `0` means the service's default page
   * size (observed: 500). It only shapes the requests: iteration always covers every page.
   */
  readonly size?: number;
  /** Only the customers matching this filter. */
  readonly filter?: CustomerFilter;
  /** Cancels the walk: the current request, any retry wait, and every later page. */
  readonly signal?: AbortSignal;
  /**
   * Resume: start after the page whose `continuationToken` this is, for items and pages alike
   * (`byPage({ continuationToken })` overrides it). Give the same `size` and `filter` as the walk
   * it came from. A token the service no longer accepts is a `BadRequestError` that says so.
   */
  readonly continuationToken?: string;
}

/** The customers operations. */
export interface CustomersApi {
  /**
   * Lists the partner's customers. Iterate it for every customer across all pages, or call
   * `.byPage()` for the pages. Nothing is requested until iteration starts; each iteration is a
   * new walk with its own `MS-CorrelationId`. Bad `params` throw here, before any request.
   *
   * To resume a job later, save the `continuationToken` of each page once its items are done, and
   * pass the last one saved as `byPage({ continuationToken })` or `list({ continuationToken })`:
   * the walk continues with the next page, so every customer is seen exactly once.
   */
  list(params?: ListCustomersParams): PagedAsyncIterable<Customer, CustomerCollection>;
}

// A record, not an array, so the compiler checks it against the spec's enum in both directions.
const FILTER_FIELDS: Readonly<Record<CustomerFilterField, true>> = {
  CompanyName: true,
  Domain: true,
  IndirectReseller: true,
  IndirectCloudSolutionProvider: true,
};
/**
 * The names of `list()`'s parameters and of a filter's fields, as the validator knows them (a test
 * checks that each has a bad-input case). Not part of the public API.
 * @internal
 */
export const LIST_PARAM_NAMES: readonly (keyof ListCustomersParams)[] = Object.freeze([
  "size",
  "filter",
  "signal",
  "continuationToken",
]);
/** @internal */
export const FILTER_KEYS: readonly (keyof CustomerFilter)[] = Object.freeze(["field", "value"]);
const PARAMS: ReadonlySet<string> = new Set(LIST_PARAM_NAMES);

type ListQuery = NonNullable<operations["listCustomers"]["parameters"]["query"]>;

/** The customers operations over one transport. */
export function customersApi(settings: TransportSettings, base: BaseUrl): CustomersApi {
  return {
    list(params = {}) {
      const first = firstPageUrl(base, params);
      const { signal } = params;
      const listToken =
        params.continuationToken === undefined ? undefined : checkContinuationToken(params.continuationToken);
      return pagedIterable<Customer, CustomerCollection>((pageSettings?: PageSettings) => {
        const token = resumeFrom(pageSettings) ?? listToken;
        // One correlation id for the whole walk: every page and every retry.
        const correlationId = settings.runtime.newId();
        return walkPages<CustomerCollection>(
          (request) => loadPage(settings, request, correlationId, signal),
          token === undefined ? { url: first, headers: undefined } : seekRequest(first, token),
          base,
          settings.hooks.onPage,
        );
      });
    },
  };
}

function resumeFrom(pageSettings: PageSettings | undefined): string | undefined {
  if (pageSettings === undefined) return undefined;
  if (typeof pageSettings !== "object" || pageSettings === null) {
    throw new TypeError("byPage() takes an object such as { continuationToken }, or nothing.");
  }
  const { continuationToken } = pageSettings;
  return continuationToken === undefined ? undefined : checkContinuationToken(continuationToken);
}

/**
 * The request that continues a walk from a saved token: the first page's URL (same `size` and
 * filter, as the service's own next links keep `size`) with `seekOperation=Next`, and the token in
 * `MS-ContinuationToken`, as the .NET SDK's `QueryType.Seek` sends it.
 */
export function seekRequest(first: string, token: string): PageRequest {
  return {
    url: `${first}${first.includes("?") ? "&" : "?"}seekOperation=Next`,
    headers: { [CONTINUATION_HEADER]: token },
  };
}

async function loadPage(
  settings: TransportSettings,
  request: PageRequest,
  correlationId: string,
  signal: AbortSignal | undefined,
) {
  try {
    return await sendOk(settings, {
      url: request.url,
      headers: request.headers,
      correlationId,
      signal,
      redactEarlier: request.redactEarlier,
    });
  } catch (error) {
    // The service answers a seek with a token it no longer knows (expired, from another walk or
    // tenant, mangled) with a bare 400: say which input it was, and what to do.
    if (isBadRequestError(error) && request.headers?.[CONTINUATION_HEADER] !== undefined) {
      throw new BadRequestError(
        `${error.message}. The service refused the continuation token: it has expired or is unknown, so it can no longer be used. Start the walk again without continuationToken (and discard the saved one).`,
        error,
      );
    }
    throw error;
  }
}

/** Validates `params` and builds the first page's URL: `/v1/customers?size=…&filter=…`. */
export function firstPageUrl(base: BaseUrl, params: ListCustomersParams): string {
  if (typeof params !== "object" || params === null) {
    throw new TypeError("customers.list() takes an object such as { size: 40 }.");
  }
  for (const key of Object.keys(params)) {
    if (!PARAMS.has(key))
      throw new TypeError(
        `Unknown customers.list() option "${key}"; expected size, filter, signal or continuationToken.`,
      );
  }
  const { size, filter, signal } = params;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `signal must be an AbortSignal. Pass an AbortController's signal or AbortSignal.timeout(60_000); got ${typeof signal}.`,
    );
  }
  const query: ListQuery = {};
  if (size !== undefined) {
    if (typeof size !== "number") {
      throw new TypeError(`size must be a number, got ${typeof size}. Pass a whole number such as 100.`);
    }
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new RangeError(`size must be a non-negative integer (0 for the service's default), got ${size}.`);
    }
    query.size = size;
  }
  if (filter !== undefined) query.filter = filterJson(filter);
  let url = `${base.url}/v1/customers`;
  let separator = "?";
  for (const [name, value] of Object.entries(query)) {
    url += `${separator}${name}=${encodeURIComponent(value)}`;
    separator = "&";
  }
  return url;
}

/** The `filter` query value: `{"Field":…,"Value":…,"Operator":"starts_with"}`, keys as the .NET SDK writes them. */
function filterJson(filter: CustomerFilter): string {
  if (typeof filter !== "object" || filter === null) {
    throw new TypeError('filter must be an object such as { field: "CompanyName", value: "Cont" }.');
  }
  // An unknown key would be dropped in silence: { operator: "equals" } would still search with
  // starts_with, and the SDK's { Field, Value } would search nothing. Either is a wrong answer.
  for (const key of Object.keys(filter)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new TypeError(
        `Unknown filter option "${key}"; a filter has field and value only (the service supports one operator, starts_with), such as { field: "CompanyName", value: "Cont" }.`,
      );
    }
  }
  const { field, value } = filter;
  if (field === undefined) {
    throw new TypeError(`filter needs a field: one of ${Object.keys(FILTER_FIELDS).join(", ")}.`);
  }
  if (typeof field !== "string" || !Object.hasOwn(FILTER_FIELDS, field)) {
    throw new RangeError(
      `Unknown filter field ${typeof field === "string" ? JSON.stringify(field) : typeof field}; expected one of ${Object.keys(FILTER_FIELDS).join(", ")}.`,
    );
  }
  if (typeof value !== "string") {
    throw new TypeError(`filter.value must be a string such as "Cont", got ${typeof value}.`);
  }
  if (value.length === 0) {
    throw new RangeError('filter.value must not be empty. Give the prefix to search for, such as "Cont".');
  }
  const json: components["schemas"]["CustomerFilter"] = {
    Field: field,
    Value: value,
    Operator: "starts_with",
  };
  return JSON.stringify(json);
}
