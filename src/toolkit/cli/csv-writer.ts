// `list --format csv`: customers as CSV records, written as they arrive. The header (and the byte
// order mark, when asked for) is written only by a run that starts from the first page: a run
// resumed from a checkpoint appends records to what the stopped one wrote.
import type { Customer } from "partner-center-customers";
import { printable } from "../conformance/printable.js";
import { customerCsvHeader, customerCsvRecord } from "../listing/customer-csv.js";
import type { Io } from "./io.js";

/** How the CSV starts. */
export interface CsvWriterOptions {
  /** Write the header record first (false when continuing from a checkpoint). */
  readonly header: boolean;
  /** Start with a UTF-8 byte order mark (with the header only). */
  readonly bom: boolean;
}

/** A writer of customers as CSV, with the shape of `list`'s other writers. */
export function csvWriter(io: Io, options: CsvWriterOptions) {
  return {
    start: () =>
      options.header ? io.out(`${options.bom ? "\ufeff" : ""}${customerCsvHeader()}`) : Promise.resolve(),
    write: (customer: Customer) => io.out(csvForTerminal(io, customerCsvRecord(customer))),
    end: async (_customers: number, _pages: number) => {},
  };
}

/**
 * CSV as `io`'s stdout should get it. On a terminal, a cell's control characters (ESC, BEL, DEL,
 * C1, bidirectional controls) are shown escaped as the table shows them, so that data never drives
 * the terminal; the CR, LF and TAB that CSV carries stay. To a file or a pipe, the data as it came.
 */
export function csvForTerminal(io: Io, csv: string): string {
  return io.stdoutIsTTY ? csv.replace(/[^\t\r\n]+/g, (text) => printable(text)) : csv;
}
