// `pc-customers conformance`: the check users run in CI. Four steps, run side by side, one module
// each in this folder:
//
//   lint        Redocly `recommended` + Spectral `spectral:oas`, zero problems of any severity
//   generated   the generated types are what openapi-typescript makes of the package's spec
//   recordings  every recording conforms (honouring provenance.knownDefects)
//   client      the typed client walked through Prism (mock, or a validating proxy to --target)
//
// then a table (check, verdict, counts, time) and exit 0/1. This module reads the options, runs
// the steps and renders the report.
import type { ConformanceReport, ConformanceStep } from "../../../conformance/report.js";
import { REPORTERS } from "../../../conformance/report.js";
import { jsonConformanceReport } from "../../../conformance/report-json.js";
import { junitConformanceReport } from "../../../conformance/report-junit.js";
import { colorFor, prettyConformanceReport, style } from "../../../conformance/report-pretty.js";
import type { SpecValidator } from "../../../conformance/validator.js";
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
} from "../../args.js";
import type { Io } from "../../io.js";
import { checkSpecReadable, loadValidator, specFile } from "../../spec-option.js";
import { clientStep, clientTitle } from "./client.js";
import { generatedStep } from "./generated.js";
import { lintStep } from "./lint.js";
import { isDirectory, recordingsStep } from "./recordings.js";
import { STEPS, type StepId, type StepOutcome } from "./step.js";

/** Runs the conformance steps that are not skipped and prints the report; resolves to the exit code. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const started = performance.now();
  const reporter = choiceOption(args, "conformance", "format", REPORTERS, "pretty");
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
      `--${targetOnly[0]} only applies with --target URL (the mock walk has its own data set and page size). ${helpHint("conformance")}`,
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
  // Only read by the steps that need it, which are skipped when there is none.
  const validator = compiled?.validator as SpecValidator;

  const steps = await Promise.all([
    timed("lint", "spec lint (Redocly recommended + Spectral oas)", skip, () => lintStep(spec.path)),
    timed("generated", "generated types current (openapi-typescript)", skip, () => generatedStep(spec.path)),
    timed("recordings", "recordings conform", skip, () => recordingsStep(validator, recordingsOption)),
    timed("client", clientTitle(target), skip, () =>
      clientStep(
        target
          ? { validator, spec: spec.path, target, token: token as string, size, maxPages }
          : { validator, spec: spec.path },
      ),
    ),
  ]);

  // Scrubbed as data (tool output and server answers can hold secrets) before any renderer sees it.
  const report: ConformanceReport = io.redact({
    ok: steps.every((s) => s.verdict !== "fail"),
    spec: spec.name,
    target: target ? `proxy to ${target}` : "Prism mock",
    steps,
    durationMs: performance.now() - started,
  });
  if (reporter === "json") await io.out(jsonConformanceReport(report));
  else if (reporter === "junit") await io.out(junitConformanceReport(report));
  else await io.out(prettyConformanceReport(report, style(colorFor(process.stdout, io.env))));
  return report.ok ? 0 : 1;
}

/** Runs one step unless it is skipped; a step that throws fails with the error's message. */
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

/** The steps named by every `--skip`, comma-separated; an unknown name is a usage error. */
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
