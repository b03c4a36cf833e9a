// Argument parsing for every command: node:util parseArgs in strict mode, with its errors turned
// into messages that say what was wrong and what to do. No command module is loaded to parse or
// to print help, so a usage error costs nothing but this file.
import { parseArgs } from "node:util";
import { isLoopback } from "partner-center-customers";

/** The program's name, as users type it. */
export const PROGRAM = "pc-customers";

/** A mistake in how the program was called: reported on stderr with exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** One option of a command. */
export interface OptionDef {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** How the value is shown in help, such as `N` or `URL`. */
  value?: string;
  description: string;
  /**
   * An old spelling kept working: the name of the option that replaces it. Its value is given to
   * that option, with a note on stderr; it is left out of `--help`.
   */
  replacedBy?: string;
}

/** What a command accepts, as shown by `--help` and enforced by the parser. */
export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  description: string;
  options: Record<string, OptionDef>;
  /** `none`: no operands; `some`: at least one. */
  operands: "none" | "some";
  /** What the operands are, for messages (`a file or directory`). */
  operandName?: string;
  examples: string[];
}

/** Parsed options (a string, a list of strings or a boolean per option) and operands. */
export interface ParsedArgs {
  values: Record<string, string | string[] | boolean | undefined>;
  operands: string[];
  /** Notes for stderr, such as an old option spelling that still works. */
  notes?: string[];
}

const HELP_OPTION: OptionDef = { type: "boolean", short: "h", description: "Show this help and exit." };

/** Parses one command's arguments; throws a `UsageError` that says what to do instead. */
export function parseCommandArgs(spec: CommandSpec, args: string[]): ParsedArgs {
  const options = { ...spec.options, help: HELP_OPTION };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      {
        type: o.type,
        ...(o.short === undefined ? {} : { short: o.short }),
        ...(o.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: config, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageErrorFrom(spec, Object.keys(options), error);
  }
  const values = parsed.values as ParsedArgs["values"];
  const notes = renameReplaced(spec, values);
  if (values.help === true) return { values, operands: parsed.positionals, notes };
  if (spec.operands === "none" && parsed.positionals.length > 0) {
    throw new UsageError(
      `'${spec.name}' takes no operands, but got '${parsed.positionals[0]}'. ${helpHint(spec.name)}`,
    );
  }
  if (spec.operands === "some" && parsed.positionals.length === 0) {
    throw new UsageError(
      `'${spec.name}' needs at least one ${spec.operandName ?? "operand"}, as in '${spec.examples[0] ?? spec.usage}'. ${helpHint(spec.name)}`,
    );
  }
  return { values, operands: parsed.positionals, notes };
}

// Moves the value of an old spelling (`--reporter`) to the option that replaced it (`--format`),
// and says so; both at once is a usage error, since one would silently win.
function renameReplaced(spec: CommandSpec, values: ParsedArgs["values"]): string[] {
  const notes: string[] = [];
  for (const [old, def] of Object.entries(spec.options)) {
    if (def.replacedBy === undefined || values[old] === undefined) continue;
    if (values[def.replacedBy] !== undefined)
      throw new UsageError(
        `--${old} is the old name of --${def.replacedBy}: give only --${def.replacedBy}. ${helpHint(spec.name)}`,
      );
    values[def.replacedBy] = values[old];
    delete values[old];
    notes.push(`--${old} is deprecated and will be removed: use --${def.replacedBy} (same values).`);
  }
  return notes;
}

function usageErrorFrom(spec: CommandSpec, known: string[], error: unknown): Error {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? String(error);
  // Node names the option as '--size', '-x' or '-h, --help'; prefer the long name.
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? "";
  const option = /--[^\s,=<']+/.exec(quoted)?.[0] ?? /-[^\s,=<']+/.exec(quoted)?.[0];
  const hint = helpHint(spec.name);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
    const name = option.replace(/^-+/, "");
    const current = known.filter((k) => spec.options[k]?.replacedBy === undefined);
    const guess = closest(name, current);
    const didYouMean = guess ? ` Did you mean --${guess}?` : "";
    return new UsageError(`unknown option ${option} for '${spec.name}'.${didYouMean} ${hint}`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    const def = spec.options[option.replace(/^-+/, "")];
    const long = `--${option.replace(/^-+/, "")}`;
    if (message.includes("does not take an argument"))
      return new UsageError(`option ${long} of '${spec.name}' is a switch and takes no value. ${hint}`);
    if (message.includes("ambiguous"))
      return new UsageError(
        `option ${long} of '${spec.name}' needs a value, but the next argument starts with '-'; ` +
          `write ${long}=<value> if the value really starts with '-'. ${hint}`,
      );
    return new UsageError(
      `option ${long} of '${spec.name}' needs a value, as in ${long} ${def?.value ?? "<value>"}. ${hint}`,
    );
  }
  if (code?.startsWith("ERR_PARSE_ARGS")) return new UsageError(`${message}. ${hint}`);
  return error as Error;
}

/** "Run 'pc-customers list --help'." */
export function helpHint(command?: string): string {
  return `Run '${PROGRAM}${command ? ` ${command}` : ""} --help'.`;
}

/**
 * The candidate nearest to `word` by edit distance, when it is near enough to be a likely typo: at
 * most two edits, or one is the start of the other (`--form` for `--format`).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  if (bestDistance <= 2) return best;
  // No candidate is near: one that starts with the word (or that the word starts with) still is.
  const lower = word.toLowerCase();
  return candidates.find((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring letters (--szie) each count as one edit.
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}

/** The value of a string option, or `undefined`. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  if (Array.isArray(value)) return value[value.length - 1];
  return typeof value === "string" ? value : undefined;
}

/** A whole-number option within bounds, or `fallback` when absent. */
export function intOption(
  args: ParsedArgs,
  command: string,
  name: string,
  bounds: { min: number; max?: number },
  fallback: number,
): number;
export function intOption(
  args: ParsedArgs,
  command: string,
  name: string,
  bounds: { min: number; max?: number },
): number | undefined;
export function intOption(
  args: ParsedArgs,
  command: string,
  name: string,
  bounds: { min: number; max?: number },
  fallback?: number,
): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const range =
    bounds.max === undefined
      ? `a whole number of at least ${bounds.min}`
      : `a whole number from ${bounds.min} to ${bounds.max}`;
  if (
    !/^\s*-?\d+\s*$/.test(raw) ||
    !Number.isSafeInteger(value) ||
    value < bounds.min ||
    (bounds.max !== undefined && value > bounds.max)
  ) {
    throw new UsageError(`--${name} must be ${range}, got '${raw}'. ${helpHint(command)}`);
  }
  return value;
}

