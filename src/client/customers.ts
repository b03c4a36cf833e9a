/**
 * `customers.list()`: every customer of the partner, through all pages of `GET /v1/customers`,
 * optionally narrowed by the `starts_with` search filter.
 */
import type { components, operations } from "../../generated/partner-center.js";
import { type BaseUrl, type PagedAsyncIterable, pagedIterable, walkPages } from "./http/paging.js";
import { sendOk, type TransportSettings } from "./http/transport.js";

/** A customer of the partner, as the API returns it (generated from the spec). */
export type Customer = components["schemas"]["Customer"];
/** One page of customers, as the API returns it (generated from the spec). */
export type CustomerCollection = components["schemas"]["CustomerCollection"];
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
}

/** The customers operations. */
export interface CustomersApi {
  /**
   * Lists the partner's customers. Iterate it for every customer across all pages, or call
   * `.byPage()` for the pages. Nothing is requested until iteration starts; each iteration is a
   * new walk with its own `MS-CorrelationId`. Bad `params` throw here, before any request.
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
      return pagedIterable<Customer, CustomerCollection>(() => {
        // One correlation id for the whole walk: every page and every retry.
        const correlationId = settings.runtime.newId();
        return walkPages<CustomerCollection>(
          (request) =>
            sendOk(settings, { url: request.url, headers: request.headers, correlationId, signal }),
          first,
          base,
        );
      });
    },
  };
}

/** Validates `params` and builds the first page's URL: `/v1/customers?size=…&filter=…`. */
export function firstPageUrl(base: BaseUrl, params: ListCustomersParams): string {
  if (typeof params !== "object" || params === null) {
    throw new TypeError("customers.list() takes an object such as { size: 40 }.");
  }
  for (const key of Object.keys(params)) {
    if (!PARAMS.has(key))
      throw new TypeError(`Unknown customers.list() option "${key}"; expected size, filter or signal.`);
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
