/**
 * The checker's secret scan: where a recording still holds something credential-shaped. The
 * shapes are the client's one redaction core (`partner-center-customers/redact`); this module only
 * words the findings.
 */
import {
  describeShape,
  findSecretShapes,
  isSecretHeader,
  isSecretKey,
  redactShapes,
  type SecretShape,
} from "partner-center-customers/redact";
import type { Alongside, WalkPath } from "./alongside.js";
import { cleanTexts } from "./clean-texts.js";

/** Something in a recording that looks like a credential. */
export interface SecretFinding {
  /** What it looks like (`jwt`, `jwe`, `bearer`, `basic`, `sas`, `secret-key`, `secret-header`). */
  kind: SecretShape["kind"];
  /** A redacted hint of where it is (never the secret itself). */
  hint: string;
}

/**
 * Finds credential-shaped text (JWTs, JWEs, Bearer and Basic credentials, SAS signatures, secret
 * keys and headers) in text that is not JSON, located by line and column.
 */
export function findSecrets(text: string): SecretFinding[] {
  return findSecretShapes(text).map((shape) => ({
    kind: shape.kind,
    hint: `${describeShape(shape.kind)} at ${lineAndColumn(text, shape.index)}`,
  }));
}

/** Where to look for secrets in a parsed recording. */
export interface LocateOptions {
  /** For a HAR log: entries that were skipped, whose contents are not the API's and not reported. */
  skippedEntries?: ReadonlySet<number>;
  /**
   * Only HAR headers `{ name, value }` with a credential header's name: what a scan of the text
   * cannot see (it knows `"x-api-key": "…"`, not a name and a value in two fields).
   */
  headersOnly?: boolean;
  /**
   * A walk to drive through one subtree as this walk passes it (drift, beside a response body's
   * schema), so that a page is walked once for both.
   */
  alongside?: Alongside<unknown>;
}

// Texts the walk hands the shape scan that repeat from page to page (a next link's URI with its
// query, a redacted Authorization, a Content-Type with its charset), remembered once found clean.
const CLEAN_UNITS = cleanTexts(512, 2048);

// Deeper than this a recording is not walked (the scan of its text has already run).
const MAX_DEPTH = 64;

/**
 * Finds credential-shaped values in a parsed recording, each located by its path from the root
 * (`entries[3].response.headers[2]`, `request.headers.authorization`; a HAR log's `log.` is left
 * out). A HAR header `{ name, value }` is judged as the header it is.
 */
export function locateSecrets(root: unknown, options: LocateOptions = {}): SecretFinding[] {
  const found: SecretFinding[] = [];
  // The position as a stack of keys and indexes, written out only for a finding.
  const path: WalkPath = [];
  const report = (text: string) => {
    if (CLEAN_UNITS.has(text)) return;
    const shapes = findSecretShapes(text);
    if (shapes.length === 0) {
      CLEAN_UNITS.add(text);
      return;
    }
    const at = pathOf(path);
    for (const shape of shapes)
      found.push({ kind: shape.kind, hint: `${describeShape(shape.kind)} in ${at || "the body"}` });
  };
  const headersOnly = options.headersOnly === true;
  const beside = options.alongside;
  // `at`: the walk beside's position at `node`, undefined outside its subtree.
  const visit = (node: unknown, depth: number, at: unknown): void => {
    if (typeof node === "string") {
      if (!headersOnly && mayHoldShape(node)) report(JSON.stringify(node));
      if (at !== undefined) beside?.string(at, node, path);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    if (at === undefined && beside !== undefined && node === beside.node) {
      beside.enter(path.length);
      at = beside.start;
    }
    // What this walk does not go into, the walk beside still does, alone.
    if (depth > MAX_DEPTH) {
      if (at !== undefined) beside?.alone(node, at, path);
      return;
    }
    if (Array.isArray(node)) {
      const items = at === undefined ? undefined : beside?.items(at, path);
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        visit(node[i], depth + 1, items);
        path.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.name === "string" && typeof record.value === "string") {
      if (headersOnly ? isSecretHeader(record.name) : pairMayHoldShape(record.name, record.value))
        report(JSON.stringify({ [record.name]: record.value }));
      if (at !== undefined) beside?.alone(node, at, path);
      return;
    }
    const inside = at !== undefined && beside?.object(at, path) === true;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const value = record[key];
      path.push(key);
      const child = inside ? beside?.property(at, key, path) : undefined;
      if (typeof value === "string") {
        if (!headersOnly && pairMayHoldShape(key, value)) report(JSON.stringify({ [key]: value }));
        if (child !== undefined) beside?.string(child, value, path);
      } else visit(value, depth + 1, child);
      path.pop();
    }
  };
  const log = (root as { log?: { entries?: unknown } } | null)?.log;
  if (typeof log === "object" && log !== null && Array.isArray(log.entries)) {
    const skipped = options.skippedEntries ?? new Set<number>();
    for (const [key, value] of Object.entries(log))
      if (key !== "entries") {
        path.push(key);
        visit(value, 1, undefined);
        path.pop();
      }
    path.push("entries");
    for (const [i, entry] of log.entries.entries())
      if (!skipped.has(i)) {
        path.push(i);
        visit(entry, 2, undefined);
        path.pop();
      }
  } else {
    visit(root, 0, undefined);
  }
  return found;
}

// `entries[3].response.headers[2]`, `request.headers.authorization`, `["a b"]`.
function pathOf(path: Readonly<WalkPath>): string {
  let out = "";
  for (const step of path)
    out +=
      typeof step === "number"
        ? `[${step}]`
        : IDENTIFIER.test(step)
          ? `${out === "" ? "" : "."}${step}`
          : `[${JSON.stringify(step)}]`;
  return out;
}

// Whether `findSecretShapes` can find anything in a string as JSON writes it (alone, or as a key
// or a value of a one-pair object): every shape needs one of these, and JSON's escapes add none
// of them. A JWT needs `e[wy]` and a dot; key=value and SAS an `=`; a header line a `>` before it
// (a newline is `\n` once escaped); Bearer and Basic their name, whose `b` may be the escape of a
// backspace (`\bearer`), which the class holds too (`[\b]` is a backspace, not a word boundary).
// Most strings of a page have none of these.
const SHAPE_HINT = /[=>\b]|b(?:earer|asic)|e[wy][A-Za-z0-9_-]{6,}\./i;

function mayHoldShape(text: string): boolean {
  return SHAPE_HINT.test(text);
}

// A `{"key": "value"}` pair is also found for a secret key or header's value (JSON_VALUE), or,
// when the key holds a quote, for a key written after that quote.
function pairMayHoldShape(key: string, value: string): boolean {
  return keyMayHoldShape(key) || mayHoldShape(value);
}

const suspectKeys = new Map<string, boolean>();
function keyMayHoldShape(key: string): boolean {
  let known = suspectKeys.get(key);
  if (known === undefined) {
    known = isSecretKey(key) || isSecretHeader(key) || key.includes('"') || mayHoldShape(key);
    // Keys repeat on every item of a page; a hostile file's millions of keys are not kept.
    if (suspectKeys.size < 4096) suspectKeys.set(key, known);
  }
  return known;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function lineAndColumn(text: string, index: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${index - start + 1}`;
}

/** Replaces credential-shaped text in a string with `[REDACTED]`. */
export function redactTokens(text: string): string {
  return redactShapes(text);
}
