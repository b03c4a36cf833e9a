// The lint step: the spec passes Redocly `recommended` and Spectral `spectral:oas` with no problem
// of any severity. Both linters are optional peers: when one is missing the step is skipped.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { escapePointer } from "../../../conformance/json-pointer.js";
import { plural } from "../../../conformance/report.js";
import { findBin, runTool, type ToolRun } from "../../tools.js";
import { lastLines, notInstalled, type StepOutcome } from "./step.js";

interface RedoclyReport {
  totals?: { errors: number; warnings: number };
  problems?: Array<{
    ruleId?: string;
    severity?: string;
    message?: string;
    location?: Array<{ pointer?: string }>;
  }>;
}

interface SpectralProblem {
  code?: string | number;
  message?: string;
  severity?: number;
  path?: Array<string | number>;
}

/** Lints `spec` with both linters, side by side; every problem is one detail line. */
export async function lintStep(spec: string): Promise<StepOutcome> {
  const redocly = findBin("@redocly/cli", "redocly");
  const spectral = findBin("@stoplight/spectral-cli", "spectral");
  if (!redocly || !spectral) {
    const missing = [!redocly && "@redocly/cli", !spectral && "@stoplight/spectral-cli"]
      .filter(Boolean)
      .join(" ");
    return { verdict: "skip", counts: "-", details: [notInstalled(missing)] };
  }
  // The rulesets are written to a scratch folder, so that the project's own config files (and a
  // config that switches rules off) cannot change the verdict.
  const scratch = await mkdtemp(join(tmpdir(), "pc-customers-lint-"));
  try {
    await writeFile(join(scratch, "redocly.yaml"), "extends:\n  - recommended\n");
    await writeFile(join(scratch, ".spectral.yaml"), 'extends: ["spectral:oas"]\n');
    const specPath = resolve(spec);
    const [r, s] = await Promise.all([
      runTool(redocly, ["lint", specPath, "--config", join(scratch, "redocly.yaml"), "--format=json"], {
        cwd: scratch,
      }),
      runTool(
        spectral,
        [
          "lint",
          specPath,
          "--ruleset",
          join(scratch, ".spectral.yaml"),
          "--format=json",
          "--quiet",
          "--fail-severity=hint",
        ],
        { cwd: scratch },
      ),
    ]);
    const redoclyFound = redoclyProblems(r);
    const spectralFound = spectralProblems(s);
    const total = redoclyFound.count + spectralFound.count;
    return {
      verdict: total === 0 ? "pass" : "fail",
      counts: `redocly ${plural(redoclyFound.count, "problem")}, spectral ${plural(spectralFound.count, "problem")}`,
      details: [...redoclyFound.details, ...spectralFound.details],
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Redocly's JSON report as detail lines; output that is not its report counts as one problem. */
function redoclyProblems(run: ToolRun): { count: number; details: string[] } {
  try {
    const problems = (JSON.parse(run.stdout) as RedoclyReport).problems ?? [];
    return {
      count: problems.length,
      details: problems.map(
        (p) =>
          `redocly ${p.severity === "warn" ? "warning" : (p.severity ?? "problem")} ${p.ruleId ?? ""}: ${p.message ?? ""} at ${p.location?.[0]?.pointer ?? "?"}`,
      ),
    };
  } catch {
    return {
      count: 1,
      details: [`redocly did not report (exit ${run.code}): ${lastLines(run.stderr || run.stdout)}`],
    };
  }
}

/** Spectral's JSON report as detail lines, each with the JSON pointer of the problem. */
function spectralProblems(run: ToolRun): { count: number; details: string[] } {
  const severities = ["error", "warning", "info", "hint"];
  try {
    const problems = JSON.parse(run.stdout) as SpectralProblem[];
    return {
      count: problems.length,
      details: problems.map(
        (p) =>
          `spectral ${severities[p.severity ?? 0] ?? "problem"} ${p.code ?? ""}: ${p.message ?? ""} at #/${(p.path ?? []).map((x) => escapePointer(String(x))).join("/")}`,
      ),
    };
  } catch {
    return {
      count: 1,
      details: [`spectral did not report (exit ${run.code}): ${lastLines(run.stderr || run.stdout)}`],
    };
  }
}
