/**
 * Client overhead: our client, a bare `fetch` loop and bare openapi-fetch walk the same listing
 * (`pages` × 40 customers with continuation tokens) from the paging server, which runs in its own
 * process. The variants alternate within each round, in a rotating order, after warm-up rounds.
 */
import { startPagingServer } from "./server-handle.js";
import { median, round, type Sample, summarise, time } from "./stats.js";
import { bareFetch, bareOpenapiFetch, loadClientWalker, type Walker } from "./walkers.js";

export interface ClientOverheadOptions {
  pages: number;
  pageSize: number;
  rounds: number;
  warmup: number;
}

export interface ClientOverheadResult {
  pages: number;
  customers: number;
  rounds: number;
  /** Time to walk the whole listing, per variant (ms). */
  bareFetch: Sample;
  openapiFetch: Sample;
  client: Sample | { unavailable: string };
  /** median(client) / median(bare fetch). */
  clientVsBare?: number;
  /** The median of the per-round ratios client / bare fetch (robust to drift across rounds). */
  clientVsBarePaired?: number;
  openapiFetchVsBare: number;
}

export async function measureClientOverhead(options: ClientOverheadOptions): Promise<ClientOverheadResult> {
  const client = await loadClientWalker();
  const variants: Array<[string, Walker]> = [
    ["bareFetch", bareFetch],
    ["openapiFetch", bareOpenapiFetch],
  ];
  if ("walker" in client) variants.push(["client", client.walker]);
  const expected = options.pages * options.pageSize;
  const server = await startPagingServer(options.pages, options.pageSize);
  const runs = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  try {
    for (let r = 0; r < options.warmup + options.rounds; r++) {
      for (let v = 0; v < variants.length; v++) {
        const [name, walk] = variants[(v + r) % variants.length] as [string, Walker];
        let seen = 0;
        const ms = await time(async () => {
          seen = await walk(server.url);
        });
        if (seen !== expected) throw new Error(`${name} saw ${seen} customers, expected ${expected}`);
        if (r >= options.warmup) runs.get(name)?.push(ms);
      }
    }
  } finally {
    await server.stop();
  }
  const of = (name: string) => runs.get(name) ?? [];
  const bare = summarise(of("bareFetch"));
  const openapi = summarise(of("openapiFetch"));
  const result: ClientOverheadResult = {
    pages: options.pages,
    customers: expected,
    rounds: options.rounds,
    bareFetch: bare,
    openapiFetch: openapi,
    client: "walker" in client ? summarise(of("client")) : { unavailable: client.unavailable },
    openapiFetchVsBare: round(openapi.median / bare.median),
  };
  if ("walker" in client) {
    const ours = of("client");
    result.clientVsBare = round(median(ours) / bare.median);
    result.clientVsBarePaired = round(median(ours.map((ms, i) => ms / (of("bareFetch")[i] ?? ms))));
  }
  return result;
}
