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

/** A short printable copy of a value, for `actual` (long values are cut, never the whole body). */
export function preview(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value.length > MAX_ACTUAL ? `${value.slice(0, MAX_ACTUAL)}…` : value;
  if (typeof value !== "object" || value === null) return value;
  const text = JSON.stringify(value);
  return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL)}…` : value;
}
