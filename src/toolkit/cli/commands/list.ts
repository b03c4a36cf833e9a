// `pc-customers list`: the partner's customers through the typed client, page by page. Output
// streams: nothing holds more than the page the client is on.
import type { Customer } from "partner-center-customers";
import { printable } from "../../conformance/printable.js";
import { choiceOption, type ParsedArgs } from "../args.js";
import type { Io } from "../io.js";
import { describeClientError, listOptions, openSession } from "../session.js";

const FORMATS = ["table", "json", "ndjson"] as const;
type Format = (typeof FORMATS)[number];

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const format = choiceOption(args, "list", "format", FORMATS, "table");
  const options = listOptions(args, "list");
  const session = await openSession(options, io, "list", { allowMock: true });
  const writer = writerFor(format, io);
  const progress = new Progress(io);
  let pages = 0;
  let customers = 0;
  try {
    await writer.start();
    walk: for await (const page of session.client.customers.list(options.params).byPage()) {
      pages++;
      for (const customer of page.items) {
        await writer.write(customer);
        customers++;
        // The reader has gone (`| head`): nothing failed, and nobody reads the rest.
        if (io.outputClosed) break walk;
        if (options.max !== undefined && customers >= options.max) break walk;
      }
      progress.update(pages, customers);
    }
    progress.clear();
    await writer.end(customers, pages);
    return 0;
  } catch (error) {
    progress.clear();
    io.err(
      `pc-customers list: stopped after ${customers} customers (${pages} pages): ${io.scrub(
        describeClientError(error, options.tokenEnv, session.source),
      )}\n`,
    );
    return 1;
  } finally {
    await session.stop();
  }
}

/** Writes customers as they arrive. */
interface Writer {
  start(): Promise<void>;
  write(customer: Customer): Promise<void>;
  end(customers: number, pages: number): Promise<void>;
}

function writerFor(format: Format, io: Io): Writer {
  switch (format) {
    case "ndjson":
      return {
        start: async () => {},
        write: (c) => io.out(`${JSON.stringify(c)}\n`),
        end: async () => {},
      };
    case "json": {
      // One valid array, written element by element. On failure it stays unclosed, so that a
      // partial listing can never be mistaken for a complete one.
      let first = true;
      return {
        start: () => io.out("["),
        write: (c) => {
          const text = `${first ? "\n" : ",\n"}  ${JSON.stringify(c)}`;
          first = false;
          return io.out(text);
        },
        end: () => io.out(first ? "]\n" : "\n]\n"),
      };
    }
    case "table":
      return {
        start: () => io.out(`${row(["ID", "COMPANY", "DOMAIN", "RELATIONSHIP"])}\n`),
        write: (c) =>
          io.out(
            `${row([
              c.id,
              c.companyProfile?.companyName ?? "",
              c.companyProfile?.domain ?? "",
              String(c.relationshipToPartner ?? ""),
            ])}\n`,
          ),
        end: (customers, pages) =>
          io.out(
            `\n${customers} customer${customers === 1 ? "" : "s"} (${pages} page${pages === 1 ? "" : "s"})\n`,
          ),
      };
  }
}

const WIDTHS = [36, 32, 36];

/**
 * Fixed-width columns (long values are cut with …), so rows can be printed as they arrive; control
 * characters are shown escaped (`printable`).
 */
function row(cells: string[]): string {
  return cells
    .map((cell, i) => {
      const width = WIDTHS[i];
      if (width === undefined) return cell;
      // A company name is the customer's to choose: no escape sequence reaches the terminal.
      const flat = printable(cell).replace(/\s+/g, " ");
      return (flat.length > width ? `${flat.slice(0, width - 1)}…` : flat).padEnd(width);
    })
    .join("  ")
    .trimEnd();
}

/** Pages and customers so far, redrawn on one stderr line, only when stderr is a terminal. */
class Progress {
  #drawn = false;
  constructor(readonly io: Io) {}

  update(pages: number, customers: number): void {
    if (!this.io.stderrIsTTY) return;
    this.io.err(`\r\u001b[K${pages} page${pages === 1 ? "" : "s"}, ${customers} customers so far…`);
    this.#drawn = true;
  }

  clear(): void {
    if (this.#drawn) this.io.err("\r\u001b[K");
    this.#drawn = false;
  }
}
