// A customer diff as text: for people (a summary line, then each customer and field), as one JSON
// document or NDJSON events for jobs, and as CSV for spreadsheets (formula cells neutralised).
import type { Customer } from "partner-center-customers";
import { printable } from "../conformance/printable.js";
import { csvRecord } from "./csv.js";
import type { CustomerDiff, FieldChange } from "./diff-customers.js";

/** "2 added, 1 removed, 3 changed, 34 unchanged". */
export function diffSummary(diff: CustomerDiff): string {
  return `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`;
}

const name = (customer: Customer): string => {
  const company = customer.companyProfile?.companyName;
  return typeof company === "string" ? `  ${printable(company)}` : "";
};
const shown = (value: unknown): string =>
  value === undefined ? "(absent)" : printable(JSON.stringify(value));

/** For people: the summary, then `+` added, `-` removed and `~` changed customers with their fields. */
export function prettyDiff(diff: CustomerDiff): string {
  const lines = [diffSummary(diff)];
  for (const c of diff.added) lines.push(`+ ${printable(c.id)}${name(c)}`);
  for (const c of diff.removed) lines.push(`- ${printable(c.id)}${name(c)}`);
  for (const c of diff.changed) {
    lines.push(`~ ${printable(c.id)}${name(c.customer)}`);
    for (const change of c.changes)
      lines.push(`    ${printable(change.path)}: ${shown(change.before)} → ${shown(change.after)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** One JSON document: `{ summary, added, removed, changed }` (changed: `{ id, changes }`). */
export function jsonDiff(diff: CustomerDiff): string {
  return `${JSON.stringify(
    {
      summary: {
        added: diff.added.length,
        removed: diff.removed.length,
        changed: diff.changed.length,
        unchanged: diff.unchanged,
      },
      added: diff.added,
      removed: diff.removed,
      changed: diff.changed.map((c) => ({ id: c.id, changes: c.changes })),
    },
    null,
    2,
  )}\n`;
}

/**
 * One event a line: `{"change":"added","id",customer}`, `{"change":"removed","id",customer}`, and
 * for each changed field `{"change":"changed","id","path","before","after"}`.
 */
export function ndjsonDiff(diff: CustomerDiff): string {
  const events: unknown[] = [
    ...diff.added.map((customer) => ({ change: "added", id: customer.id, customer })),
    ...diff.removed.map((customer) => ({ change: "removed", id: customer.id, customer })),
    ...diff.changed.flatMap((c) => c.changes.map((change) => ({ change: "changed", id: c.id, ...change }))),
  ];
  return events.map((e) => `${JSON.stringify(e)}\n`).join("");
}

/** The CSV's header. */
export const DIFF_CSV_HEADER = [
  "Change",
  "Microsoft ID",
  "Company name",
  "Field",
  "Before",
  "After",
] as const;

/**
 * CSV: one record per added or removed customer, one per changed field; values that are not
 * strings are written as JSON, absent ones as empty cells.
 */
export function csvDiff(diff: CustomerDiff): string {
  const company = (c: Customer) => c.companyProfile?.companyName ?? "";
  const cell = (value: unknown) =>
    value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  const records = [
    csvRecord(DIFF_CSV_HEADER),
    ...diff.added.map((c) => csvRecord(["added", c.id, company(c), "", "", ""])),
    ...diff.removed.map((c) => csvRecord(["removed", c.id, company(c), "", "", ""])),
    ...diff.changed.flatMap((c) =>
      c.changes.map((change: FieldChange) =>
        csvRecord([
          "changed",
          c.id,
          company(c.customer),
          change.path,
          cell(change.before),
          cell(change.after),
        ]),
      ),
    ),
  ];
  return records.join("");
}
