/** Small statistics helpers for the benchmarks (all times in milliseconds). */

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Smallest and largest value. */
export function range(values: readonly number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** A summary of repeated measurements. */
export interface Sample {
  median: number;
  min: number;
  max: number;
  /** Every measurement, in the order taken. */
  runs: number[];
}

export function summarise(runs: readonly number[]): Sample {
  const { min, max } = range(runs);
  return { median: round(median(runs)), min: round(min), max: round(max), runs: runs.map((ms) => round(ms)) };
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function now(): number {
  return performance.now();
}

/** Runs `fn` and returns how long it took, in milliseconds. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = now();
  await fn();
  return now() - start;
}

/** Rounds to 3 significant decimals for JSON output. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Megabytes from bytes. */
export function mb(bytes: number): number {
  return bytes / (1024 * 1024);
}
