// What a step of `pc-customers conformance` is: its id, and what it found before it was timed.
// The steps (lint, generated, recordings, client) and the walk behind the client step import this
// module, never the command itself, so that the command and its steps do not import each other.
import type { ConformanceStep } from "../../../conformance/report.js";

/** The steps, in the order of the report table. */
export const STEPS = ["lint", "generated", "recordings", "client"] as const;

/** One step's id, as `--skip` names it. */
export type StepId = (typeof STEPS)[number];

/** What a step found, before timing: the command adds the id, the title and the time. */
export type StepOutcome = Pick<ConformanceStep, "verdict" | "counts" | "details">;

/** The detail of a step skipped because an optional peer tool is missing: what to install. */
export function notInstalled(pkgs: string): string {
  return `not installed here: run 'npm install --save-dev ${pkgs}' to run this step`;
}

/** The last lines of a tool's output, on one line, for a detail that says why the tool failed. */
export function lastLines(text: string, n = 3): string {
  return text.trim().split(/\r?\n/).slice(-n).join(" / ") || "no output";
}
