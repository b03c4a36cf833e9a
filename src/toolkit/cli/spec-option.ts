// `--spec FILE`: the spec to check against, loaded and compiled once, with errors that say what to
// do. Only the spec reader and the validator are loaded.
import { embeddedSpecPath, loadSpec, SpecLoadError } from "../conformance/spec.js";
import { SpecValidator } from "../conformance/validator.js";
import { helpHint, type ParsedArgs, stringOption, UsageError } from "./args.js";
import { displayPath } from "./display-path.js";

/** The spec file named by `--spec`, or the embedded one, with a name to show in reports. */
export function specFile(args: ParsedArgs): { path: string; name: string; embedded: boolean } {
  const given = stringOption(args, "spec");
  if (given === undefined) {
    const path = embeddedSpecPath();
    const name = displayPath(path);
    return { path, name: name === path ? "the embedded openapi/partner-center.yaml" : name, embedded: true };
  }
  return { path: given, name: displayPath(given), embedded: false };
}

/** Loads and compiles the spec; a spec that cannot be read or compiled is a usage error. */
export function loadValidator(
  args: ParsedArgs,
  command: string,
): { validator: SpecValidator; specName: string; specPath: string } {
  const { path, name } = specFile(args);
  try {
    return { validator: new SpecValidator(loadSpec(path)), specName: name, specPath: path };
  } catch (error) {
    if (error instanceof SpecLoadError) throw specUsageError(error, command);
    throw new UsageError(
      `the spec ${name} has a schema that cannot be compiled: ${(error as Error).message}. Fix the spec or pass another to --spec.`,
    );
  }
}

/**
 * Reads the spec named by `--spec` (or the embedded one) without compiling it, for commands that
 * hand it to other tools (Prism, the linters): one that cannot be read is a usage error up front.
 */
export function checkSpecReadable(args: ParsedArgs, command: string): void {
  try {
    loadSpec(specFile(args).path);
  } catch (error) {
    if (error instanceof SpecLoadError) throw specUsageError(error, command);
    throw error;
  }
}

function specUsageError(error: SpecLoadError, command: string): UsageError {
  const said = /[.?!]$/.test(error.message) ? error.message : `${error.message}.`;
  return new UsageError(`${said} Pass an OpenAPI 3.1 file to --spec. ${helpHint(command)}`);
}
