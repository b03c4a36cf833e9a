/**
 * partner-center-customers: a typed client for the Microsoft Partner Center `GET /v1/customers`
 * API. This file is the package's public surface: named exports only.
 */
export { createPartnerCenterClient, type PartnerCenterClient } from "./client.js";
export { CLOUDS, type Cloud, type CloudEndpoints } from "./clouds.js";
export type {
  Customer,
  CustomerCollection,
  CustomerFilter,
  CustomerFilterField,
  CustomersApi,
  KnownRelationshipToPartner,
  ListCustomersParams,
  RelationshipToPartner,
} from "./customers.js";
export { KNOWN_RELATIONSHIPS_TO_PARTNER } from "./customers.js";
export {
  AuthenticationError,
  BadRequestError,
  isAuthenticationError,
  isBadRequestError,
  isNetworkError,
  isNotFoundError,
  isPartnerCenterError,
  isPermissionError,
  isRateLimitError,
  isServerError,
  isTimeoutError,
  isUnexpectedResponseError,
  NetworkError,
  NotFoundError,
  PartnerCenterError,
  type PartnerCenterErrorDetails,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  type UnexpectedResponseDetails,
  UnexpectedResponseError,
} from "./errors/errors.js";
export type {
  PaceEvent,
  PaceReason,
  PageEvent,
  PartnerCenterHooks,
  RetryEvent,
  RetryReason,
} from "./hooks.js";
export type { PagedAsyncIterable, PageSettings } from "./http/paging.js";
export {
  PARTNER_CENTER_RATE_LIMIT,
  type RateLimit,
  type RateLimiter,
  slidingWindowRateLimiter,
} from "./http/rate-limit.js";
export { DEFAULT_RETRY, type RetryOptions } from "./http/retry.js";
export type { FetchLike } from "./http/transport.js";
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  isLoopback,
  type PartnerCenterClientOptions,
} from "./options.js";
export type { TokenProvider } from "./security/token.js";
