/**
 * The client options: their public type, and their validation into transport settings. Every
 * check runs when the client is created, so a mistake is a `TypeError`/`RangeError` with a clear
 * message before any request, and the token never appears in one.
 */
import { CLOUDS, type Cloud, cloudEndpoints } from "./clouds.js";
import { describeValue } from "./describe-value.js";
import { type PartnerCenterHooks, resolveHooks } from "./hooks.js";
import { Pacer } from "./http/pacer.js";
import type { BaseUrl } from "./http/paging.js";
import {
  PARTNER_CENTER_RATE_LIMIT,
  type RateLimit,
  type RateLimiter,
  resolveRateLimit,
} from "./http/rate-limit.js";
import { type RetryOptions, resolveRetryOptions } from "./http/retry.js";
import type { FetchLike, Runtime, TransportSettings } from "./http/transport.js";
import { checkToken, type TokenProvider } from "./security/token.js";

/** Options of `createPartnerCenterClient`. */
export interface PartnerCenterClientOptions {
  /**
   * A Microsoft Entra ID access token for Partner Center (without "Bearer "), or a function that
   * returns one. The function is called before every request (each page, each retry), so it can
   * hand out refreshed tokens.
   */
  readonly token: TokenProvider;
  /** Which Partner Center cloud to call. Default `"global"`. */
  readonly cloud?: Cloud;
  /** The API base URL; overrides `cloud` (a proxy, a mock server). Must be https, except loopback. */
  readonly baseUrl?: string;
  /** Time limit of one attempt, body included, in milliseconds. Default 60 000; `Infinity` for none. */
  readonly timeoutMs?: number;
  /**
   * The most bytes one response body may have once decoded (after gzip), counted as it streams;
   * a larger one is refused with an `UnexpectedResponseError` and not retried. Default
   * `DEFAULT_MAX_RESPONSE_BYTES` (32 MiB); `Infinity` for no limit.
   */
  readonly maxResponseBytes?: number;
  /**
   * Pacing ahead of the service's limit, shared by every request of this client (every walk, page,
   * retry and `raw` call): `{ limit, interval }` for at most `limit` requests started in any
   * `interval` milliseconds (a sliding window), a `RateLimiter` of your own (its `acquire` is
   * called once before every attempt), or `false` for none. Default: Partner Center's documented
   * `{ limit: 500, interval: 60_000 }` when the client calls a cloud's own API, off with any other
   * `baseUrl` (a mock, a proxy, tests).
   */
  readonly rateLimit?: RateLimit | RateLimiter | false;
  /** Retry settings, merged over `DEFAULT_RETRY`, or `false` for no retries. */
  readonly retry?: Partial<RetryOptions> | false;
  /** `X-Locale` header: the language of returned text, such as `en-US`. */
  readonly locale?: string;
  /** `MS-PartnerCenter-Application` header: your application's name, for Microsoft's diagnostics. */
  readonly application?: string;
  /** A custom fetch, called once per attempt with a `Request` (for recording, proxies, tests). */
  readonly fetch?: FetchLike;
  /**
   * `onRetry` before each retry's wait and `onPage` for each page of a walk (progress lines,
   * checkpoints). Hooks may be async; one that throws ends the call or walk with its error.
   */
  readonly hooks?: PartnerCenterHooks;
  /**
   * Allow a plain `http://` base URL on a non-loopback host. That sends the access token
   * unencrypted over the network: only for a trusted proxy on a trusted network.
   */
  readonly allowInsecureHttp?: boolean;
}

/** The default per-attempt time limit, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The default `maxResponseBytes`: 32 MiB. A page of 500 customers weighs about 150–300 KB (300–600
 * bytes a customer, depending on the fields the service adds), so this is about 100 of the largest
 * pages: no real page comes near it, and a body that does is parsed in well under a second.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * The names of the options, as the validator knows them (a test checks that each has a bad-input
 * case). Not part of the public API.
 * @internal
 */
