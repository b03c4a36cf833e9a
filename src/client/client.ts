/**
 * `createPartnerCenterClient`: options in, a client out. `customers.list()` pages over the shared
 * transport; `raw` is an openapi-fetch client typed from `generated/` whose `fetch` is that same
 * transport, so both get identical headers, ids, retries, timeouts and errors.
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../generated/partner-center.js";
import { type CustomersApi, customersApi } from "./customers.js";
import type { BaseUrl } from "./http/paging.js";
import { DEFAULT_RUNTIME, type Runtime, send, type TransportSettings } from "./http/transport.js";
import { type PartnerCenterClientOptions, resolveOptions } from "./options.js";

/** A Partner Center client. */
export interface PartnerCenterClient {
  /** The customers of the partner. */
  readonly customers: CustomersApi;
  /**
   * The openapi-fetch client typed from the spec, for requests the high-level API does not cover.
   * It goes through the same transport (token, ids, retries, timeouts); error statuses come back
   * as openapi-fetch's `{ error, response }`, failures without a usable response are thrown.
   */
  readonly raw: Client<paths>;
  /** The base URL requests go to, without a trailing slash. */
  readonly baseUrl: string;
}

/**
 * Creates a Partner Center client. Validates every option first: a bad one is a `TypeError` or
 * `RangeError` before any request.
 *
 * @example
 * const pc = createPartnerCenterClient({ token: () => getToken() });
 * for await (const customer of pc.customers.list({ size: 100 })) console.log(customer.companyProfile.companyName);
 */
export function createPartnerCenterClient(options: PartnerCenterClientOptions): PartnerCenterClient {
  return createPartnerCenterClientWith(options, DEFAULT_RUNTIME);
}

/**
 * `createPartnerCenterClient` with a replaced clock, sleep, randomness or id source, for tests.
 * Not part of the public API.
 * @internal
 */
export function createPartnerCenterClientWith(
  options: PartnerCenterClientOptions,
  runtime: Partial<Runtime>,
): PartnerCenterClient {
  const { settings, base } = resolveOptions(options, { ...DEFAULT_RUNTIME, ...runtime });
  const raw = createClient<paths>({
    baseUrl: base.url,
    fetch: (request) => rawFetch(settings, base, request),
  });
  return { customers: customersApi(settings, base), raw, baseUrl: base.url };
}

// The caller's own MS-RequestId / MS-CorrelationId (typed header parameters of the spec) are kept;
// the transport sets Authorization itself. The token goes to the client's own origin only:
// openapi-fetch takes a `baseUrl` per request, and middleware can rewrite the URL.
async function rawFetch(settings: TransportSettings, base: BaseUrl, request: Request): Promise<Response> {
  if (request.method !== "GET")
    throw new TypeError(`The Partner Center client only sends GET, not ${request.method}.`);
  const origin = new URL(request.url).origin;
  if (origin !== base.origin) {
    throw new TypeError(
      `The Partner Center client sends its access token only to ${base.origin}, not to ${origin}: ` +
        "create another client with that baseUrl (and a token for it) instead of overriding baseUrl per request.",
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: send() writes these three after the caller's headers, so keeping them here sends the same request
    if (name !== "authorization" && name !== "ms-requestid" && name !== "ms-correlationid")
      headers[name] = value;
  }
  const { response, text } = await send(settings, {
    url: request.url,
    headers,
    correlationId: request.headers.get("ms-correlationid") ?? settings.runtime.newId(),
    requestId: request.headers.get("ms-requestid") ?? undefined,
    signal: request.signal,
  });
  // The transport has read the body (inside the attempt's time limit); hand openapi-fetch a copy.
  // An empty body must be null: statuses such as 204 and 304 allow no body at all.
  return new Response(text === "" ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
