// `pc-customers diff OLD NEW`: two listings saved by `list` compared by customer id. The whole diff
// is computed before anything is printed, so a bad file never leaves half a report. The smaller
// file (by size on disk) is the one indexed in memory; the larger is read line by line past it.
// Exit status as diff(1): 0 no difference, 1 differences, 2 trouble.

import { projectToCsv } from "../../listing/customer-csv.js";
import { diffCustomers, isSameListing, ListingItemError } from "../../listing/diff-customers.js";
import { type ListingFile, ListingFileError, openListing } from "../../listing/read-listing.js";
import { csvDiff, jsonDiff, ndjsonDiff, prettyDiff } from "../../listing/report-diff.js";
import { choiceOption, helpHint, type ParsedArgs, UsageError } from "../args.js";
import { csvForTerminal } from "../csv-writer.js";
import type { Io } from "../io.js";

const FORMATS = ["pretty", "json", "ndjson", "csv"] as const;
const RENDER = { pretty: prettyDiff, json: jsonDiff, ndjson: ndjsonDiff, csv: csvDiff } as const;

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const format = choiceOption(args, "diff", "format", FORMATS, "pretty");
  if (args.operands.length !== 2)
    throw new UsageError(
      `'diff' compares two listings, OLD and NEW, but got ${args.operands.length} file${args.operands.length === 1 ? "" : "s"}. ${helpHint("diff")}`,
    );
  const [oldFile, newFile] = args.operands as [string, string];
  const opened: ListingFile[] = [];
  try {
    const before = await openListing(oldFile);
    opened.push(before);
    const after = await openListing(newFile);
    opened.push(after);
    // A CSV holds only its columns: compared with JSON, both sides are cut to those columns.
    const project = (before.format === "csv") !== (after.format === "csv");
    const customers = (listing: ListingFile) => (project ? projected(listing) : listing);
    const diff = await diffCustomers(customers(before), customers(after), {
      index: before.size <= after.size ? "old" : "new",
    });
    const report = RENDER[format](diff);
    await io.out(format === "csv" ? csvForTerminal(io, report) : report);
    return isSameListing(diff) ? 0 : 1;
  } catch (error) {
    if (error instanceof ListingItemError) {
      const listing = opened[error.listing === "old" ? 0 : 1];
      const where = listing?.line === undefined ? `, item ${error.position}` : `, line ${listing.line}`;
      io.err(`pc-customers diff: ${listing?.file ?? error.listing}${where}: ${error.message}.\n`);
    } else if (error instanceof ListingFileError) {
      io.err(`pc-customers diff: ${error.message}.\n`);
    } else {
      io.err(`pc-customers diff: ${(error as Error)?.message ?? String(error)}\n`);
    }
    return 2;
  } finally {
    for (const listing of opened) await listing.close();
  }
}

async function* projected(listing: ListingFile): AsyncGenerator<unknown> {
  for await (const customer of listing) {
    yield listing.format === "csv" ? customer : projectToCsv(customer as never);
  }
}
