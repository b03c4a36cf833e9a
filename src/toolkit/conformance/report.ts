// What the reporters render: the verdicts of `check` (one per file) and of `conformance` (one per
// step). Reporters are pure functions from these to text, so that a CI system, a test or another
// tool can render the same results without the command line.
import { type FileResult, SKIP_REASON_WORDS, type SkippedEntry, type SkipReason } from "./check.js";
import type { Coverage } from "./coverage.js";
import type { DriftSummary } from "./report-drift.js";
import type { Violation } from "./violation.js";

/** The output formats of the reporters. */
export const REPORTERS = ["pretty", "json", "junit"] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** The result of checking recordings against a spec. */
export interface CheckReport {
  ok: boolean;
  /** The spec the files were checked against. */
  spec: string;
  files: FileResult[];
  durationMs: number;
  /** Drift over all files (when it was looked for). */
  drift?: DriftSummary;
  /** Coverage of the spec by the files (with `check --coverage`). */
  coverage?: Coverage;
}

/** Counts over a check report. */
export interface CheckSummary {
  files: number;
  conforming: number;
  violating: number;
  exchanges: number;
  /** HAR entries not checked, in all files. */
  skipped: number;
  violations: number;
  warnings: number;
}

export function summarizeCheck(files: readonly FileResult[]): CheckSummary {
  const summary: CheckSummary = {
    files: files.length,
    conforming: 0,
    violating: 0,
    exchanges: 0,
    skipped: 0,
    violations: 0,
    warnings: 0,
  };
  for (const f of files) {
    if (f.ok) summary.conforming++;
    else summary.violating++;
    summary.exchanges += f.exchanges;
    summary.skipped += f.skipped.length;
    summary.violations += f.violations.length;
    summary.warnings += f.warnings.length;
  }
  return summary;
}

/** A step's verdict: `skip` when it could not run here (a tool not installed, nothing to check). */
export type Verdict = "pass" | "fail" | "skip";

/** One step of `pc-customers conformance`. */
export interface ConformanceStep {
  /** Short identifier: `lint`, `generated`, `recordings`, `client`. */
  id: string;
  /** What was checked, for the report table. */
  title: string;
  verdict: Verdict;
  /** What was counted, such as `4 files, 0 violations`. */
  counts: string;
  durationMs: number;
  /** What failed or why the step was skipped, one line each. */
  details: string[];
}

/** The result of `pc-customers conformance`. */
export interface ConformanceReport {
  ok: boolean;
  spec: string;
  /** `mock` (the embedded Prism mock) or the target URL the client walked through a Prism proxy. */
  target: string;
  steps: ConformanceStep[];
  durationMs: number;
}

/** `2 checked, 5 skipped (3 not in the spec, 1 preflight, 1 aborted)`; just `2 checked` when none was skipped. */
export function describeSkips(checked: number, skipped: readonly SkippedEntry[]): string {
  if (skipped.length === 0) return `${checked} checked`;
  // In one fixed order (the order of SKIP_REASON_WORDS), so that reports of two runs compare.
  const reasons = (Object.keys(SKIP_REASON_WORDS) as SkipReason[]).flatMap((reason) => {
    const n = skipped.filter((s) => s.reason === reason).length;
    return n === 0 ? [] : [`${n} ${SKIP_REASON_WORDS[reason]}`];
  });
  return `${checked} checked, ${skipped.length} skipped (${reasons.join(", ")})`;
}

/** `12 ms`, `1.4 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `1 file`, `2 files`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * One violation on one line: the HAR entry, the message, what the recording has when the message
 * does not say, and (with `rule`) the rule of the spec that failed.
 */
export function describeViolation(v: Violation, rule = true): string {
  const entry = v.entry === undefined ? "" : `entry ${v.entry}: `;
  const got = v.actual === undefined || /\bgot\b/.test(v.message) ? "" : ` (got ${JSON.stringify(v.actual)})`;
  const where = rule && v.schemaPath ? ` [${v.schemaPath}]` : "";
  return `${entry}${v.message}${got}${where}`;
}
