/** Where in an exchange a violation was found. */
export type ViolationLocation = "file" | "request" | "status" | "headers" | "body";

/** One way a recorded exchange disagrees with the spec. */
export interface Violation {
  /** Which part of the exchange is wrong. */
  location: ViolationLocation;
  /** JSON pointer into the response body (`/items/0/id`), or the header name for `headers`; `""` for the whole body. */
  pointer: string;
  /** A sentence a person can act on: what is wrong, where, and what the spec expects. */
  message: string;
  /** JSON pointer into the spec (or the Ajv schema path) of the rule that failed. */
  schemaPath: string;
  /** What the spec expects, when it can be said briefly. */
  expected?: unknown;
  /** What the recording has (truncated when long). */
  actual?: unknown;
  /** Index of the entry in a HAR file, or of the exchange in a multi-exchange file. */
  entry?: number;
}

const MAX_ACTUAL = 120;
// Deeper than this, a value is cut rather than walked: a recording may nest arrays thousands of
// levels deep, which JSON.stringify would answer with a stack overflow.
const MAX_DEPTH = 32;

/** A short printable copy of a value, for `actual` (long values are cut, never the whole body). */
export function preview(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value.length > MAX_ACTUAL ? `${value.slice(0, MAX_ACTUAL)}…` : value;
  if (typeof value !== "object" || value === null) return value;
  const { text, cut } = shortJson(value, MAX_ACTUAL);
  return cut || text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL)}…` : value;
}

/**
 * The JSON text of `value`, written only until it is longer than `limit` characters or nested
 * deeper than `MAX_DEPTH` (`cut` says whether it stopped early). Its cost is bounded by the limit,
 * not by the size or depth of the value.
 */
function shortJson(value: unknown, limit: number): { text: string; cut: boolean } {
  let text = "";
  let cut = false;
  const visit = (node: unknown, depth: number): void => {
    if (text.length > limit) {
      cut = true;
      return;
    }
    if (typeof node === "string") {
      text += JSON.stringify(node.length > limit ? node.slice(0, limit) : node);
      if (node.length > limit) cut = true;
      return;
    }
    if (typeof node !== "object" || node === null) {
      text += JSON.stringify(node) ?? "null";
      return;
    }
    if (depth >= MAX_DEPTH) {
      text += Array.isArray(node) ? "[…]" : "{…}";
      cut = true;
      return;
    }
    const array = Array.isArray(node);
    text += array ? "[" : "{";
    let first = true;
    for (const key of array ? node.keys() : Object.keys(node)) {
      if (text.length > limit) {
        cut = true;
        break;
      }
      if (!first) text += ",";
      first = false;
      if (!array) text += `${JSON.stringify(key)}:`;
      visit((node as Record<string | number, unknown>)[key as string | number], depth + 1);
    }
    text += array ? "]" : "}";
  };
  visit(value, 0);
  return { text, cut };
}
