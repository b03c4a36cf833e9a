/**
 * Argument checks for the library's public functions (`pc-customers`' entry wraps each function
 * with them). A JavaScript caller, or one that swapped two arguments, gets a `TypeError` that names
 * the argument, says what it got and shows the right call, instead of an error from deep inside
 * (`ERR_INVALID_ARG_TYPE` from `node:fs`) or, worse, a wrong answer (a string iterated as a list
 * of paths). What an argument got is described by its kind only, never its content: a string in
 * the wrong place may be a token.
 */

/** One argument of a public function: its name, what it must be, and the test of that. */
export interface ArgumentRule {
  readonly name: string;
  /** What the argument must be, as the error says it (`a string (the file's path)`). */
  readonly expected: string;
  readonly test: (value: unknown) => boolean;
  /** Whether `undefined` is accepted (a parameter with a default). */
  readonly optional?: boolean;
}

/** A rule for a string argument; `what` says what the string is. */
export function stringArgument(name: string, what: string, optional = false): ArgumentRule {
  return { name, expected: `a string (${what})`, test: (v) => typeof v === "string", optional };
}

/** A rule for an object argument (not `null`, not an array) that has every key of `keys`. */
export function objectArgument(
  name: string,
  what: string,
  keys: readonly string[] = [],
  optional = false,
): ArgumentRule {
  return {
    name,
    expected: what,
    test: (v) => isObject(v) && keys.every((key) => key in v),
    optional,
  };
}

/** The compiled validator: anything with the SpecValidator methods the checks call. */
export const VALIDATOR_ARGUMENT: ArgumentRule = {
  name: "validator",
  expected: "a SpecValidator (new SpecValidator(loadSpec(specFile)))",
  test: (v) =>
    isObject(v) &&
    typeof v.checkRequest === "function" &&
    typeof v.checkResponse === "function" &&
    typeof v.hasOperation === "function",
};

/**
 * Throws a `TypeError` for the first argument that breaks its rule. `call` is the right call
 * shape (`checkFile(validator, file)`); its name before the parenthesis begins the message.
 */
export function checkArguments(call: string, rules: readonly ArgumentRule[], args: readonly unknown[]): void {
  for (const [index, rule] of rules.entries()) {
    const value = args[index];
    if (value === undefined && rule.optional) continue;
    if (!rule.test(value)) {
      const fn = call.slice(0, call.indexOf("("));
      throw new TypeError(
        `${fn}: the argument ${rule.name} must be ${rule.expected}, but got ${describeArgument(value)}. Call it as ${call}.`,
      );
    }
  }
}

/** `fn` with its arguments checked first; a promise-returning `fn` rejects instead of throwing. */
export function guarded<A extends unknown[], R>(
  call: string,
  rules: readonly ArgumentRule[],
  fn: (...args: A) => R,
  async = false,
): (...args: A) => R {
  if (async)
    return (...args: A): R => {
      try {
        checkArguments(call, rules, args);
      } catch (error) {
        return Promise.reject(error) as R;
      }
      return fn(...args);
    };
  return (...args: A): R => {
    checkArguments(call, rules, args);
    return fn(...args);
  };
}

/** What a value is, in a few words, without its content. */
export function describeArgument(value: unknown): string {
  if (value === undefined) return "undefined (is an argument missing?)";
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return value === "" ? "an empty string" : `a string (${value.length} characters)`;
    case "number":
    case "boolean":
      return `the ${typeof value} ${String(value)}`;
    case "bigint":
      return "a bigint";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
  }
  if (Array.isArray(value)) return `an array (${value.length} ${value.length === 1 ? "item" : "items"})`;
  try {
    if (typeof (value as { then?: unknown }).then === "function") return "a Promise (is an await missing?)";
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === "string" && name !== "" && name !== "Object")
      return `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;
  } catch {
    // a proxy or getter that throws: it is still an object
  }
  return "an object";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The arguments of the library's functions that are not plain strings.

/** An OpenAPI document, as `loadSpec` returns it. */
export const DOCUMENT_ARGUMENT: ArgumentRule = {
  name: "document",
  expected: "an OpenAPI document object (what loadSpec(file) returns, not the file's path)",
  test: (v) => isObject(v) && typeof v.openapi === "string",
};

/** A recorded exchange: request and response objects. */
export const EXCHANGE_ARGUMENT: ArgumentRule = {
  name: "exchange",
  expected: "an exchange object { request: { method, url, headers }, response: { status, headers, body } }",
  test: (v) => isObject(v) && isObject(v.request) && isObject(v.response),
};

/** A HAR entry index: a whole number from 0. */
export const ENTRY_ARGUMENT: ArgumentRule = {
  name: "entry",
  expected: "a whole number from 0 (the HAR entry the exchange came from), or left out",
  test: (v) => Number.isInteger(v) && (v as number) >= 0,
  optional: true,
};

/** The files and directories to expand. */
export const PATHS_ARGUMENT: ArgumentRule = {
  name: "paths",
  expected: "an array of strings (files and directories)",
  test: (v) => Array.isArray(v) && v.every((p) => typeof p === "string"),
};

/** A check report. */
export const CHECK_REPORT_ARGUMENT: ArgumentRule = {
  name: "report",
  expected: "a CheckReport { ok, spec, files, durationMs } (a ConformanceReport has its own renderers)",
  test: (v) => isObject(v) && Array.isArray(v.files),
};

/** A conformance report. */
export const CONFORMANCE_REPORT_ARGUMENT: ArgumentRule = {
  name: "report",
  expected:
    "a ConformanceReport { ok, spec, target, steps, durationMs } (a CheckReport has its own renderers)",
  test: (v) => isObject(v) && Array.isArray(v.steps),
};

/** The colours of the pretty reporter. */
export const STYLE_ARGUMENT: ArgumentRule = {
  name: "style",
  expected: "a Style (style(true) for colours, style(false) for none), or left out",
  test: (v) =>
    isObject(v) && ["red", "green", "yellow", "dim", "bold"].every((k) => typeof v[k] === "function"),
  optional: true,
};

/** The time a JUnit report is stamped with. */
export const TIMESTAMP_ARGUMENT: ArgumentRule = {
  name: "timestamp",
  expected: "a valid Date, or left out (now)",
  test: (v) => v instanceof Date && !Number.isNaN(v.getTime()),
  optional: true,
};
