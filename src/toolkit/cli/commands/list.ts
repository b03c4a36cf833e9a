// `pc-customers list`: the partner's customers through the typed client, page by page. Output
// streams: nothing holds more than the page the client is on.
import type { Customer, RetryEvent } from "partner-center-customers";
import { fixedRow } from "../../conformance/table.js";
import { choiceOption, helpHint, type ParsedArgs, stringOption, UsageError } from "../args.js";
import { type Checkpoint, clearCheckpoint, readCheckpoint, writeCheckpoint } from "../checkpoint.js";
import { csvWriter } from "../csv-writer.js";
import { dedupeWriter } from "../dedupe-writer.js";
import type { Io } from "../io.js";
import { describeClientError, listOptions, openSession } from "../session.js";

const FORMATS = ["table", "json", "ndjson", "csv"] as const;
type Format = (typeof FORMATS)[number];

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const format = choiceOption(args, "list", "format", FORMATS, "table");
  const options = listOptions(args, "list");
  const checkpointFile = stringOption(args, "checkpoint");
  if (args.values.bom === true && format !== "csv")
    throw new UsageError(`--bom only applies to --format csv. ${helpHint("list")}`);
  const saved =
    checkpointFile === undefined ? undefined : await readCheckpoint(checkpointFile, options.params);
  const progress = new Progress(io);
  const session = await openSession(options, io, "list", {
    hooks: { onRetry: (event) => progress.waiting(event) },
  });
  // A resumed run appends to what the stopped one wrote: no second CSV header.
  const chosen = writerFor(format, io, { header: saved === undefined, bom: args.values.bom === true });
  const writer = args.values.dedupe === true ? dedupeWriter(chosen, io) : chosen;
  let pages = 0;
  let customers = 0;
  if (saved !== undefined) {
    io.err(
      `pc-customers list: resuming from ${checkpointFile} after page ${saved.pages} (${saved.customers} customers already listed).\n`,
    );
  }
  try {
    await writer.start();
    const pagesOfWalk = session.client.customers
      .list(options.params)
      .byPage({ continuationToken: saved?.continuationToken });
    walk: for await (const page of pagesOfWalk) {
      pages++;
      for (const customer of page.items) {
        await writer.write(customer);
        customers++;
        // The reader has gone (`| head`): nothing failed, and nobody reads the rest.
        if (io.outputClosed) break walk;
        if (options.max !== undefined && customers >= options.max) break walk;
      }
      // Only once every customer of the page is written: a rerun continues with the next page.
      if (checkpointFile !== undefined && page.continuationToken !== undefined) {
        await writeCheckpoint(
          checkpointFile,
          checkpointAfter(page.continuationToken, saved, pages, customers, options.params),
        );
      }
      progress.update(pages, customers);
    }
    progress.clear();
    await writer.end(customers, pages);
    if (checkpointFile !== undefined && (options.max === undefined || customers < options.max)) {
      await clearCheckpoint(checkpointFile);
      io.err(`pc-customers list: the listing is complete; ${checkpointFile} was removed.\n`);
    }
    return 0;
  } catch (error) {
    progress.clear();
    const rerun =
      checkpointFile === undefined
        ? ""
        : ` Run it again to continue from ${checkpointFile} (delete it to start from the first page).`;
    io.err(
      `pc-customers list: stopped after ${customers} customers (${pages} pages): ${io.scrub(
        describeClientError(error, options.tokenEnv, session.source),
      )}${rerun}\n`,
    );
    return 1;
  } finally {
    await session.stop();
  }
}

function checkpointAfter(
  continuationToken: string,
  saved: Checkpoint | undefined,
  pages: number,
  customers: number,
  params: ReturnType<typeof listOptions>["params"],
): Checkpoint {
  return {
    continuationToken,
    pages: (saved?.pages ?? 0) + pages,
    customers: (saved?.customers ?? 0) + customers,
    size: params.size,
    filter: params.filter ?? null,
  };
}

/** Writes customers as they arrive. */
interface Writer {
  start(): Promise<void>;
  write(customer: Customer): Promise<void>;
  end(customers: number, pages: number): Promise<void>;
}

function writerFor(format: Format, io: Io, csv: { header: boolean; bom: boolean }): Writer {
  switch (format) {
    case "csv":
      return csvWriter(io, csv);
    case "ndjson":
      return {
        start: async () => {},
        write: (c) => io.out(`${json(c)}\n`),
        end: async () => {},
      };
    case "json": {
      // One valid array, written element by element. On failure it stays unclosed, so that a
      // partial listing can never be mistaken for a complete one.
      let first = true;
      return {
        start: () => io.out("["),
        write: (c) => {
          const text = `${first ? "\n" : ",\n"}  ${json(c)}`;
          first = false;
          return io.out(text);
        },
        end: () => io.out(first ? "]\n" : "\n]\n"),
      };
    }
    case "table": {
      // The token goes before the layout (io.out would remove it after, and shift the columns).
      const row = (cells: string[]) => `${fixedRow(cells.map(io.scrub), WIDTHS)}\n`;
      return {
        start: () => io.out(row(["ID", "COMPANY", "DOMAIN", "RELATIONSHIP"])),
        write: (c) =>
          io.out(
            row([
              c.id,
              c.companyProfile?.companyName ?? "",
              c.companyProfile?.domain ?? "",
              String(c.relationshipToPartner ?? ""),
            ]),
          ),
        end: (customers, pages) =>
          io.out(
            `\n${customers} customer${customers === 1 ? "" : "s"} (${pages} page${pages === 1 ? "" : "s"})\n`,
          ),
      };
    }
  }
}

// ID, COMPANY and DOMAIN are cut to these widths; RELATIONSHIP is last and never padded.
const WIDTHS = [36, 32, 36];

// JSON.stringify escapes C0 controls; DEL, C1 (a CSI starts terminal sequences), the line
// separators and bidirectional controls are escaped too: the same JSON value, safe on a terminal.
const TERMINAL_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** One customer as JSON text, exactly the service's data, with nothing a terminal would act on. */
function json(customer: Customer): string {
  return JSON.stringify(customer).replace(
    TERMINAL_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Pages and customers so far, redrawn on one stderr line, only when stderr is a terminal; during a
 * retry's wait it also says why and for how long ("throttled, waiting 57 s").
 */
class Progress {
  #drawn = false;
  #pages = 0;
  #customers = 0;
  constructor(readonly io: Io) {}

  update(pages: number, customers: number): void {
    this.#pages = pages;
    this.#customers = customers;
    this.#draw("");
  }

  waiting(event: RetryEvent): void {
    const why =
      event.reason === "throttled"
        ? "throttled"
        : event.reason === "server-error"
          ? `server error ${event.status}`
          : event.reason === "timeout"
            ? "timed out"
            : "connection failed";
    this.#draw(` ${why}, waiting ${Math.ceil(event.delayMs / 1000)} s (retry ${event.attempt})`);
  }

  #draw(suffix: string): void {
    if (!this.io.stderrIsTTY) return;
    const pages = this.#pages;
    this.io.err(
      `\r\u001b[K${pages} page${pages === 1 ? "" : "s"}, ${this.#customers} customers so far…${suffix}`,
    );
    this.#drawn = true;
  }

  clear(): void {
    if (this.#drawn) this.io.err("\r\u001b[K");
    this.#drawn = false;
  }
}
