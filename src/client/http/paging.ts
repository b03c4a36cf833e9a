/**
 * Seek-based paging, as Partner Center collections do it: a page's `links.next` says how to get
 * the next one (`GET uri` with each of its `headers`, which carry the `MS-ContinuationToken`), and
 * the last page has no `links.next`. Pages are fetched lazily, one at a time, only when the
 * consumer asks for more, so a walk holds one page and `break` stops it.
 */
import type { components } from "../../../generated/partner-center.js";
import type { Exchange } from "./transport.js";
import { WalkGuard } from "./walk-guard.js";

type Link = components["schemas"]["Link"];

/** Where `byPage()` starts, as in Azure's `core-paging`. */
export interface PageSettings {
  /**
   * Continue a walk after the page whose `continuationToken` this is (saved by another client,
   * process or day): the first request is the `seekOperation=Next` seek the .NET SDK sends.
   */
  readonly continuationToken?: string | undefined;
}

/**
 * Every item of every page, as one async iterable; `byPage()` gives the pages themselves.
 * Each iteration is a new walk from the first page (or from the list's `continuationToken`).
 */
export interface PagedAsyncIterable<TItem, TPage> extends AsyncIterable<TItem> {
  /**
   * Iterates the pages (each with its `items`), fetching the next one only when asked. Each page
   * that has a next page carries the `continuationToken` to resume after it; pass one here to
   * continue a walk from there.
   */
  byPage(settings?: PageSettings): AsyncIterableIterator<TPage>;
}

/** A page as `byPage()` yields it: the service's body, plus where to resume after it. */
export interface ResumablePage {
  /**
   * The token to resume after this page with `byPage({ continuationToken })`: the body's own
   * `continuationToken` when the service sends one, else the next link's `MS-ContinuationToken`.
   * Absent on the last page (there is nothing after it).
   */
  continuationToken?: string;
}

/** What the `onPage` hook is told about each page, before the page is handed out. */
export interface PageEvent<TItem> {
  /** 0 for the first page of this walk (a resumed walk counts from 0 too). */
  readonly index: number;
  readonly items: readonly TItem[];
  /** The page's `continuationToken`; `undefined` on the last page. */
  readonly continuationToken: string | undefined;
}

/** A page of a Partner Center collection, as far as paging needs it. */
export interface Collection<TItem> {
  readonly items: readonly TItem[];
  readonly links?: { readonly next?: Link } | undefined;
}

/** Where to send a page request. */
export interface PageRequest {
  readonly url: string;
  /** The next link's headers, lower-case names; `undefined` for the first page. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** For a next link: removes the token of the request whose response gave it (`Exchange.redact`). */
  readonly redactEarlier?: ((text: string) => string) | undefined;
}

/** The API's base URL: `url` without a trailing slash, and its origin. */
export interface BaseUrl {
  readonly url: string;
  readonly origin: string;
}

/** Builds the paged iterable; `walk` starts a new walk over the pages each time it is called. */
export function pagedIterable<TItem, TPage extends Collection<TItem>>(
  walk: (settings?: PageSettings) => AsyncGenerator<TPage, void, undefined>,
): PagedAsyncIterable<TItem, TPage> {
  return {
    byPage: walk,
    [Symbol.asyncIterator]: () => new ItemIterator<TItem>(walk()),
  };
}

/** The name of the request header that carries a continuation token (lower case). */
export const CONTINUATION_HEADER = "ms-continuationtoken";
const MAX_CONTINUATION_LENGTH = 16_384;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * Checks a continuation token a caller passed in (it becomes a header): a `TypeError` saying what
 * is wrong, never quoting the token.
 */
export function checkContinuationToken(token: unknown): string {
  if (typeof token !== "string" || token.length === 0) {
    throw new TypeError(
      `continuationToken must be a non-empty string (a page's continuationToken), got ${token === "" ? "an empty string" : typeof token}.`,
    );
  }
  if (token.length > MAX_CONTINUATION_LENGTH || !VISIBLE_ASCII.test(token)) {
    throw new TypeError(
      `continuationToken must be a page's continuationToken as the client gave it: visible ASCII, at most ${MAX_CONTINUATION_LENGTH} characters.`,
    );
  }
  return token;
}

/**
 * Walks the pages from `first`: loads a page, yields it, then follows its next link. A next link to
 * another origin, or one that repeats an earlier continuation token, ends the walk with an
 * `UnexpectedResponseError` before anything is sent to it; so does a page that could only make the
 * walk go round (see walk-guard.ts), before it is handed out.
 */
