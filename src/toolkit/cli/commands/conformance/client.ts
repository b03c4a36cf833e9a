// The client step: the typed client walked through Prism, in front of the stateful mock on the
// spec or, with a target, a validating proxy to a live API. The walk (and with it Prism and the client) is loaded only
// when the step runs, so that skipping it loads neither.
import type { SpecValidator } from "../../../conformance/validator.js";
import type { StepOutcome } from "./step.js";

/** Where the client step walks: the mock, or a proxy to `target` with the token and page bounds. */
export type ClientWalk =
  | { validator: SpecValidator; spec: string; target?: undefined }
  | { validator: SpecValidator; spec: string; target: string; token: string; size: number; maxPages: number };

/** The title of the client step in the report table. */
export function clientTitle(target: string | undefined): string {
  return target ? "client via Prism proxy --errors" : "client via Prism mock";
}

/** Walks the client through Prism as `walk` says: the stateful mock, or the target. */
export async function clientStep(walk: ClientWalk): Promise<StepOutcome> {
  const { walkMock, walkTarget } = await import("./walk.js");
  if (walk.target === undefined) return walkMock({ validator: walk.validator, spec: walk.spec });
  return walkTarget(walk);
}
