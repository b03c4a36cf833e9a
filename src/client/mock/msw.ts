/**
 * `partnerCenterHandlers()`: the mock of `GET /v1/customers` as MSW (2.x) request handlers, for
 * `setupServer` in Node and `setupWorker` in a browser. They answer from the same stand-in as
 * `createMockFetch`, so a client with its default `fetch` and base URL lists the mock's customers.
 * `msw` is an optional peer dependency of this package: install it to use this subpath.
 */
import { type HttpHandler, HttpResponse, http } from "msw";
import { CLOUDS } from "../clouds.js";
import { createMockFetch, type MockFetch, type MockFetchOptions } from "./mock-fetch.js";

/** What `partnerCenterHandlers` accepts: the mock's options, and where else to answer. */
export interface PartnerCenterHandlersOptions extends MockFetchOptions {
  /**
   * Also answer under this base URL (the client's `baseUrl`, such as `http://localhost:4010` or
   * `https://proxy.example/partner-center`); every cloud's API origin is always answered.
   */
  readonly baseUrl?: string;
}

/** The handlers, with the mock behind them (its data set and the requests it saw). */
export type PartnerCenterHandlers = HttpHandler[] & {
  /** The in-process mock the handlers answer from. */
  readonly mock: MockFetch;
};

/**
 * MSW handlers for `GET {origin}/v1/customers` on every Partner Center cloud's origin (and under
 * `baseUrl` when given). Spread them into `setupServer(...partnerCenterHandlers())`. A `reset`
 * fault is a network error (`HttpResponse.error()`).
 */
export function partnerCenterHandlers(options: PartnerCenterHandlersOptions = {}): PartnerCenterHandlers {
  const { baseUrl, ...mockOptions } = options;
  const mock = createMockFetch(mockOptions);
  const bases = new Set(Object.values(CLOUDS).map((cloud) => cloud.baseUrl));
  if (baseUrl !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(baseUrl);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
      throw new TypeError(
        `baseUrl must be an absolute http or https URL such as http://localhost:4010, got ${JSON.stringify(String(baseUrl).slice(0, 200))}.`,
      );
    bases.add((parsed.origin + parsed.pathname).replace(/\/+$/, ""));
  }
  const handlers = [...bases].map((base) =>
    http.get(`${base}/v1/customers`, async ({ request }) => {
      // The stand-in knows the operation's own path; a base URL's path is the caller's.
      const url = new URL(request.url);
      const forwarded = new Request(`${url.origin}/v1/customers${url.search}`, {
        headers: request.headers,
        signal: request.signal,
      });
      try {
        return await mock(forwarded);
      } catch (error) {
        if (request.signal.aborted) throw error;
        return HttpResponse.error();
      }
    }),
  );
  return Object.assign(handlers, { mock });
}
