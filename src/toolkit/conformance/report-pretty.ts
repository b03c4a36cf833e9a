// The pretty reporter, for people: one line per file, its violations indented below it with the
// rule of the spec that failed, then a summary. `conformance` prints a table of its steps.
import type { FileResult } from "./check.js";
import { type Coverage, coverageSummary } from "./coverage.js";
import { printable } from "./printable.js";
import type { CheckReport, CheckSummary, ConformanceReport, ConformanceStep } from "./report.js";
import { describeSkips, describeViolation, formatDuration, plural, summarizeCheck } from "./report.js";
import { describeDrift, suggestedEdits } from "./report-drift.js";
import { gridTable } from "./table.js";

/** ANSI colours, or none. */
export interface Style {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

/** Colours when `enabled`, plain text otherwise. */
export function style(enabled: boolean): Style {
  if (!enabled) {
    const same = (text: string) => text;
    return { red: same, green: same, yellow: same, dim: same, bold: same };
  }
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/** Whether to colour a stream: a terminal, and neither NO_COLOR nor FORCE_COLOR=0 set. */
export function colorFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0";
  return stream.isTTY === true;
}

/** One file's lines: a mark and the file, then each violation. Ends with a newline. */
export function prettyFileResult(result: FileResult, s: Style = style(false)): string {
  const kind = result.kind === undefined ? "" : s.dim(` (${kindName(result)})`);
  const drift = (result.drift ?? []).map((d) => `    ${s.yellow("drift")}: ${printable(describeDrift(d))}`);
  if (result.ok) return [`${s.green("✓")} ${printable(result.file)}${kind}`, ...drift, ""].join("\n");
  const lines = [`${s.red("✗")} ${printable(result.file)}${kind}`];
  for (const v of result.violations) {
    lines.push(`    ${printable(describeViolation(v, false))}`);
    if (v.schemaPath) lines.push(s.dim(`      spec: ${v.schemaPath}`));
  }
  return `${[...lines, ...drift].join("\n")}\n`;
}

/** A file's warnings, for stderr. */
export function prettyWarnings(result: FileResult, s: Style = style(false)): string {
  return result.warnings.map((w) => `${s.yellow("warning")}: ${printable(result.file)}: ${w}\n`).join("");
}

/** The closing summary of `check`. */
export function prettyCheckSummary(report: CheckReport, s: Style = style(false)): string {
  const summary: CheckSummary = summarizeCheck(report.files);
  const verdict = report.ok ? s.green("conform") : s.red("do not conform");
  const parts = [`${summary.conforming} conform`];
  if (summary.violating > 0)
    parts.push(s.red(`${summary.violating} violate (${plural(summary.violations, "violation")})`));
  if (summary.warnings > 0) parts.push(s.yellow(plural(summary.warnings, "warning")));
  const drift = report.drift ?? { items: [], neverSeen: [] };
  if (drift.items.length > 0) parts.push(s.yellow(`${drift.items.length} drift`));
  const edits = suggestedEdits(drift);
  const advice =
    edits.length === 0
      ? ""
      : `\nSpec edits the drift suggests:\n${edits.map((e) => `  - ${printable(e)}\n`).join("")}`;
  const coverage = report.coverage ? `\n${prettyCoverage(report.coverage, s)}` : "";
  return (
    coverage +
    `\n${plural(summary.files, "file")} (${plural(summary.exchanges, "exchange")}) checked against ${report.spec}${summary.skipped > 0 ? ` (${plural(summary.skipped, "HAR entry", "HAR entries")} skipped)` : ""} ` +
    `in ${formatDuration(report.durationMs)}: ${parts.join(", ")}. The recordings ${verdict}.\n` +
    advice
  );
}

/** The coverage table: one row per operation and status, then the totals. */
export function prettyCoverage(coverage: Coverage, s: Style = style(false)): string {
  const header = ["Operation", "Status", "Exchanges", "Examples", "Covered"];
  const rows = coverage.rows.map((r) => [
    `${r.method} ${r.path}`,
    r.status,
    String(r.exchanges),
    r.examples.length === 0 ? "-" : `${r.examples.filter((e) => e.covered).length}/${r.examples.length}`,
    r.exchanges > 0 ? "yes" : "no",
  ]);
  const missingExamples = coverage.rows.flatMap((r) =>
    r.examples.filter((e) => !e.covered).map((e) => `${r.status} ${e.name}`),
  );
  const { optionalProperties: o } = coverage;
  return [
    s.bold("Coverage of the spec by the recordings:"),
    ...gridTable(header, rows),
    `${capitalised(coverageSummary(coverage))}.`,
    ...(missingExamples.length > 0 ? [`Examples no recording matches: ${missingExamples.join(", ")}.`] : []),
    ...(o.missing.length > 0 ? [`Optional properties no recording has: ${o.missing.join(", ")}.`] : []),
    "",
  ].join("\n");
}

/** The whole `check` report as text (stdout part only; warnings go to stderr separately). */
export function prettyCheckReport(report: CheckReport, s: Style = style(false)): string {
  return report.files.map((f) => prettyFileResult(f, s)).join("") + prettyCheckSummary(report, s);
}

/** The `conformance` table: check, verdict, counts, time; then what failed. */
export function prettyConformanceReport(report: ConformanceReport, s: Style = style(false)): string {
  const header = ["Check", "Verdict", "Counts", "Time"];
  const rows = report.steps.map((step) => [
    step.title,
    step.verdict.toUpperCase(),
    step.counts,
    formatDuration(step.durationMs),
  ]);
  const out = gridTable(header, rows, (c, i, row) =>
    row === 0 ? s.bold(c) : i === 1 ? verdictStyle(report.steps[row - 1] as ConformanceStep, s)(c) : c,
  );
  const details = report.steps.filter((step) => step.details.length > 0 && step.verdict !== "pass");
  for (const step of details) {
    out.push("", `${step.verdict === "fail" ? s.red(step.title) : s.yellow(step.title)}:`);
    for (const d of step.details) out.push(`  ${d}`);
  }
  const failed = report.steps.filter((step) => step.verdict === "fail").length;
  const client = report.steps.find((step) => step.id === "client");
  const target = client && client.verdict !== "skip" ? ` (${report.target})` : "";
  out.push(
    "",
    report.ok
      ? s.green(`Conformance of ${report.spec} passed${target} in ${formatDuration(report.durationMs)}.`)
      : s.red(
          `Conformance of ${report.spec} FAILED: ${plural(failed, "check")} failed${target}, in ${formatDuration(report.durationMs)}.`,
        ),
    "",
  );
  return out.join("\n");
}

function verdictStyle(step: ConformanceStep, s: Style): (text: string) => string {
  return step.verdict === "pass" ? s.green : step.verdict === "fail" ? s.red : s.yellow;
}

function kindName(result: FileResult): string {
  const what = result.kind === "body" ? "response body" : result.kind === "har" ? "HAR" : "exchange";
  if (result.kind === "har") return `${what}, ${describeSkips(result.exchanges, result.skipped)}`;
  return result.exchanges > 1 ? `${what}, ${result.exchanges} exchanges` : what;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
