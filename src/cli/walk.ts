// The client walk of `conformance` (filled in once the typed client lands).
import type { SpecValidator } from "../conformance/validator.js";
import type { StepOutcome } from "./commands/conformance.js";

export async function walkMock(_: { validator: SpecValidator; spec: string }): Promise<StepOutcome> {
  return { verdict: "skip", counts: "-", details: ["the typed client (src/index.ts) is not available yet"] };
}

export async function walkTarget(_: {
  validator: SpecValidator;
  spec: string;
  target: string;
  token: string;
  size: number;
  maxPages: number;
}): Promise<StepOutcome> {
  return { verdict: "skip", counts: "-", details: ["the typed client (src/index.ts) is not available yet"] };
}
