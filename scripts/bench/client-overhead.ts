/**
 * Client overhead: our client and the alternatives walk the same listing (`pages` × 40 customers
 * with continuation tokens) from the paging server, which runs in its own process. The variants
 * alternate within each round, in a rotating order, after warm-up rounds. Besides wall time, the
 * CPU time this process spends per walk is recorded (it is what the client adds; the server's time
 * is the same for every variant).
 */
import { startPagingServer } from "./server-handle.js";
import { median, now, round, type Sample, summarise } from "./stats.js";
import {
  bareFetch,
  bareFetchWithTimeout,
  bareOpenapiFetch,
  loadClientWalker,
  type Walker,
} from "./walkers.js";

export interface ClientOverheadOptions {
  pages: number;
  pageSize: number;
  rounds: number;
  warmup: number;
}

/** The variants, in table order. */
export const VARIANTS = {
  bareFetch: "bare fetch loop",
  bareFetchWithTimeout: "bare fetch loop + 60 s timeout per request",
  openapiFetch: "bare openapi-fetch (no middleware)",
  clientByPage: "pc.customers.list().byPage()",
  clientNoTimeout: "pc.customers.list(), timeoutMs: Infinity",
  client: "pc.customers.list() (our client, defaults)",
} as const;
export type Variant = keyof typeof VARIANTS;

export interface VariantResult {
  /** Wall time of a whole walk (ms). */
  wall: Sample;
  /** CPU time (user + system) of this process during a walk (ms). */
  cpu: Sample;
  /** median(wall) / median(wall of the bare loop), and the median of the per-round ratios (robust to drift). */
  vsBare: number;
  vsBarePaired: number;
  /** min(wall) / min(wall of the bare loop): the least disturbed by other load on the machine. */
  vsBareBest: number;
}

export interface ClientOverheadResult {
  pages: number;
  customers: number;
  rounds: number;
  variants: Partial<Record<Variant, VariantResult>>;
  clientUnavailable?: string;
}

export async function measureClientOverhead(options: ClientOverheadOptions): Promise<ClientOverheadResult> {
  const client = await loadClientWalker();
  const walkers: Array<[Variant, Walker]> = [
    ["bareFetch", bareFetch],
    ["bareFetchWithTimeout", bareFetchWithTimeout],
    ["openapiFetch", bareOpenapiFetch],
  ];
  if ("walker" in client)
    walkers.push(
      ["clientByPage", client.byPage],
      ["clientNoTimeout", client.noTimeout],
      ["client", client.walker],
    );
  const expected = options.pages * options.pageSize;
  const server = await startPagingServer(options.pages, options.pageSize);
  const wall = new Map<Variant, number[]>(walkers.map(([name]) => [name, []]));
  const cpu = new Map<Variant, number[]>(walkers.map(([name]) => [name, []]));
  try {
    for (let r = 0; r < options.warmup + options.rounds; r++) {
      for (let v = 0; v < walkers.length; v++) {
        const [name, walk] = walkers[(v + r) % walkers.length] as [Variant, Walker];
        const cpuStart = process.cpuUsage();
        const start = now();
        const seen = await walk(server.url);
        const ms = now() - start;
        const used = process.cpuUsage(cpuStart);
        if (seen !== expected) throw new Error(`${name} saw ${seen} customers, expected ${expected}`);
        if (r < options.warmup) continue;
        wall.get(name)?.push(ms);
        cpu.get(name)?.push((used.user + used.system) / 1000);
      }
    }
  } finally {
    await server.stop();
  }
  const bare = wall.get("bareFetch") ?? [];
  const result: ClientOverheadResult = {
    pages: options.pages,
    customers: expected,
    rounds: options.rounds,
    variants: {},
  };
  for (const [name] of walkers) {
    const runs = wall.get(name) ?? [];
    result.variants[name] = {
      wall: summarise(runs),
      cpu: summarise(cpu.get(name) ?? []),
      vsBare: round(median(runs) / median(bare)),
      vsBarePaired: round(median(runs.map((ms, i) => ms / (bare[i] ?? ms)))),
      vsBareBest: round(Math.min(...runs) / Math.min(...bare)),
    };
  }
  if (!("walker" in client)) result.clientUnavailable = client.unavailable;
  return result;
}
