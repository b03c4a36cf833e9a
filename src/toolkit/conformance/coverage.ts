// Coverage: which of the spec's operations, statuses, response examples and optional properties
// a set of recordings exercised (Specmatic's coverage report is the model: one row per
// operation and status). The gate (`--min-coverage`) is the share of operation-status rows that
// some checked exchange answered.
import type { SeenProperties } from "./drift.js";
import type { Exchange } from "./recording.js";
import { type OpenApiDocument, resolveRef } from "./spec.js";
import type { SpecValidator } from "./validator.js";

/** One operation and status of the spec, and what the recordings showed of it. */
export interface CoverageRow {
  method: string;
  path: string;
  status: string;
  /** Checked exchanges answered with this status. */
  exchanges: number;
  /** The response examples the spec gives for it, and which of them a recording matched. */
  examples: Array<{ name: string; covered: boolean }>;
}

/** The coverage of a spec by a set of recordings. */
export interface Coverage {
  rows: CoverageRow[];
  operations: { total: number; covered: number };
  statuses: { total: number; covered: number };
  examples: { total: number; covered: number };
  optionalProperties: { total: number; covered: number; missing: string[] };
  /** Covered operation-status rows, in percent of all rows (what `--min-coverage` compares). */
  percent: number;
}

/**
 * What one file's checked exchanges showed of the spec: the counts a run's coverage and its list
 * of declared properties never seen are summed from (`addSeen`).
 */
export interface Seen extends SeenProperties {
  /** Checked exchanges by operation and status key (`GET /v1/customers 200`). */
  rows: Map<string, number>;
  /** The outlines of their bodies, by the same key (at most 1,000 each). */
  outlines: Map<string, Set<string>>;
}

/** Nothing seen yet: the start of a sum. */
export function emptySeen(): Seen {
  return { rows: new Map(), outlines: new Map(), properties: new Set(), types: new Set() };
}

/** Adds `one` to the sum `into`, and returns `into`. */
export function addSeen(into: Seen, one: Seen): Seen {
  for (const [row, n] of one.rows) into.rows.set(row, (into.rows.get(row) ?? 0) + n);
  for (const [row, outlines] of one.outlines) for (const o of outlines) addOutline(into.outlines, row, o);
  for (const p of one.properties) into.properties.add(p);
  for (const t of one.types) into.types.add(t);
  return into;
}

/**
 * Which operation-status rows a file's checked exchanges answered, and the outlines of their
 * bodies. An example counts as covered when a recorded body of its operation and status has the
 * same outline: the same property paths, two levels deep, arrays as one element (so a first, a
 * middle, a last and an empty page are told apart).
 */
export function tallyCoverage(
  validator: SpecValidator,
  exchanges: ReadonlyArray<{ exchange: Exchange; body: unknown }>,
): Pick<Seen, "rows" | "outlines"> {
  const rows = new Map<string, number>();
  const outlines = new Map<string, Set<string>>();
  for (const { exchange, body } of exchanges) {
    const { request, response } = exchange;
    const found = validator.operationOf(request.method, request.url, response.status);
    if (found?.status === undefined) continue;
    const row = `${found.operation.method} ${found.operation.path} ${found.status}`;
    rows.set(row, (rows.get(row) ?? 0) + 1);
    if (body !== undefined) addOutline(outlines, row, outline(body));
  }
  return { rows, outlines };
}

// Bounded: a run of a million pages has a handful of distinct outlines.
function addOutline(outlines: Map<string, Set<string>>, row: string, outline: string): void {
  let set = outlines.get(row);
  if (!set) {
    set = new Set();
    outlines.set(row, set);
  }
  if (set.size < 1000) set.add(outline);
}

/**
 * The coverage of `validator`'s spec by what a run saw; an optional property counts as covered
 * when some checked body had it.
 */
export function coverageOf(validator: SpecValidator, seen: Seen): Coverage {
  const optional = new Map<string, boolean>();
  for (const [location, { required }] of validator.drift.declared())
    if (!required) optional.set(location, seen.properties.has(location));
  const operations = validator.operations();
  const rows: CoverageRow[] = [];
  for (const op of operations)
    for (const status of op.statuses) {
      const row = `${op.method} ${op.path} ${status}`;
      const outlines = seen.outlines.get(row) ?? new Set<string>();
      rows.push({
        method: op.method,
        path: op.path,
        status,
        exchanges: seen.rows.get(row) ?? 0,
        examples: examplesOf(validator.document, op.method.toLowerCase(), op.path, status).map(
          ([name, value]) => ({ name, covered: outlines.has(outline(value)) }),
        ),
      });
    }
  const covered = rows.filter((r) => r.exchanges > 0);
  const opsCovered = new Set(covered.map((r) => `${r.method} ${r.path}`));
  const examples = rows.flatMap((r) => r.examples);
  const missing = [...optional].filter(([, had]) => !had).map(([location]) => location);
  return {
    rows,
    operations: { total: operations.length, covered: opsCovered.size },
    statuses: { total: rows.length, covered: covered.length },
    examples: { total: examples.length, covered: examples.filter((e) => e.covered).length },
    optionalProperties: { total: optional.size, covered: optional.size - missing.length, missing },
    percent: rows.length === 0 ? 100 : (100 * covered.length) / rows.length,
  };
}

function examplesOf(
  document: OpenApiDocument,
  method: string,
  template: string,
  status: string,
): Array<[string, unknown]> {
  const operation = document.paths?.[template]?.[method] as
    | { responses?: Record<string, unknown> }
    | undefined;
  const response = resolveRef<{ content?: Record<string, { examples?: Record<string, unknown> }> }>(
    document,
    operation?.responses?.[status],
  );
  const out: Array<[string, unknown]> = [];
  for (const media of Object.values(response?.content ?? {}))
    for (const [name, raw] of Object.entries(media?.examples ?? {}))
      out.push([name, resolveRef<{ value?: unknown }>(document, raw)?.value]);
  return out;
}

// The property paths of a value, two levels deep, an array's elements as one `[]`.
function outline(value: unknown): string {
  const paths = new Set<string>();
  const visit = (node: unknown, path: string, depth: number) => {
    if (depth >= 2 || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      if (node.length > 0) {
        paths.add(`${path}/[]`);
        visit(node[0], `${path}/[]`, depth + 1);
      }
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      paths.add(`${path}/${key}`);
      visit(child, `${path}/${key}`, depth + 1);
    }
  };
  visit(value, "", 0);
  return [...paths].sort().join("\n");
}

/** Coverage in one line: operations, statuses (with the gate's percentage), examples, optional properties. */
export function coverageSummary(coverage: Coverage): string {
  const { operations, statuses, examples, optionalProperties: o } = coverage;
  return `operations ${operations.covered}/${operations.total}, statuses ${statuses.covered}/${statuses.total} (${coverage.percent.toFixed(1)}%), response examples ${examples.covered}/${examples.total}, optional properties ${o.covered}/${o.total}`;
}
