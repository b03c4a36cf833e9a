// The JSON reporter: a machine-readable report for scripts and CI.
//
//   check:       { ok, spec, summary, files: [{ file, ok, kind?, exchanges, skipped: [...], violations: [...], warnings: [...] }] }
//                (`exchanges` counts the exchanges validated; `skipped` lists HAR entries not checked:
//                `{ index, method, url, reason, detail? }`; `drift` lists what the spec does not declare:
//                `{ kind, location, pointer, entry?, value?, exchanges }`; `summary.drift` folds it over
//                the files, with `neverSeen`; `coverage` with `check --coverage`)
//   conformance: { ok, spec, target, durationMs, steps: [{ id, title, verdict, counts, durationMs, details }] }
//
// Every violation keeps all its fields (`location`, `pointer`, `message`, `schemaPath`, and
// `entry`, `expected`, `actual` when known).
import type { CheckReport, ConformanceReport } from "./report.js";
import { summarizeCheck } from "./report.js";
import { summarizeDrift } from "./report-drift.js";

export function jsonCheckReport(report: CheckReport): string {
  return `${JSON.stringify(
    {
      ok: report.ok,
      spec: report.spec,
      durationMs: Math.round(report.durationMs),
      summary: {
        ...summarizeCheck(report.files),
        drift: report.drift ?? summarizeDrift(report.files),
      },
      ...(report.coverage === undefined ? {} : { coverage: report.coverage }),
      files: report.files.map((f) => ({
        file: f.file,
        ok: f.ok,
        ...(f.kind === undefined ? {} : { kind: f.kind }),
        exchanges: f.exchanges,
        skipped: f.skipped,
        violations: f.violations,
        warnings: f.warnings,
        drift: f.drift,
      })),
    },
    null,
    2,
  )}\n`;
}

export function jsonConformanceReport(report: ConformanceReport): string {
  return `${JSON.stringify(
    {
      ok: report.ok,
      spec: report.spec,
      target: report.target,
      durationMs: Math.round(report.durationMs),
      steps: report.steps.map((s) => ({ ...s, durationMs: Math.round(s.durationMs) })),
    },
    null,
    2,
  )}\n`;
}
