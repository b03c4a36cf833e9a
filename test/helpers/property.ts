/**
 * Settings shared by the property-based tests (fast-check). Runs are sized for `npm test` and use a
 * fixed seed, so a failure is reproducible; raise the count or change the seed locally:
 *
 *   FC_NUM_RUNS=2000 npx vitest run test/integration/paging-property.test.ts   # many more cases
 *   FC_SEED=12345 npx vitest run --project unit                         # other cases
 *   FC_SEED=random npx vitest run --project unit                        # a new seed per run (printed on failure)
 *
 * `FC_NUM_RUNS` replaces each property's default count; a failure report includes the seed and the
 * path to replay it (fast-check's `seed` and `path` parameters).
 */
import type { Parameters } from "fast-check";

/** The seed every property uses unless `FC_SEED` says otherwise. */
export const DEFAULT_SEED = 20_240_607;

function seed(): number | undefined {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw === "") return DEFAULT_SEED;
  if (raw === "random") return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`FC_SEED must be an integer or "random", got ${raw}`);
  return value;
}

/** How many runs: `FC_NUM_RUNS` when set, else `defaultRuns`. */
export function numRuns(defaultRuns: number): number {
  const raw = process.env.FC_NUM_RUNS;
  if (raw === undefined || raw === "") return defaultRuns;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`FC_NUM_RUNS must be a positive integer, got ${raw}`);
  return value;
}

/** fast-check parameters for one property: `defaultRuns` runs (or `FC_NUM_RUNS`), the fixed seed. */
export function propertyParams<T>(defaultRuns: number, extra: Parameters<T> = {}): Parameters<T> {
  const fixed = seed();
  return { numRuns: numRuns(defaultRuns), ...(fixed === undefined ? {} : { seed: fixed }), ...extra };
}
