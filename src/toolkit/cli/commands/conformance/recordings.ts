// The recordings step: every recording conforms. A documentation sample kept verbatim conforms
// when it has exactly the violations its provenance lists in `knownDefects`, no more, no fewer.
// Each file is read and parsed once, by the library's checker, which also returns the provenance
// and what the file showed of the spec: the step's coverage is the sum of those.
import { statSync } from "node:fs";
import { relative, sep } from "node:path";
import { embeddedAssets } from "../../../conformance/assets.js";
import { checkFileSync, collectFiles, type FileResult } from "../../../conformance/check.js";
import { addSeen, coverageOf, coverageSummary, emptySeen } from "../../../conformance/coverage.js";
import { plural } from "../../../conformance/report.js";
import type { SpecValidator } from "../../../conformance/validator.js";
import { displayPath } from "../../display-path.js";
import type { StepOutcome } from "./step.js";

/** Whether `path` is a directory (false when it does not exist or cannot be read). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Checks every recording under `dirOption` (default: the package's own), skipping `invalid/`. */
export async function recordingsStep(
  validator: SpecValidator,
  dirOption: string | undefined,
): Promise<StepOutcome> {
  const dir = dirOption ?? embeddedAssets().recordings;
  if (!isDirectory(dir)) {
    return {
      verdict: "skip",
      counts: "-",
      details: [`no recordings at ${dir}: pass --recordings DIR to check your own`],
    };
  }
  // invalid/ holds recordings that must be rejected; the contract tests check those.
  const files = (await collectFiles([dir])).filter((f) => relative(dir, f).split(sep)[0] !== "invalid");
  if (files.length === 0) {
    return { verdict: "fail", counts: "0 files", details: [`no .json or .har recordings in ${dir}`] };
  }
  let exchanges = 0;
  let known = 0;
  let violations = 0;
  const details: string[] = [];
  const seen = emptySeen();
  for (const file of files) {
    const result = checkFileSync(validator, file);
    if (result.seen) addSeen(seen, result.seen);
    exchanges += result.exchanges;
    for (const w of result.warnings) details.push(`${displayPath(file)}: warning: ${w}`);
    const verdict = againstKnownDefects(result);
    known += verdict.known;
    violations += verdict.problems.length;
    for (const problem of verdict.problems) details.push(`${displayPath(file)}: ${problem}`);
  }
  const coverage = coverageOf(validator, seen);
  const { statuses, examples } = coverage;
  return {
    verdict: violations === 0 ? "pass" : "fail",
    counts: `${plural(files.length, "file")}, ${plural(exchanges, "exchange")}, ${plural(known, "known defect")}, ${plural(violations, "violation")}; covered: statuses ${statuses.covered}/${statuses.total}, examples ${examples.covered}/${examples.total}`,
    details: [...details, `coverage of the spec by the recordings: ${coverageSummary(coverage)}`],
  };
}

/**
 * A file's violations weighed against its `provenance.knownDefects`: how many known defects were
 * found, and one problem for each violation not listed and each listed defect not found.
 */
function againstKnownDefects(result: FileResult): { known: number; problems: string[] } {
  const list: unknown = result.provenance?.knownDefects;
  if (!Array.isArray(list)) return { known: 0, problems: result.violations.map((v) => v.message) };
  const problems: string[] = [];
  const expected: string[] = [];
  for (const [index, defect] of list.entries()) {
    const pointer = (defect as { pointer?: unknown } | null)?.pointer;
    if (typeof pointer === "string") expected.push(pointer);
    else
      problems.push(
        `provenance.knownDefects[${index}] has no string "pointer": give the JSON pointer of the defect, as a violation names it`,
      );
  }
  // Matched one for one, in pointer order, so that a defect listed twice must be found twice.
  const rest = [...expected].sort();
  const unexpected = [...result.violations]
    .sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0))
    .filter((v) => {
      const i = rest.indexOf(v.pointer);
      if (i === -1) return true;
      rest.splice(i, 1);
      return false;
    });
  for (const v of unexpected) problems.push(`${v.message} (not one of its provenance.knownDefects)`);
  for (const pointer of rest)
    problems.push(
      `known defect ${pointer} is listed in provenance.knownDefects but no longer found: remove it from the list`,
    );
  return { known: expected.length - rest.length, problems };
}
