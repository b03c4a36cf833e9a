// `pc-customers conformance`: the check users run in CI. Four steps, run side by side:
//
//   lint        Redocly `recommended` + Spectral `spectral:oas`, zero problems of any severity
//   generated   generated/partner-center.d.ts is what openapi-typescript makes of the spec
//   recordings  every recording conforms (honouring provenance.knownDefects)
//   client      the typed client walked through Prism (mock, or a validating proxy to --target)
//
// then a table (check, verdict, counts, time) and exit 0/1.
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { embeddedAssets } from "../../conformance/assets.js";
import { stripBom } from "../../conformance/bom.js";
import { checkText, collectFiles } from "../../conformance/check.js";
import { escapePointer } from "../../conformance/json-pointer.js";
import type { Provenance } from "../../conformance/recording.js";
import type { ConformanceReport, ConformanceStep, Verdict } from "../../conformance/report.js";
import { plural, REPORTERS } from "../../conformance/report.js";
import { jsonConformanceReport } from "../../conformance/report-json.js";
import { junitConformanceReport } from "../../conformance/report-junit.js";
import { colorFor, prettyConformanceReport, style } from "../../conformance/report-pretty.js";
import type { SpecValidator } from "../../conformance/validator.js";
import {
  checkInsecureHttp,
  choiceOption,
  helpHint,
  intOption,
  type ParsedArgs,
  stringOption,
  tokenEnvOption,
  UsageError,
  urlOption,
} from "../args.js";
import type { Io } from "../io.js";
import { checkSpecReadable, loadValidator, specFile } from "../spec-option.js";
import { findBin, runTool } from "../tools.js";

const STEPS = ["lint", "generated", "recordings", "client"] as const;
type StepId = (typeof STEPS)[number];

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const started = performance.now();
  const reporter = choiceOption(args, "conformance", "reporter", REPORTERS, "pretty");
  const skip = skippedSteps(args);
  const target = urlOption(args, "conformance", "target");
  const tokenEnv = tokenEnvOption(args, "conformance");
  const size = intOption(args, "conformance", "size", { min: 0 }, 100);
  const maxPages = intOption(args, "conformance", "max-pages", { min: 1 }, 3);
  const targetOnly = ["token-env", "size", "max-pages", "allow-insecure-http"].filter(
    (name) => args.values[name] !== undefined,
  );
  if (!target && targetOnly.length > 0) {
    throw new UsageError(
      `--${targetOnly[0]} only applies with --target URL (the mock walk uses the spec's examples). ${helpHint("conformance")}`,
    );
  }
  // Prism forwards the Authorization header to the target as it is.
  if (target) checkInsecureHttp(args, "conformance", "--target", target);
  let token: string | undefined;
  if (target && !skip.has("client")) {
    token = io.env[tokenEnv];
    if (!token) {
      throw new UsageError(
        `--target needs an access token in the environment variable ${tokenEnv}, which is not set. ` +
          `Set it, or name another variable with --token-env. ${helpHint("conformance")}`,
      );
    }
    io.addSecret(token);
  }
  const spec = specFile(args);
  const recordingsOption = stringOption(args, "recordings");
  if (recordingsOption !== undefined && !isDirectory(recordingsOption)) {
    throw new UsageError(
      `--recordings ${recordingsOption} is not a directory: name the directory that holds your recordings. ${helpHint("conformance")}`,
    );
  }
  const needsValidator = !skip.has("recordings") || !skip.has("client");
  const compiled = needsValidator ? loadValidator(args, "conformance") : undefined;
  // The lint and generated steps read the spec with other tools: one that cannot be read at all
  // is a usage error here too, not two tool failures.
  if (!compiled && !spec.embedded) checkSpecReadable(args, "conformance");

  const steps = await Promise.all([
    timed("lint", "spec lint (Redocly recommended + Spectral oas)", skip, () => lintStep(spec.path)),
    timed("generated", "generated types current (openapi-typescript)", skip, () => generatedStep(spec.path)),
    timed("recordings", "recordings conform", skip, () =>
      recordingsStep(compiled?.validator as SpecValidator, recordingsOption),
    ),
    timed("client", target ? "client via Prism proxy --errors" : "client via Prism mock", skip, async () => {
      const walk = await import("../walk.js");
      return target
        ? walk.walkTarget({
            validator: compiled?.validator as SpecValidator,
            spec: spec.path,
            target,
            token: token as string,
            size,
            maxPages,
          })
        : walk.walkMock({ validator: compiled?.validator as SpecValidator, spec: spec.path });
    }),
  ]);

  const report: ConformanceReport = {
    ok: steps.every((s) => s.verdict !== "fail"),
    spec: spec.name,
    target: target ? `proxy to ${target}` : "Prism mock",
    steps,
    durationMs: performance.now() - started,
  };
  if (reporter === "json") await io.out(jsonConformanceReport(report));
  else if (reporter === "junit") await io.out(junitConformanceReport(report));
  else await io.out(prettyConformanceReport(report, style(colorFor(process.stdout, io.env))));
  return report.ok ? 0 : 1;
}

