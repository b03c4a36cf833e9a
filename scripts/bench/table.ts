/** Plain-text tables for the terminal (and for pasting into the README as a code block). */

export type Cell = string | number;

/** A titled table: a header row and rows of cells; numbers are right-aligned. */
export interface Section {
  title: string;
  note?: string;
  columns: string[];
  rows: Cell[][];
}

/** Formats a number with a fixed number of decimals, or `—` when it is not a finite number. */
export function fmt(value: number | undefined, decimals = 1): string {
  return value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(decimals);
}

/** `1.23×` */
export function times(value: number | undefined, decimals = 2): string {
  return value === undefined || !Number.isFinite(value) ? "—" : `${value.toFixed(decimals)}×`;
}

const NUMBER_OR_NOTHING = /^([\d.,×%+−-]+( ms| MB| kB| B)?|—|not available|FAILED|)$/;

export function renderSection(section: Section): string {
  const cells = [section.columns, ...section.rows].map((row) => row.map((cell) => String(cell)));
  const widths = section.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  // A column is right-aligned when every cell is a number (cells saying nothing do not count).
  const numeric = section.columns.map((_, i) =>
    section.rows.every((row) => typeof row[i] === "number" || NUMBER_OR_NOTHING.test(String(row[i] ?? ""))),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => (numeric[i] && i > 0 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const [header = [], ...body] = cells;
  return [
    section.title,
    ...(section.note ? [`  ${section.note}`] : []),
    `  ${line(header)}`,
    `  ${widths.map((w) => "-".repeat(w)).join("  ")}`,
    ...body.map((row) => `  ${line(row)}`),
  ].join("\n");
}

export function renderSections(sections: Section[]): string {
  return sections.map(renderSection).join("\n\n");
}