export async function* walkPages<TPage extends Collection<unknown> & ResumablePage>(
  load: (request: PageRequest) => Promise<Exchange>,
  first: PageRequest,
  base: BaseUrl,
  onPage?: (event: PageEvent<TPage["items"][number]>) => unknown,
): AsyncGenerator<TPage, void, undefined> {
  const resumedFrom = first.headers?.[CONTINUATION_HEADER];
  const guard = new WalkGuard(resumedFrom === undefined ? `url ${first.url}` : `token ${resumedFrom}`);
  let request: PageRequest | undefined = first;
  for (let index = 0; request !== undefined; index++) {
    const exchange = await load(request);
    const page = asCollection(exchange) as TPage;
    // Keep only the link while the consumer works: the page itself is theirs to drop.
    // `null` is how a serialiser may write an absent member: the last page, like `undefined`.
    const next = page.links?.next ?? undefined;
    const problem = guard.checkPage(page.items, next !== undefined);
    if (problem !== undefined) throw exchange.unexpected(problem);
    // Server text handed to the caller (and to checkpoints): without this request's token.
    const continuationToken = next === undefined ? undefined : resumeToken(page, next, exchange.redact);
    if (continuationToken === undefined) delete page.continuationToken;
    else page.continuationToken = continuationToken;
    if (onPage !== undefined) await onPage({ index, items: page.items, continuationToken });
    yield page;
    request = next === undefined ? undefined : nextRequest(next, base, guard, exchange);
  }
}

// The body's token when the service sends one (the .NET SDK reads that field), else the one the
// next link would send: either one, given back with seekOperation=Next, continues after this page.
// A token that could not be sent back as a header is no token: such a link fails when followed.
function resumeToken(page: ResumablePage, next: Link, redact: (text: string) => string): string | undefined {
  const usable = (token: unknown): token is string =>
    typeof token === "string" && token.length <= MAX_CONTINUATION_LENGTH && VISIBLE_ASCII.test(token);
  if (usable(page.continuationToken)) return redact(page.continuationToken);
  const header = next.headers?.find((h) => h.key.toLowerCase() === CONTINUATION_HEADER);
  return usable(header?.value) ? redact(header.value) : undefined;
}

