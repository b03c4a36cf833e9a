/**
 * The header rules of the recordings' normal form (written down in test/recordings/README.md), in
 * one place for both writers of recordings: `pc-customers record` and
 * scripts/normalise-recordings.ts. Which values a header keeps is the spec's to say (`sanitise.ts`).
 */
import { GUID } from "./guid.js";
import type { ExchangeSanitiser } from "./sanitise.js";

/** Headers about one connection, not about the exchange: dropped. */
export const TRANSPORT_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "host",
  "te",
  "upgrade",
  "transfer-encoding",
  "accept-encoding",
  "content-encoding",
]);

/** `content-length` is volatile (bodies are re-indented): dropped, except in verbatim copies. */
export const LENGTH_HEADER = "content-length";

/** The Partner Center ids, GUIDs written in lower case. */
export const ID_HEADERS: ReadonlySet<string> = new Set(["ms-requestid", "ms-correlationid"]);

/** Which side of an exchange a header is on. */
export type HeaderSide = "request" | "response";

/**
 * One header in normal form, or undefined when the normal form drops it: the name lower case
 * (without the token), the value trimmed and as the spec's allow-list keeps it, a `date` as an
 * IMF-fixdate and the id headers' GUIDs in lower case. A verbatim copy (`*.raw.json`) keeps its
 * `content-length` and its values as printed.
 */
export function normalHeader(
  rawName: string,
  value: unknown,
  side: HeaderSide,
  sanitise: ExchangeSanitiser,
  verbatim = false,
): [string, unknown] | undefined {
  const name = sanitise.name(rawName.trim().toLowerCase());
  if (TRANSPORT_HEADERS.has(name)) return undefined;
  if (name === LENGTH_HEADER && !verbatim) return undefined;
  const text = typeof value === "string" ? value.trim() : JSON.stringify(value);
  let v = sanitise.header(side, name, text);
  // A header written as a number (a deliberately wrong recording) stays one when it is kept.
  if (typeof value !== "string" && v === text) return [name, value];
  if (!verbatim && name === "date") {
    const time = Date.parse(v);
    if (!Number.isNaN(time)) v = new Date(time).toUTCString();
  }
  if (!verbatim && ID_HEADERS.has(name) && GUID.test(v)) v = v.toLowerCase();
  return [name, v];
}

/** Headers in normal form, sorted by name (repeated names keep their order). */
export function normalHeaders(
  entries: Iterable<[string, unknown]>,
  side: HeaderSide,
  sanitise: ExchangeSanitiser,
  verbatim = false,
): Record<string, unknown> {
  const pairs: Array<[string, unknown]> = [];
  for (const [name, value] of entries) {
    const pair = normalHeader(name, value, side, sanitise, verbatim);
    if (pair) pairs.push(pair);
  }
  return Object.fromEntries(byName(pairs));
}

/** `items` sorted by name, stable. */
export function byName<T>(
  items: T[],
  nameOf: (item: T) => string = (item) => String((item as [string])[0]),
): T[] {
  return items.sort((a, b) => {
    const x = nameOf(a);
    const y = nameOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