export const CLIENT_OPTION_NAMES: readonly (keyof PartnerCenterClientOptions)[] = Object.freeze([
  "token",
  "cloud",
  "baseUrl",
  "timeoutMs",
  "maxResponseBytes",
  "retry",
  "rateLimit",
  "locale",
  "application",
  "fetch",
  "hooks",
  "allowInsecureHttp",
]);
const OPTIONS: ReadonlySet<string> = new Set(CLIENT_OPTION_NAMES);
// The spec's pattern for X-Locale (a culture name such as en-US or zh-Hans-CN).
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
// setTimeout cannot wait longer; above it, there is in effect no limit.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Validates `options` into the transport settings and the base URL. */
export function resolveOptions(
  options: PartnerCenterClientOptions,
  runtime: Runtime,
): { settings: TransportSettings; base: BaseUrl } {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("createPartnerCenterClient() takes an options object such as { token }.");
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.has(key)) {
      throw new TypeError(
        `Unknown Partner Center client option "${key}". Expected one of: ${CLIENT_OPTION_NAMES.join(", ")}.`,
      );
    }
  }
  const { token, locale, application, fetch } = options;
  if (typeof token !== "function") checkToken(token);
  if (fetch !== undefined && typeof fetch !== "function") {
    throw new TypeError(
      `fetch must be a function. Pass one that takes a Request and resolves to a Response (such as globalThis.fetch), or leave it out; got ${describeValue(fetch)}.`,
    );
  }
  const headers: Record<string, string> = { accept: "application/json" };
  if (locale !== undefined) {
    if (typeof locale !== "string" || !LOCALE.test(locale)) {
      throw new RangeError(`locale must be a culture name such as "en-US", got ${describeValue(locale)}.`);
    }
    headers["x-locale"] = locale;
  }
  if (application !== undefined) {
    if (typeof application !== "string" || !PRINTABLE_ASCII.test(application)) {
      throw new TypeError(
        `application must be a non-empty string of printable ASCII characters, such as "Contoso sync", got ${describeValue(application)}.`,
      );
    }
    headers["ms-partnercenter-application"] = application;
  }
  const base = resolveBaseUrl(options);
  const hooks = resolveHooks(options.hooks);
  const limiter = resolveRateLimit(options.rateLimit, defaultRateLimit(base));
  return {
    settings: {
      token,
      cloud: options.cloud ?? "global",
      headers,
      timeoutMs: resolveTimeout(options.timeoutMs),
      maxResponseBytes: resolveMaxResponseBytes(options.maxResponseBytes),
      retry: resolveRetryOptions(options.retry),
      fetch,
      hooks,
      pacer: new Pacer(limiter, runtime, hooks.onPace),
      runtime,
    },
    base,
  };
}

/**
 * The pacing a client gets without a `rateLimit` option: Partner Center's documented limit when it
 * calls a cloud's own API, where going over it gets 429s that cost every walk of the tenant a
 * minute; none with another base URL, whose limits (a mock's, a proxy's) the client cannot know.
 */
export function defaultRateLimit(base: BaseUrl): RateLimit | undefined {
  return Object.values(CLOUDS).some((cloud) => cloud.baseUrl === base.url)
    ? PARTNER_CENTER_RATE_LIMIT
    : undefined;
}

function resolveTimeout(timeoutMs: unknown): number | undefined {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(
      `timeoutMs must be a positive number of milliseconds (or Infinity), got ${describeValue(timeoutMs)}.`,
    );
  }
  // Stryker disable next-line EqualityOperator: at exactly 2^31 - 1 ms, a timer of 24.8 days and no timer behave alike (the other operator is killed by every timeout test)
  return timeoutMs > MAX_TIMER_MS ? undefined : timeoutMs;
}

function resolveMaxResponseBytes(limit: unknown): number {
  if (limit === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (
    typeof limit !== "number" ||
    !(Number.isSafeInteger(limit) || limit === Number.POSITIVE_INFINITY) ||
    limit <= 0
  ) {
    throw new RangeError(
      `maxResponseBytes must be a positive whole number of bytes (or Infinity), such as ${DEFAULT_MAX_RESPONSE_BYTES}; got ${describeValue(limit)}.`,
    );
  }
  return limit;
}

function resolveBaseUrl(options: PartnerCenterClientOptions): BaseUrl {
  const cloudBase = cloudEndpoints(options.cloud ?? "global").baseUrl;
  const { baseUrl = cloudBase, allowInsecureHttp = false } = options;
  if (typeof allowInsecureHttp !== "boolean") {
    throw new TypeError(
      `allowInsecureHttp must be a boolean. Pass true only to send the token over plain http to a trusted proxy, or leave it out; got ${describeValue(allowInsecureHttp)}.`,
    );
  }
  let url: URL;
  try {
    // Not left to new URL(): it would turn an array or any object with a toString into a URL.
    if (typeof baseUrl !== "string") throw new TypeError();
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `baseUrl must be an absolute URL such as "https://api.partnercenter.microsoft.com", got ${describeValue(baseUrl)}.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`baseUrl must be an https URL, got the scheme "${url.protocol}".`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new TypeError(
      "baseUrl must not contain a query, a fragment or credentials: give the API's address only, such as https://api.partnercenter.microsoft.com (the token goes in the token option).",
    );
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new TypeError(
      `baseUrl ${url.origin} uses plain http, which would send the access token unencrypted: https is required. ` +
        "Use https, a loopback address for local testing, or set allowInsecureHttp: true to accept the risk.",
    );
  }
  return { url: (url.origin + url.pathname).replace(/\/+$/, ""), origin: url.origin };
}

/**
 * Whether a URL's hostname is this machine (`localhost`, `127.x.y.z`, `[::1]`): plain http to it
 * never crosses a network, so the client allows it without `allowInsecureHttp` (a mock, a proxy).
 */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