// A header name is an RFC 9110 token; a value is printable ASCII (line breaks or NULs would forge
// headers, and fetch refuses characters above U+00FF before anything is sent).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
// The client's own headers: a next link may not replace them (it is skipped, the client's is sent).
const RESERVED = new Set([
  // Stryker disable next-line StringLiteral: the transport writes Authorization and the ids after a link's headers, so the request is the same
  "authorization",
  // Stryker disable next-line StringLiteral: as above
  "ms-requestid",
  // Stryker disable next-line StringLiteral: as above
  "ms-correlationid",
  "accept",
  "x-locale",
  "ms-partnercenter-application",
]);
// Headers fetch refuses or that describe the connection rather than the request (the Fetch
// standard's forbidden request headers): undici fails on some only as it sends, which looked like a
// dropped connection and was retried. A next link that asks for them cannot be followed.
const FORBIDDEN = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]);
const FORBIDDEN_PREFIX = /^(?:proxy-|sec-)/;
const SCHEME = /^[a-z][a-z\d+.-]*:/i;
const V1 = /^\/v1(?:[/?#]|$)/i;

function nextRequest(next: Link, base: BaseUrl, guard: WalkGuard, exchange: Exchange): PageRequest {
  const headers: Record<string, string> = {};
  let token: string | undefined;
  for (const { key, value } of next.headers ?? []) {
    if (!HEADER_NAME.test(key) || typeof value !== "string" || !HEADER_VALUE.test(value)) {
      throw exchange.unexpected(`its next link has an invalid header "${key}"`);
    }
    const name = key.toLowerCase();
    if (FORBIDDEN.has(name) || FORBIDDEN_PREFIX.test(name)) {
      throw exchange.unexpected(
        `its next link asks for the header "${key}", which fetch does not let a request set`,
      );
    }
    if (RESERVED.has(name)) continue;
    if (name === CONTINUATION_HEADER && value.length > MAX_CONTINUATION_LENGTH) {
      throw exchange.unexpected(
        `its next link's continuation token is ${value.length} characters long, more than the ${MAX_CONTINUATION_LENGTH} the client accepts; it was not followed`,
      );
    }
    headers[name] = value;
    if (name === "ms-continuationtoken") token = value;
  }
  const url = resolveLink(next.uri, base, exchange);
  // Without a token, the same URL twice is the same loop.
  const key = token === undefined ? `url ${url}` : `token ${token}`;
  if (guard.repeats(key)) {
    const what = token === undefined ? "the URL" : "the continuation token";
    throw exchange.unexpected(`its next link repeats ${what} of an earlier page`);
  }
  return { url, headers, redactEarlier: exchange.redact };
}

/**
 * Resolves a next link's `uri`. Relative ones (what the API sends) are kept as given, query string
 * and all, prefixed with `/v1` when they lack it (as the .NET SDK does) and appended to the base
 * URL; absolute ones must stay on the API's origin, since the token and continuation token follow.
 */
function resolveLink(uri: string, base: BaseUrl, exchange: Exchange): string {
  if (SCHEME.test(uri) || uri.startsWith("//")) {
    let target: URL | undefined;
    try {
      target = new URL(uri, base.origin);
    } catch {
      // reported below
    }
    if (target?.origin !== base.origin) {
      const where = target ? `to another origin (${target.origin})` : "that is not a valid URL";
      throw exchange.unexpected(
        `its next link points ${where}; it was not followed, so the token was not sent there`,
      );
    }
    // fetch refuses such a URL (and a retry would not change that); the credentials stay unquoted.
    if (target.username !== "" || target.password !== "") {
      throw exchange.unexpected(
        "its next link's URL carries a user name or password; it was not followed, so the token was not sent there",
      );
    }
    return target.href;
  }
  const path = uri.startsWith("/") ? uri : `/${uri}`;
  return base.url + (V1.test(path) ? path : `/v1${path}`);
}

/** Checks that a success body is a collection page: an object with an `items` array and a usable next link. */
function asCollection(exchange: Exchange): Collection<unknown> {
  const { data } = exchange;
  let problem: string | undefined;
  const items = typeof data === "object" && data !== null ? (data as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) {
    problem = "its body is not a collection (no items array)";
  } else if (!items.every(isObject)) {
    const at = items.findIndex((item) => !isObject(item));
    problem = `its items[${at}] is ${items[at] === null ? "null" : Array.isArray(items[at]) ? "an array" : `a ${typeof items[at]}`}, not an object`;
  } else {
    const links = (data as { links?: unknown }).links;
    const next = typeof links === "object" && links !== null ? (links as { next?: unknown }).next : undefined;
    if (next !== undefined && next !== null && !isLink(next)) {
      problem = "its links.next is not a link ({ uri, headers: [{ key, value }] })";
    }
  }
  if (problem !== undefined) throw exchange.unexpected(problem, true);
  return data as Collection<unknown>;
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLink(value: unknown): value is Link {
  if (typeof value !== "object" || value === null) return false;
  const { uri, headers } = value as { uri?: unknown; headers?: unknown };
  return (
    typeof uri === "string" &&
    uri.length > 0 &&
    (headers === undefined ||
      (Array.isArray(headers) &&
        headers.every((h) => typeof h === "object" && h !== null && typeof h.key === "string")))
  );
}

/**
 * The items of each page in turn. Hand-written rather than an async generator, and `next()` is not
 * `async`: an item of the current page costs one resolved promise, not a generator resume, which
 * adds up over many thousands of customers.
 */
class ItemIterator<TItem> implements AsyncIterableIterator<TItem> {
  private items: readonly TItem[] = [];
  private index = 0;
  private loading: Promise<IteratorResult<TItem, undefined>> | undefined;

  constructor(private readonly pages: AsyncGenerator<Collection<TItem>, void, undefined>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<TItem, undefined>> {
    // Several consumers may share one iterator (workers pulling customers): while a page is on
    // its way, later calls wait for it rather than fetch another, which would replace the items
    // of the first before they were handed out.
    if (this.loading !== undefined) return this.loading.then(() => this.next());
    if (this.index < this.items.length) {
      return Promise.resolve({ done: false, value: this.items[this.index++] as TItem });
    }
    const loading = this.nextPage();
    this.loading = loading;
    const settled = () => {
      if (this.loading === loading) this.loading = undefined;
    };
    loading.then(settled, settled);
    return loading;
  }

  async return(): Promise<IteratorResult<TItem, undefined>> {
    this.items = [];
    await this.pages.return();
    return { done: true, value: undefined };
  }

  private async nextPage(): Promise<IteratorResult<TItem, undefined>> {
    // Let go of the used-up page before the next one arrives: at most one page is held.
    this.items = [];
    for (;;) {
      const page = await this.pages.next();
      if (page.done) return { done: true, value: undefined };
      this.items = page.value.items;
      this.index = 0;
      if (this.items.length > 0) return { done: false, value: this.items[this.index++] as TItem };
    }
  }
}
