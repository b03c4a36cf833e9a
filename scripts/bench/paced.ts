/**
 * Paced walks (issue #19): 4 walks of 15 pages at once, through one client with
 * `rateLimit: { limit: 20, interval: 2000 }`, against a local server that answers 429 to any
 * request above 20 in a sliding 2 s window. Targets: no throttled response, and the whole run within
 * 10% of the least time the limit allows (60 requests at 20 per 2 s: the last 20 may start no
 * earlier than 4 s after the first 20).
 *
 * The server counts a request when it arrives, the client when it starts it; a request's way to the
 * server varies by a few milliseconds (the first ones open connections), so the server's window is
 * `interval - toleranceMs`, as any rate limiter on the far side of a network has to allow for.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import type { Target } from "./report.js";
import { round } from "./stats.js";
import { fmt, type Section } from "./table.js";
import { CLIENT_ENTRY } from "./walkers.js";

export interface PacedOptions {
  walks: number;
  pages: number;
  limit: number;
  interval: number;
  /** How much shorter the server's window is than the client's (network jitter). */
  toleranceMs: number;
}

export const PACED: PacedOptions = { walks: 4, pages: 15, limit: 20, interval: 2_000, toleranceMs: 100 };

export interface PacedResult extends PacedOptions {
  requests: number;
  throttled: number;
  totalMs: number;
  /** The least time the limit allows for all requests to have started. */
  minimumMs: number;
  /** totalMs / minimumMs. */
  vsMinimum: number;
  /** The most requests that arrived within any window of the server's (`interval - toleranceMs` ms). */
  peakInWindow: number;
}

interface ThrottlingServer {
  url: string;
  arrivals: number[];
  throttled: () => number;
  /** Forgets every arrival so far. */
  reset(): void;
  close(): Promise<void>;
}

/** Pages of one customer each; above `limit` arrivals in `windowMs`, a 429 with Retry-After. */
async function startThrottlingServer(
  pages: number,
  limit: number,
  windowMs: number,
): Promise<ThrottlingServer> {
  const arrivals: number[] = [];
  let throttled = 0;
  const server = createServer((req, res) => {
    const now = performance.now();
    arrivals.push(now);
    let recent = 0;
    for (let i = arrivals.length - 1; i >= 0 && now - (arrivals[i] as number) < windowMs; i--) recent++;
    if (recent > limit) {
      throttled++;
      res.writeHead(429, { "content-type": "application/json", "retry-after": "2" });
      res.end(
        JSON.stringify({ statusCode: 429, message: "Rate limit is exceeded. Try again in 2 seconds." }),
      );
      return;
    }
    // A walk's first request names it in its filter; the continuation token carries it on.
    const token = req.headers["ms-continuationtoken"];
    const filter = new URL(req.url ?? "/", "http://localhost").searchParams.get("filter");
    const [walk, page] =
      typeof token === "string"
        ? [token.split(":")[0], Number(token.split(":")[1])]
        : [(JSON.parse(filter ?? "{}") as { Value?: string }).Value ?? "0", 0];
    const body = {
      totalCount: 1,
      items: [{ id: `walk-${walk}-customer-${page}` }],
      links:
        page + 1 < pages
          ? {
              next: {
                uri: "/v1/customers?size=1&seekOperation=Next",
                headers: [{ key: "MS-ContinuationToken", value: `${walk}:${page + 1}` }],
              },
            }
          : {},
    };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    throttled: () => throttled,
    reset: () => {
      arrivals.length = 0;
      throttled = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface PacedClientEntry {
  createPartnerCenterClient(options: Record<string, unknown>): {
    customers: { list(options?: Record<string, unknown>): { byPage(): AsyncIterable<unknown> } };
  };
}

/** Runs the paced walks once. */
export async function measurePaced(options: PacedOptions = PACED): Promise<PacedResult> {
  const { createPartnerCenterClient } = (await import(pathToFileURL(CLIENT_ENTRY).href)) as PacedClientEntry;
  const server = await startThrottlingServer(
    options.pages,
    options.limit,
    options.interval - options.toleranceMs,
  );
  try {
    // Warm-up, not measured: compiles the client and opens the connections (the first requests of a
    // cold process reach the server tens of milliseconds after they start, later ones in well under
    // one), with a client of its own so that the measured one starts with an empty window.
    const warmUp = createPartnerCenterClient({ baseUrl: server.url, token: "bench-token-not-a-secret" });
    await Promise.all(
      Array.from({ length: options.walks }, async (_, i) => {
        const list = warmUp.customers.list({ size: 1, filter: { field: "CompanyName", value: `warm${i}` } });
        let pages = 0;
        for await (const _ of list.byPage()) if (++pages === 2) break;
      }),
    );
    server.reset();
    const client = createPartnerCenterClient({
      baseUrl: server.url,
      token: "bench-token-not-a-secret",
      rateLimit: { limit: options.limit, interval: options.interval },
    });
    // Each walk its own listing, as an indirect provider lists each reseller's customers.
    const walk = async (index: number) => {
      let pages = 0;
      const list = client.customers.list({
        size: 1,
        filter: { field: "CompanyName", value: `walk${index}` },
      });
      for await (const _ of list.byPage()) pages++;
      return pages;
    };
    const started = performance.now();
    const pages = await Promise.all(Array.from({ length: options.walks }, (_, i) => walk(i)));
    const totalMs = performance.now() - started;
    const requests = options.walks * options.pages;
    if (pages.some((n) => n !== options.pages)) throw new Error(`paced walks saw ${pages.join(", ")} pages`);
    const minimumMs = (Math.ceil(requests / options.limit) - 1) * options.interval;
    return {
      ...options,
      requests: server.arrivals.length,
      throttled: server.throttled(),
      totalMs: round(totalMs, 0),
      minimumMs,
      vsMinimum: round(totalMs / minimumMs),
      peakInWindow: peak(server.arrivals, options.interval - options.toleranceMs),
    };
  } finally {
    await server.close();
  }
}

function peak(arrivals: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while ((arrivals[i] as number) - (arrivals[j] as number) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The section of the report, and its two targets. */
export function pacedSection(
  r: PacedResult | { failed: string } | undefined,
  targets: Target[],
): Section | string {
  if (!r) return "Paced walks: not run";
  if ("failed" in r) return `Paced walks: FAILED (${r.failed})`;
  const throttledOk = r.throttled === 0;
  const timeOk = r.vsMinimum <= 1.1;
  targets.push(
    { name: "paced walks: throttled responses", value: String(r.throttled), target: "0", ok: throttledOk },
    {
      name: "paced walks: total time vs the limit's minimum",
      value: `${fmt(r.totalMs, 0)} ms = ${r.vsMinimum.toFixed(2)}×`,
      target: "≤ 1.10×",
      ok: timeOk,
    },
  );
  return {
    title: `Paced walks: ${r.walks} walks × ${r.pages} pages at once, rateLimit { limit: ${r.limit}, interval: ${r.interval} }, server throttling above ${r.limit} per ${r.interval - r.toleranceMs} ms`,
    columns: [
      "requests",
      "throttled",
      `peak in any ${r.interval - r.toleranceMs} ms`,
      "total ms",
      "minimum ms",
      "vs minimum",
    ],
    rows: [
      [
        r.requests,
        r.throttled,
        r.peakInWindow,
        fmt(r.totalMs, 0),
        fmt(r.minimumMs, 0),
        `${r.vsMinimum.toFixed(2)}×`,
      ],
    ],
  };
}
