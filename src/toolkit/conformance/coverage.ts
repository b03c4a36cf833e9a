// Coverage: which of the spec's operations, statuses, response examples and optional properties
// a set of recordings exercised (Specmatic's coverage report is the model: one row per
// operation and status). The gate (`--min-coverage`) is the share of operation-status rows that
// some checked exchange answered.
import { findOperation, type OperationRule, responseRuleFor } from "./rules.js";
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
 * What a set of checked exchanges touched. An example counts as covered when a recorded body of
 * its operation and status has the same outline: the same property paths, two levels deep,
 * arrays as one element (so a first, a middle, a last and an empty page are told apart).
 */
export class CoverageRecorder {
  readonly #operations: readonly OperationRule[];
  readonly #document: OpenApiDocument;
  readonly #hits = new Map<string, number>();
  readonly #outlines = new Map<string, Set<string>>();

  constructor(document: OpenApiDocument, operations: readonly OperationRule[]) {
    this.#document = document;
    this.#operations = operations;
  }

  /** Records one checked exchange. */
  record(method: string, url: string, status: number, body: unknown): void {
    const op = findOperation(this.#operations, method, url);
    if (!op) return;
    const rule = responseRuleFor(op, status);
    const key = rule && [...op.responses].find(([, r]) => r === rule)?.[0];
    if (key === undefined) return;
    const row = `${op.method} ${op.template} ${key}`;
    this.#hits.set(row, (this.#hits.get(row) ?? 0) + 1);
    if (body === undefined) return;
    let outlines = this.#outlines.get(row);
    if (!outlines) {
      outlines = new Set();
      this.#outlines.set(row, outlines);
    }
    // Bounded: a run of a million pages has a handful of distinct outlines.
    if (outlines.size < 1000) outlines.add(outline(body));
  }

  /** The coverage so far; `optional` is every optional property and whether it was seen. */
  coverage(optional: ReadonlyMap<string, boolean>): Coverage {
    const rows: CoverageRow[] = [];
    for (const op of this.#operations)
      for (const status of op.responses.keys()) {
        const row = `${op.method} ${op.template} ${status}`;
        const seen = this.#outlines.get(row) ?? new Set<string>();
        rows.push({
          method: op.method.toUpperCase(),
          path: op.template,
          status,
          exchanges: this.#hits.get(row) ?? 0,
          examples: this.#examples(op, status).map(([name, value]) => ({
            name,
            covered: seen.has(outline(value)),
          })),
        });
      }
    const covered = rows.filter((r) => r.exchanges > 0);
    const opsCovered = new Set(covered.map((r) => `${r.method} ${r.path}`));
    const examples = rows.flatMap((r) => r.examples);
    const missing = [...optional].filter(([, seen]) => !seen).map(([location]) => location);
    return {
      rows,
      operations: { total: this.#operations.length, covered: opsCovered.size },
      statuses: { total: rows.length, covered: covered.length },
      examples: { total: examples.length, covered: examples.filter((e) => e.covered).length },
      optionalProperties: { total: optional.size, covered: optional.size - missing.length, missing },
      percent: rows.length === 0 ? 100 : (100 * covered.length) / rows.length,
    };
  }

  #examples(op: OperationRule, status: string): Array<[string, unknown]> {
    const operation = this.#document.paths?.[op.template]?.[op.method] as
      | { responses?: Record<string, unknown> }
      | undefined;
    const response = resolveRef<{ content?: Record<string, { examples?: Record<string, unknown> }> }>(
      this.#document,
      operation?.responses?.[status],
    );
    const out: Array<[string, unknown]> = [];
    for (const media of Object.values(response?.content ?? {}))
      for (const [name, raw] of Object.entries(media?.examples ?? {}))
        out.push([name, resolveRef<{ value?: unknown }>(this.#document, raw)?.value]);
    return out;
  }
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

/**
 * The coverage of everything `validator` has checked so far, with the optional properties its
 * drift model saw (a property is covered when some checked body had it).
 */
export function recordedCoverage(validator: SpecValidator): Coverage {
  const optional = new Map<string, boolean>();
  for (const [location, { required }] of validator.drift.declared())
    if (!required) optional.set(location, validator.drift.seen.has(location));
  return validator.coverage.coverage(optional);
}

/** Coverage in one line: operations, statuses (with the gate's percentage), examples, optional properties. */
export function coverageSummary(coverage: Coverage): string {
  const { operations, statuses, examples, optionalProperties: o } = coverage;
  return `operations ${operations.covered}/${operations.total}, statuses ${statuses.covered}/${statuses.total} (${coverage.percent.toFixed(1)}%), response examples ${examples.covered}/${examples.total}, optional properties ${o.covered}/${o.total}`;
}