/** A string option restricted to `choices`, or `fallback` when absent. */
export function choiceOption<T extends string>(
  args: ParsedArgs,
  command: string,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const guess = closest(raw, choices);
  throw new UsageError(
    `--${name} must be one of ${choices.join(", ")}, got '${raw}'.${guess ? ` Did you mean ${guess}?` : ""} ${helpHint(command)}`,
  );
}

/** A URL option (http or https), or `undefined`. */
export function urlOption(args: ParsedArgs, command: string, name: string): string | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--${name} must be an absolute http(s) URL such as https://api.partnercenter.microsoft.com, got '${raw}'. ${helpHint(command)}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`--${name} must be an http or https URL, got '${raw}'. ${helpHint(command)}`);
  if (url.username || url.password) {
    // Not repeated: user:password@ is a secret too.
    throw new UsageError(
      `--${name} must not contain credentials (user:password@): the access token is read from the environment. ${helpHint(command)}`,
    );
  }
  if (url.search || url.hash)
    throw new UsageError(
      `--${name} must not contain a query or a fragment: give the API's address, such as https://api.partnercenter.microsoft.com, got '${raw}'. ${helpHint(command)}`,
    );
  return raw.replace(/\/+$/, "");
}

/** Renders a command's `--help`. */
export function formatHelp(spec: CommandSpec): string {
  const shown = Object.entries({ ...spec.options, help: HELP_OPTION }).filter(
    ([, o]) => o.replacedBy === undefined,
  );
  const rows = shown.map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    return [flag, o.description] as const;
  });
  const width = Math.min(34, Math.max(...rows.map(([flag]) => flag.length)) + 2);
  const lines = rows.map(([flag, description]) =>
    flag.length + 2 > width
      ? `  ${flag}\n  ${" ".repeat(width)}${description}`
      : `  ${flag.padEnd(width)}${description}`,
  );
  return [
    `Usage: ${spec.usage}`,
    "",
    spec.description.trim(),
    "",
    "Options:",
    ...lines,
    "",
    "Examples:",
    ...spec.examples.map((e) => `  ${e}`),
    "",
  ].join("\n");
}

// An environment variable's name as shells write them; anything else is probably the token itself.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The `--token-env` option: the name of the variable that holds the token, or `fallback`. Its
 * value is never repeated in a message: pasting the token itself there is the likely mistake.
 */
export function tokenEnvOption(args: ParsedArgs, command: string, fallback = "PARTNER_CENTER_TOKEN"): string {
  const raw = stringOption(args, "token-env");
  if (raw === undefined) return fallback;
  if (!VARIABLE_NAME.test(raw)) {
    throw new UsageError(
      `--token-env takes the name of an environment variable that holds the token (letters, digits and _, such as PC_TOKEN), not the token itself. ${helpHint(command)}`,
    );
  }
  return raw;
}

/**
 * Refuses a plain-http URL on another host than this one (`what` names the option, such as
 * `--base-url`) unless `--allow-insecure-http` was given: the token would cross the network
 * unencrypted. `--allow-insecure-http` without such a URL is a mistake too.
 */
export function checkInsecureHttp(
  args: ParsedArgs,
  command: string,
  what: string,
  url: string | undefined,
): void {
  const allowed = args.values["allow-insecure-http"] === true;
  const parsed = url === undefined ? undefined : new URL(url);
  const insecure = parsed !== undefined && parsed.protocol === "http:" && !isLoopback(parsed.hostname);
  if (insecure && !allowed) {
    throw new UsageError(
      `${what} ${parsed.origin} uses plain http, which would send the access token unencrypted: https is required. ` +
        `Use https, a loopback address for local testing, or pass --allow-insecure-http to accept the risk. ${helpHint(command)}`,
    );
  }
  if (allowed && !insecure) {
    throw new UsageError(
      `--allow-insecure-http only applies with a plain http:// ${what} on another host${url === undefined ? `, and there is no ${what}` : `; ${parsed?.origin} needs no exception`}. Leave it out. ${helpHint(command)}`,
    );
  }
}
