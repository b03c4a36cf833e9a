// The JUnit XML reporter, for CI systems that show test results (GitHub Actions test reporters,
// GitLab, Azure Pipelines, Jenkins): one test case per recording file (`check`) or per step
// (`conformance`), with a <failure> that lists the violations.
import { SKIP_REASON_WORDS } from "./check.js";
import type { CheckReport, ConformanceReport } from "./report.js";
import { describeViolation, plural, summarizeCheck } from "./report.js";
import { describeDrift } from "./report-drift.js";

/** One test case. */
export interface JunitCase {
  classname: string;
  name: string;
  timeMs?: number;
  failure?: { type: string; message: string; text: string };
  skipped?: string;
  systemOut?: string;
  systemErr?: string;
}

/** One test suite. */
export interface JunitSuite {
  name: string;
  timeMs: number;
  cases: JunitCase[];
}

/** Renders test suites as a JUnit XML document. */
export function junitXml(name: string, suites: readonly JunitSuite[], timestamp = new Date()): string {
  const count = (cases: readonly JunitCase[]) => ({
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    skipped: cases.filter((c) => c.skipped !== undefined && !c.failure).length,
  });
  const all = suites.flatMap((s) => s.cases);
  const totals = count(all);
  const totalTime = suites.reduce((sum, s) => sum + s.timeMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name=${attr(name)} tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}" time="${seconds(totalTime)}">`,
  ];
  for (const suite of suites) {
    const c = count(suite.cases);
    lines.push(
      `  <testsuite name=${attr(suite.name)} tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="${seconds(suite.timeMs)}" timestamp="${timestamp.toISOString().slice(0, 19)}">`,
    );
    for (const tc of suite.cases) {
      const open = `    <testcase classname=${attr(tc.classname)} name=${attr(tc.name)} time="${seconds(tc.timeMs ?? 0)}"`;
      const body: string[] = [];
      if (tc.failure) {
        body.push(
          `      <failure type=${attr(tc.failure.type)} message=${attr(tc.failure.message)}>${text(tc.failure.text)}</failure>`,
        );
      } else if (tc.skipped !== undefined) {
        body.push(`      <skipped message=${attr(tc.skipped)}/>`);
      }
      if (tc.systemOut) body.push(`      <system-out>${text(tc.systemOut)}</system-out>`);
      if (tc.systemErr) body.push(`      <system-err>${text(tc.systemErr)}</system-err>`);
      lines.push(body.length === 0 ? `${open}/>` : `${open}>\n${body.join("\n")}\n    </testcase>`);
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

/**
 * `check` as JUnit: one test case per file, whose `time` is the file's `durationMs` (0 when the
 * caller did not measure it); the suite's is the report's `durationMs`.
 */
export function junitCheckReport(report: CheckReport, timestamp?: Date): string {
  const summary = summarizeCheck(report.files);
  const cases = report.files.flatMap((f): JunitCase[] => {
    const tc: JunitCase = {
      classname: "pc-customers.check",
      name: f.file,
      ...(f.durationMs === undefined ? {} : { timeMs: f.durationMs }),
    };
    // A HAR entry that was not checked is a skipped test of its own, with its reason.
    const skipped = f.skipped.map(
      (s): JunitCase => ({
        classname: "pc-customers.check",
        name: `${f.file} entries[${s.index}] ${s.method} ${s.url}`,
        skipped: `${SKIP_REASON_WORDS[s.reason]}${s.detail === undefined ? "" : ` (${s.detail})`}`,
      }),
    );
    if (f.ok && f.exchanges === 0 && f.skipped.length > 0) tc.skipped = "every entry was skipped";
    if (!f.ok) {
      const first = f.violations[0]?.message ?? "does not conform";
      tc.failure = {
        type: "SpecViolation",
        message: `${plural(f.violations.length, "violation")}: ${first}`,
        text: f.violations.map((v) => describeViolation(v)).join("\n"),
      };
    }
    if (f.drift.length > 0) tc.systemOut = f.drift.map((d) => `drift: ${describeDrift(d)}`).join("\n");
    if (f.warnings.length > 0) tc.systemErr = f.warnings.map((w) => `warning: ${w}`).join("\n");
    return [tc, ...skipped];
  });
  return junitXml(
    `pc-customers check (${summary.violating} of ${plural(summary.files, "file")} violate)`,
    [{ name: `recordings against ${report.spec}`, timeMs: report.durationMs, cases }],
    timestamp,
  );
}

/** `conformance` as JUnit: one test case per step. */
export function junitConformanceReport(report: ConformanceReport, timestamp?: Date): string {
  const cases = report.steps.map((s): JunitCase => {
    const tc: JunitCase = { classname: "pc-customers.conformance", name: s.title, timeMs: s.durationMs };
    if (s.verdict === "fail") {
      tc.failure = {
        type: "ConformanceFailure",
        message: `${s.title}: ${s.counts}`,
        text: s.details.join("\n"),
      };
    } else if (s.verdict === "skip") {
      tc.skipped = s.details.join(" ") || "skipped";
    }
    return tc;
  });
  return junitXml(
    "pc-customers conformance",
    [{ name: `conformance of ${report.spec} (${report.target})`, timeMs: report.durationMs, cases }],
    timestamp,
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// Replaces what XML 1.0 cannot hold at all (control characters other than tab, line feed and
// carriage return; lone surrogates; U+FFFE and U+FFFF) with U+FFFD.
function xmlSafe(value: string): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let bad = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      bad = true;
    }
    if (bad) {
      out += `${value.slice(start, i)}\uFFFD`;
      start = i + 1;
    }
  }
  return start === 0 ? value : out + value.slice(start);
}

function text(value: string): string {
  return xmlSafe(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(value: string): string {
  return `"${text(value).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;")}"`;
}
