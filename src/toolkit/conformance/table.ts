/**
 * Table layout for every text table the toolkit prints (`list`'s rows, the coverage and
 * conformance tables). A cell is made printable first (`printable`: control characters escaped),
 * then cut and padded, so an escape never shifts a column. Not terminal code: any renderer can use it.
 */
import { printable } from "./printable.js";

/** A cell's text as a table shows it: control characters escaped, whitespace runs as one space. */
export function cellText(text: string): string {
  return printable(text).replace(/\s+/g, " ");
}

/** `text` (already a cell's text) cut to `width` characters (the last one `…` when cut) and padded to it. */
export function fitCell(text: string, width: number): string {
  const chars = Array.from(text);
  return (chars.length > width ? `${chars.slice(0, width - 1).join("")}…` : text).padEnd(
    width + text.length - chars.length,
  );
}

/**
 * One row of fixed-width columns, so rows can be printed as they arrive: each cell with a width is
 * escaped, cut and padded; a cell past the last width is only escaped. Two spaces between cells, no
 * trailing space.
 */
export function fixedRow(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => {
      const width = widths[i];
      const text = cellText(cell);
      return width === undefined ? text : fitCell(text, width);
    })
    .join("  ")
    .trimEnd();
}

/**
 * A whole table with `| a | b |` rows, a `|---|` rule under the header and each column as wide as
 * its widest cell. `paint` styles a padded cell (row 0 is the header).
 */
export function gridTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  paint: (cell: string, column: number, row: number) => string = (cell) => cell,
): string[] {
  const all = [header, ...rows].map((row) => row.map(cellText));
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[], row: number) =>
    `| ${cells.map((c, i) => paint(c.padEnd(widths[i] ?? 0), i, row)).join(" | ")} |`;
  const [head = [], ...body] = all;
  return [
    line(head, 0),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...body.map((r, i) => line(r, i + 1)),
  ];
}
