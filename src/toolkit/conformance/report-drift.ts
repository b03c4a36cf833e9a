// Drift in words, for every reporter: one line per finding, a summary over the files, and the
// spec edits the drift suggests.
import type { FileResult } from "./check.js";
import type { Drift, DriftKind } from "./drift.js";
import { plural } from "./report.js";

/** One drift finding over all files. */
export interface DriftSummaryItem {
  kind: DriftKind;
  location: string;
  value?: string;
  /** Exchanges that showed it, over all files. */
  exchanges: number;
  /** Files that showed it. */
  files: number;
}

/** The drift over all files, and the declared properties no checked exchange had. */
export interface DriftSummary {
  items: DriftSummaryItem[];
  neverSeen: string[];
}

/** Folds the files' drift into one item per kind, location and value. */
export function summarizeDrift(
  files: readonly FileResult[],
  neverSeen: readonly string[] = [],
): DriftSummary {
  const byKey = new Map<string, DriftSummaryItem>();
  for (const f of files)
    for (const d of f.drift) {
      const key = `${d.kind}\u0000${d.location}\u0000${d.value ?? ""}`;
      const known = byKey.get(key);
      if (known) {
        known.exchanges += d.exchanges;
        known.files++;
      } else {
        byKey.set(key, {
          kind: d.kind,
          location: d.location,
          ...(d.value === undefined ? {} : { value: d.value }),
          exchanges: d.exchanges,
          files: 1,
        });
      }
    }
  return { items: [...byKey.values()], neverSeen: [...neverSeen] };
}

/** One drift finding on one line. */
export function describeDrift(d: Drift): string {
  const entry = d.entry === undefined ? "" : `entry ${d.entry}: `;
  const seen = `seen in ${plural(d.exchanges, "exchange")}`;
  switch (d.kind) {
    case "undeclared-property":
      return `${entry}${d.location} is not declared by the spec (${d.pointer}, ${seen})`;
    case "unlisted-value":
      return `${entry}${d.location} ${JSON.stringify(d.value)} is not one of its documented values (${d.pointer}, ${seen})`;
    case "undeclared-header":
      return `${entry}response header ${d.pointer} is not listed by the spec for ${d.location.replace(/ header .*$/, "")} (${seen})`;
    default:
      return `${entry}${d.location} was never seen`;
  }
}

/** The spec edits the drift suggests, one sentence each. */
export function suggestedEdits(summary: DriftSummary): string[] {
  const where = (i: DriftSummaryItem) =>
    `(seen in ${plural(i.exchanges, "exchange")}${i.files > 1 ? ` of ${plural(i.files, "file")}` : ""})`;
  const edits: string[] = [];
  for (const i of summary.items) {
    const dot = i.location.lastIndexOf(".");
    if (i.kind === "undeclared-property")
      edits.push(
        `Declare the property ${i.location.slice(dot + 1)} in ${i.location.slice(0, dot)} (optional, with its type and a description) ${where(i)}.`,
      );
    else if (i.kind === "unlisted-value")
      edits.push(`Add ${JSON.stringify(i.value)} to the known values of ${i.location} ${where(i)}.`);
    else if (i.kind === "undeclared-header") {
      const [op, header] = i.location.split(" header ");
      edits.push(`List the response header ${header} under ${op} ${where(i)}.`);
    }
  }
  if (summary.neverSeen.length > 0)
    edits.push(
      `No recording has ${summary.neverSeen.length === 1 ? "" : "any of "}${summary.neverSeen.join(", ")}: add a recording that has ${summary.neverSeen.length === 1 ? "it" : "them"}, or check that the service still sends ${summary.neverSeen.length === 1 ? "it" : "them"} (and say so in the spec).`,
    );
  return edits;
}
