/**
 * The ways of walking every page of the listing that the client-overhead benchmark compares.
 * Each returns the number of customers seen, and each sends the same headers per request
 * (Authorization, Accept, a fresh MS-RequestId, one MS-CorrelationId per listing, and every
 * `links.next.headers` entry) and parses every body as JSON once.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/partner-center.js";
import { ROOT } from "./children.js";
import { PAGE_SIZE } from "./fixtures.js";

export const TOKEN = "bench-token-not-a-secret";

/** A walk over every customer of the listing served at `baseUrl`. */
export type Walker = (baseUrl: string) => Promise<number>;

interface Link {
  uri: string;
  headers: Array<{ key: string; value: string }>;
}
interface Page {
  items: unknown[];
  links?: { next?: Link };
}

/** The headers every bare request sends: the same as the client's, so that the walks compare fairly. */
function bareHeaders(correlationId: string, extra: Record<string, string>): Record<string, string> {
  return {
    Authorization: `Bearer ${TOKEN}`,
    Accept: "application/json",
    "MS-RequestId": randomUUID(),
    "MS-CorrelationId": correlationId,
    ...extra,
  };
}

/** Where a next link points: its uri on the base URL, with `/v1` added when it lacks it. */
function nextUrl(baseUrl: string, next: Link): string {
  return baseUrl + (next.uri.startsWith("/v1") ? next.uri : `/v1${next.uri}`);
}

/** A next link's headers (the MS-ContinuationToken) as request headers. */
function nextHeaders(next: Link): Record<string, string> {
  return Object.fromEntries(next.headers.map((h) => [h.key, h.value]));
}

/**
 * The bare loop: `fetch`, follow `links.next` (uri + headers), nothing else. With `timeoutMs`, each
 * request also gets what a per-request timeout costs with `fetch`: an AbortController's signal and a
 * timer (the client's default is a 60 s timeout per attempt).
 */
function bareLoop(timeoutMs?: number): Walker {
  return async (baseUrl) => {
    const correlationId = randomUUID();
    let url = `${baseUrl}/v1/customers?size=${PAGE_SIZE}`;
    let extra: Record<string, string> = {};
    let count = 0;
    for (;;) {
      const init: RequestInit = { headers: bareHeaders(correlationId, extra) };
      let timer: NodeJS.Timeout | undefined;
      if (timeoutMs !== undefined) {
        const controller = new AbortController();
        init.signal = controller.signal;
        timer = setTimeout(() => controller.abort(), timeoutMs);
      }
      let body: Page;
      try {
        const response = await fetch(url, init);
        if (!response.ok) throw new Error(`bare fetch: HTTP ${response.status} for ${url}`);
        body = (await response.json()) as Page;
      } finally {
        clearTimeout(timer);
      }
      count += body.items.length;
      const next = body.links?.next;
      if (!next) return count;
      url = nextUrl(baseUrl, next);
      extra = nextHeaders(next);
    }
  };
}

/** The bare loop. */
export const bareFetch: Walker = bareLoop();
/** The bare loop with a 60 s per-request timeout (AbortController + timer), as the client has by default. */
export const bareFetchWithTimeout: Walker = bareLoop(60_000);

/** The bare loop as an async iterator of customers (the control of the streaming-memory test). */
export async function* bareItems(baseUrl: string): AsyncGenerator<unknown> {
  const correlationId = randomUUID();
  let url = `${baseUrl}/v1/customers?size=${PAGE_SIZE}`;
  let extra: Record<string, string> = {};
  for (;;) {
    const response = await fetch(url, { headers: bareHeaders(correlationId, extra) });
    if (!response.ok) throw new Error(`bare fetch: HTTP ${response.status} for ${url}`);
    const body = (await response.json()) as Page;
    yield* body.items;
    const next = body.links?.next;
    if (!next) return;
    url = nextUrl(baseUrl, next);
    extra = nextHeaders(next);
  }
}

/** Bare openapi-fetch (no middleware): the typed `GET`, with the next link's query and headers passed as params. */
export const bareOpenapiFetch: Walker = async (baseUrl) => {
  const client = createClient<paths>({ baseUrl });
  const correlationId = randomUUID();
  let query: Record<string, string | number> = { size: PAGE_SIZE };
  let extra: Record<string, string> = {};
  let count = 0;
  for (;;) {
    const { data, error, response } = await client.GET("/v1/customers", {
      params: {
        query,
        header: {
          "MS-RequestId": randomUUID(),
          "MS-CorrelationId": correlationId,
          Accept: "application/json",
          ...extra,
        },
      },
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    if (error !== undefined || data === undefined) throw new Error(`openapi-fetch: HTTP ${response.status}`);
    count += data.items.length;
    const next = data.links?.next;
    if (!next) return count;
    query = Object.fromEntries(new URLSearchParams(next.uri.split("?", 2)[1] ?? ""));
    extra = nextHeaders(next);
  }
};

/** What the benchmark needs of the client entry (`src/client/index.ts`); checked at run time, not compile time. */
interface ClientEntry {
  createPartnerCenterClient(options: Record<string, unknown>): {
    customers: {
      list(options?: { size?: number }): AsyncIterable<unknown> & {
        byPage?(): AsyncIterable<{ items: unknown[] }>;
      };
    };
  };
}

/** Our client's walks: every item (`list()`), every page (`byPage()`), and the iterable itself. */
export interface ClientWalkers {
  /** Every customer through `list()`, with the default options. */
  walker: Walker;
  /** Every page through `list().byPage()`. */
  byPage: Walker;
  /** Every customer through `list()`, with `timeoutMs: Infinity` (no per-request timeout). */
  noTimeout: Walker;
  list(baseUrl: string, options?: Record<string, unknown>): AsyncIterable<unknown>;
}

/** The client entry's path. */
export const CLIENT_ENTRY = join(ROOT, "src", "client", "index.ts");

/**
 * Loads our client's walker, or says why it is not available (the entry or its
 * `createPartnerCenterClient`/`customers.list` is missing).
 */
export async function loadClientWalker(
  entryPath = CLIENT_ENTRY,
): Promise<ClientWalkers | { unavailable: string }> {
  if (!existsSync(entryPath)) return { unavailable: "src/client/index.ts does not exist yet" };
  let entry: Partial<ClientEntry>;
  try {
    entry = (await import(pathToFileURL(entryPath).href)) as Partial<ClientEntry>;
  } catch (error) {
    return {
      unavailable: `src/client/index.ts cannot be imported: ${(error as Error).message.split("\n", 1)[0]}`,
    };
  }
  const create = entry.createPartnerCenterClient;
  if (typeof create !== "function")
    return { unavailable: "src/client/index.ts has no createPartnerCenterClient" };
  const list = (baseUrl: string, options: Record<string, unknown> = {}) => {
    const pc = create({ token: TOKEN, baseUrl, ...options });
    if (typeof pc?.customers?.list !== "function") throw new Error("the client has no customers.list()");
    return pc.customers.list({ size: PAGE_SIZE });
  };
  const items =
    (options?: Record<string, unknown>): Walker =>
    async (baseUrl) => {
      let count = 0;
      for await (const _ of list(baseUrl, options)) count++;
      return count;
    };
  return {
    list,
    walker: items(),
    noTimeout: items({ timeoutMs: Number.POSITIVE_INFINITY }),
    byPage: async (baseUrl) => {
      const pages = list(baseUrl).byPage?.();
      if (!pages) throw new Error("customers.list() has no byPage()");
      let count = 0;
      for await (const page of pages) count += page.items.length;
      return count;
    },
  };
}
