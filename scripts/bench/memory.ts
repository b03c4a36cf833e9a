/**
 * Streaming memory: for each listing size, a paging server with that many customers and, per
 * variant (our client's iterator, the bare loop as control), a fresh plain-`node` process running
 * the bundled memory worker, which lists them all. Peak RSS must not grow with the count.
 */
import { join } from "node:path";
import { bundle, makeBuildDir } from "./build.js";
import { firstMessage, forkJs } from "./children.js";
import type { MemoryWorkerResult } from "./memory-worker.js";
import { startPagingServer } from "./server-handle.js";
import { CLIENT_ENTRY, loadClientWalker } from "./walkers.js";

export type MemoryVariant = "client" | "bareFetch";

export interface MemoryResult {
  sizes: number[];
  /** Per variant, per size: what the listing process measured. */
  runs: Partial<Record<MemoryVariant, MemoryWorkerResult[]>>;
  /** Peak RSS (maxRSS) at the largest size minus at the smallest (MB), per variant. */
  growthMb: Partial<Record<MemoryVariant, number>>;
  /**
   * Per variant, at the largest size: heap in use after a full GC at the end of the walk minus at
   * its first tenth (MB), from a separate `--expose-gc` run. Anything above ~0 is retained per page.
   */
  retainedGrowthMb: Partial<Record<MemoryVariant, number>>;
  clientUnavailable?: string;
}

export async function measureMemory(sizes: number[], pageSize: number): Promise<MemoryResult> {
  const client = await loadClientWalker();
  const variants: MemoryVariant[] = "walker" in client ? ["client", "bareFetch"] : ["bareFetch"];
  const result: MemoryResult = { sizes, runs: {}, growthMb: {}, retainedGrowthMb: {} };
  if (!("walker" in client)) result.clientUnavailable = client.unavailable;
  const out = await makeBuildDir();
  try {
    const worker = await bundle("scripts/bench/memory-worker.ts", join(out.dir, "memory-worker.mjs"), {
      external: "packages",
    });
    const clientModule =
      "walker" in client
        ? (await bundle(CLIENT_ENTRY, join(out.dir, "client.mjs"), { external: "packages" })).outfile
        : undefined;
    for (const size of sizes) {
      const server = await startPagingServer(Math.ceil(size / pageSize), pageSize);
      try {
        for (const variant of variants) {
          const args = [variant, server.url, String(size)];
          if (variant === "client" && clientModule) args.push(clientModule);
          const measured = await firstMessage<MemoryWorkerResult>(forkJs(worker.outfile, args), 300_000);
          result.runs[variant] = [...(result.runs[variant] ?? []), measured];
          if (size !== sizes[sizes.length - 1]) continue;
          const gcRun = forkJs(worker.outfile, args, ["--expose-gc"]);
          const heaps = (await firstMessage<MemoryWorkerResult>(gcRun, 300_000)).heapAfterGcMb ?? [];
          const first = heaps[0];
          const last = heaps[heaps.length - 1];
          if (first !== undefined && last !== undefined)
            result.retainedGrowthMb[variant] = Math.round((last - first) * 100) / 100;
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await out.remove();
  }
  for (const variant of variants) {
    const runs = result.runs[variant] ?? [];
    const first = runs[0];
    const last = runs[runs.length - 1];
    if (first && last) result.growthMb[variant] = Math.round((last.maxRssMb - first.maxRssMb) * 10) / 10;
  }
  return result;
}
