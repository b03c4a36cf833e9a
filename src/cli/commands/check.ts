// `pc-customers check <file|dir>...`: validates recordings against the spec. Loads only the spec
// reader, the validator and the recording formats (never Prism, the client or the linters); the
// validators are compiled once and every file is read with bounded concurrency.
import { checkFile, collectFiles, type FileResult } from "../../conformance/check.js";
import type { CheckReport } from "../../conformance/report.js";
import { REPORTERS } from "../../conformance/report.js";
import { jsonCheckReport } from "../../conformance/report-json.js";
import { junitCheckReport } from "../../conformance/report-junit.js";
import {
  colorFor,
  prettyCheckSummary,
  prettyFileResult,
  prettyWarnings,
  style,
} from "../../conformance/report-pretty.js";
import { choiceOption, helpHint, intOption, type ParsedArgs, UsageError } from "../args.js";
import type { Io } from "../io.js";
import { mapOrdered } from "../pool.js";
import { loadValidator } from "../spec-option.js";

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const reporter = choiceOption(args, "check", "reporter", REPORTERS, "pretty");
  const concurrency = intOption(args, "check", "concurrency", { min: 1, max: 1024 }, 32);
  const started = performance.now();
  const { validator, specName } = loadValidator(args, "check");
  const files = await collectFiles(args.operands);
  if (files.length === 0) {
    throw new UsageError(
      `no .json or .har recordings found in ${args.operands.map((p) => `'${p}'`).join(", ")}: name recording files, or directories that hold them. ${helpHint("check")}`,
    );
  }

  const color = style(colorFor(process.stdout, io.env));
  const errColor = style(colorFor(process.stderr, io.env));
  const results: FileResult[] = [];
  await mapOrdered(
    files,
    concurrency,
    (file) => checkFile(validator, file),
    async (result) => {
      results.push(result);
      if (result.warnings.length > 0 && reporter === "pretty") io.err(prettyWarnings(result, errColor));
      if (reporter === "pretty") await io.out(prettyFileResult(result, color));
    },
  );

  const report: CheckReport = {
    ok: results.every((r) => r.ok),
    spec: specName,
    files: results,
    durationMs: performance.now() - started,
  };
  if (reporter === "pretty") await io.out(prettyCheckSummary(report, color));
  else if (reporter === "json") await io.out(jsonCheckReport(report));
  else {
    await io.out(junitCheckReport(report));
    const warned = results.filter((r) => r.warnings.length > 0);
    for (const r of warned) io.err(prettyWarnings(r, errColor));
  }
  return report.ok ? 0 : 1;
}
