/**
 * Runs in its own process, one per listing size and variant, so that peak RSS belongs to that
 * listing alone; memory.ts runs it bundled, under plain `node`. Arguments:
 * `<client|bareFetch> <baseUrl> <expectedCustomers> [clientModule]` (the client entry, bundled).
 * Lists every customer through the iterator, keeping none, samples RSS every 1,000 customers, and
 * reports over IPC. Started with `--expose-gc`, it instead forces a full GC at every tenth of the
 * walk and records the heap still in use (what the walk retains), leaving peak RSS aside.
 */
import { mb, now, round } from "./stats.js";
import { bareItems, loadClientWalker } from "./walkers.js";

export interface MemoryWorkerResult {
  customers: number;
  ms: number;
  /** RSS after the imports, before listing (MB). */
  baselineRssMb: number;
  /** Highest RSS seen by sampling, and the kernel's maxRSS for the process (MB). */
  sampledPeakRssMb: number;
  maxRssMb: number;
  heapUsedEndMb: number;
  /** With `--expose-gc`: heap in use after a full GC at each tenth of the walk (MB). */
  heapAfterGcMb?: number[];
}

const gc = (globalThis as { gc?: () => void }).gc;

const [variant = "bareFetch", baseUrl = "", expectedArg = "0", clientModule] = process.argv.slice(2);
let list: () => AsyncIterable<unknown> = () => bareItems(baseUrl);
if (variant === "client") {
  const loaded = await loadClientWalker(clientModule);
  if (!("walker" in loaded)) throw new Error(loaded.unavailable);
  list = () => loaded.list(baseUrl);
}

let peak = process.memoryUsage.rss();
const baseline = peak;
const start = now();
let count = 0;
const tenth = Math.max(1, Math.floor(Number(expectedArg) / 10));
const heapAfterGc: number[] = [];
for await (const _ of list()) {
  if (++count % 1000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
  if (gc && count % tenth === 0) {
    gc();
    heapAfterGc.push(round(mb(process.memoryUsage().heapUsed), 2));
  }
}
const ms = now() - start;
peak = Math.max(peak, process.memoryUsage.rss());
if (count !== Number(expectedArg)) throw new Error(`listed ${count} customers, expected ${expectedArg}`);
const result: MemoryWorkerResult = {
  customers: count,
  ms: round(ms),
  baselineRssMb: round(mb(baseline), 1),
  sampledPeakRssMb: round(mb(peak), 1),
  maxRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
  heapUsedEndMb: round(mb(process.memoryUsage().heapUsed), 1),
  ...(gc ? { heapAfterGcMb: heapAfterGc } : {}),
};
process.send?.(result);
process.disconnect?.();