/** What a step found, before timing. */
export interface StepOutcome {
  verdict: Verdict;
  counts: string;
  details: string[];
}

async function timed(
  id: StepId,
  title: string,
  skip: Set<StepId>,
  body: () => Promise<StepOutcome>,
): Promise<ConformanceStep> {
  const started = performance.now();
  if (skip.has(id))
    return { id, title, verdict: "skip", counts: "skipped (--skip)", durationMs: 0, details: [] };
  let outcome: StepOutcome;
  try {
    outcome = await body();
  } catch (error) {
    outcome = { verdict: "fail", counts: "error", details: [(error as Error).message ?? String(error)] };
  }
  return { id, title, ...outcome, durationMs: performance.now() - started };
}

function skippedSteps(args: ParsedArgs): Set<StepId> {
  const raw = args.values.skip;
  const names = (Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const name of names) {
    if (!(STEPS as readonly string[]).includes(name))
      throw new UsageError(
        `--skip ${name}: there is no such step; the steps are ${STEPS.join(", ")}. ${helpHint("conformance")}`,
      );
  }
  return new Set(names as StepId[]);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const NOT_INSTALLED = (pkgs: string) =>
  `not installed here: run 'npm install --save-dev ${pkgs}' to run this step`;

// ---------------------------------------------------------------------------------------------
// lint

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

async function lintStep(spec: string): Promise<StepOutcome> {
  const redocly = findBin("@redocly/cli", "redocly");
  const spectral = findBin("@stoplight/spectral-cli", "spectral");
  if (!redocly || !spectral) {
    const missing = [!redocly && "@redocly/cli", !spectral && "@stoplight/spectral-cli"]
      .filter(Boolean)
      .join(" ");
    return { verdict: "skip", counts: "-", details: [NOT_INSTALLED(missing)] };
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
    const details: string[] = [];
    let redoclyCount: number;
    try {
      const report = JSON.parse(r.stdout) as RedoclyReport;
      const problems = report.problems ?? [];
      redoclyCount = problems.length;
      for (const p of problems)
        details.push(
          `redocly ${p.severity === "warn" ? "warning" : (p.severity ?? "problem")} ${p.ruleId ?? ""}: ${p.message ?? ""} at ${p.location?.[0]?.pointer ?? "?"}`,
        );
    } catch {
      redoclyCount = 1;
      details.push(`redocly did not report (exit ${r.code}): ${lastLines(r.stderr || r.stdout)}`);
    }
    let spectralCount: number;
    try {
      const problems = JSON.parse(s.stdout) as SpectralProblem[];
      spectralCount = problems.length;
      const severities = ["error", "warning", "info", "hint"];
      for (const p of problems)
        details.push(
          `spectral ${severities[p.severity ?? 0] ?? "problem"} ${p.code ?? ""}: ${p.message ?? ""} at #/${(p.path ?? []).map((x) => escapePointer(String(x))).join("/")}`,
        );
    } catch {
      spectralCount = 1;
      details.push(`spectral did not report (exit ${s.code}): ${lastLines(s.stderr || s.stdout)}`);
    }
    const total = redoclyCount + spectralCount;
    return {
      verdict: total === 0 ? "pass" : "fail",
      counts: `redocly ${plural(redoclyCount, "problem")}, spectral ${plural(spectralCount, "problem")}`,
      details,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function lastLines(text: string, n = 3): string {
  return text.trim().split(/\r?\n/).slice(-n).join(" / ") || "no output";
}

// ---------------------------------------------------------------------------------------------
// generated

async function generatedStep(spec: string): Promise<StepOutcome> {
  const generated = embeddedAssets().generated;
  if (!existsSync(generated)) {
    return { verdict: "skip", counts: "-", details: [`no generated types at ${generated}`] };
  }
  const bin = findBin("openapi-typescript", "openapi-typescript");
  if (!bin) return { verdict: "skip", counts: "-", details: [NOT_INSTALLED("openapi-typescript")] };
  // Run in an empty folder: openapi-typescript reads a redocly.yaml in its working directory and
  // would then ignore the file it was given.
  const scratch = await mkdtemp(join(tmpdir(), "pc-customers-generated-"));
  try {
    const result = await runTool(bin, [resolve(spec), "-o", generated, "--check"], { cwd: scratch });
    const name = relative(process.cwd(), generated) || generated;
    if (result.code === 0) return { verdict: "pass", counts: "1 file current", details: [] };
    const stale = /not up-to-date/i.test(result.stderr + result.stdout);
    return {
      verdict: "fail",
      counts: stale ? "1 file stale" : `exit ${result.code}`,
      details: [
        stale
          ? `${name} is not the openapi-typescript output of ${spec}: run 'npm run generate' and commit the result`
          : `openapi-typescript failed: ${lastLines(result.stderr || result.stdout)}`,
      ],
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// recordings

async function recordingsStep(validator: SpecValidator, dirOption: string | undefined): Promise<StepOutcome> {
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
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      violations++;
      details.push(`${shown}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`);
      continue;
    }
    const result = checkText(validator, shown, text);
    exchanges += result.exchanges;
    for (const w of result.warnings) details.push(`${shown}: warning: ${w}`);
    const defects = knownDefects(text);
    if (defects === undefined) {
      violations += result.violations.length;
      for (const v of result.violations) details.push(`${shown}: ${v.message}`);
      continue;
    }
    const found = result.violations.map((v) => v.pointer).sort();
    const expected = [...defects].sort();
    const unexpected = difference(found, expected);
    const missing = difference(expected, found);
    known += expected.length - missing.length;
    violations += unexpected.length + missing.length;
    for (const pointer of unexpected) {
      const v = result.violations.find((x) => x.pointer === pointer);
      details.push(`${shown}: ${v?.message ?? pointer} (not one of its provenance.knownDefects)`);
    }
    for (const pointer of missing)
      details.push(
        `${shown}: known defect ${pointer} is listed in provenance.knownDefects but no longer found: remove it from the list`,
      );
  }
  return {
    verdict: violations === 0 ? "pass" : "fail",
    counts: `${plural(files.length, "file")}, ${plural(exchanges, "exchange")}, ${known} known defects, ${plural(violations, "violation")}`,
    details,
  };
}

/**
 * The pointers a recording's provenance lists as known defects (`provenance.knownDefects`, or
 * `log._provenance.knownDefects` in a HAR file); `undefined` when it lists none.
 */
function knownDefects(text: string): string[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch {
    return undefined;
  }
  const record = value as { provenance?: Provenance; log?: { _provenance?: Provenance } } | null;
  const list = record?.provenance?.knownDefects ?? record?.log?._provenance?.knownDefects;
  return Array.isArray(list) ? list.map((d) => String(d?.pointer)) : undefined;
}

/** Items of `a` not matched one-for-one in `b`. */
function difference(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...b];
  const out: string[] = [];
  for (const item of a) {
    const i = rest.indexOf(item);
    if (i === -1) out.push(item);
    else rest.splice(i, 1);
  }
  return out;
}
