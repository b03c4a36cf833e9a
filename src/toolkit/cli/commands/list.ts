// `pc-customers list`: the partner's customers through the typed client, page by page. Output
// streams: nothing holds more than the page the client is on.
import type { Customer, RetryEvent } from "partner-center-customers";
import { plural } from "../../conformance/report.js";
import { fixedRow } from "../../conformance/table.js";
import { choiceOption, helpHint, type ParsedArgs, stringOption, UsageError } from "../args.js";
import { isFileWriteError } from "../atomic-write.js";
import { CheckpointJob, resumeCommand } from "../checkpoint-job.js";
import { csvWriter } from "../csv-writer.js";
import { dedupeWriter } from "../dedupe-writer.js";
import { exitCodeFor, type Interruption, listenForInterrupt } from "../interrupt.js";
import type { Io } from "../io.js";
import { describeClientError, type ListOptions, listOptions, openSession } from "../session.js";

const FORMATS = ["table", "json", "ndjson", "csv"] as const;
type Format = (typeof FORMATS)[number];

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const format = choiceOption(args, "list", "format", FORMATS, "table");
  const options = listOptions(args, "list");
  const checkpointFile = stringOption(args, "checkpoint");
  if (args.values.bom === true && format !== "csv")
    throw new UsageError(`--bom only applies to --format csv. ${helpHint("list")}`);
  // Locked and read (its folder proven writable) before the first request.
  const job =
    checkpointFile === undefined
      ? undefined
      : await CheckpointJob.open(checkpointFile, options.params, io.env[options.tokenEnv]);
  const interruption = listenForInterrupt();
  try {
    return await listAll(args, io, format, options, job, interruption);
  } finally {
    interruption.dispose();
    await job?.release();
  }
}

async function listAll(
  args: ParsedArgs,
  io: Io,
  format: Format,
  options: ListOptions,
  job: CheckpointJob | undefined,
  interruption: Interruption,
): Promise<number> {
  const progress = new Progress(io);
  const session = await openSession(options, io, "list", {
    hooks: { onRetry: (event) => progress.waiting(event) },
  });
  // A resumed run appends to what the stopped one wrote: no second CSV header.
  const chosen = writerFor(format, io, {
    header: job?.saved === undefined,
    bom: args.values.bom === true,
  });
  const writer = args.values.dedupe === true ? dedupeWriter(chosen, io) : chosen;
  let pages = 0;
  let customers = 0;
  const resumingMessage = job?.resumingMessage();
  if (resumingMessage !== undefined) io.err(resumingMessage);
  const maxReached = () => options.max !== undefined && customers >= options.max;
  // Why the walk stopped before its end, if it did.
  let stopped: "max" | "reader gone" | undefined;
  try {
    await writer.start();
    const pagesOfWalk = session.client.customers
      .list({ ...options.params, signal: interruption.signal })
      .byPage({ continuationToken: job?.startToken });
    walk: for await (const page of pagesOfWalk) {
      pages++;
      for (const customer of job ? job.itemsOf(page) : page.items) {
        if (maxReached()) {
          stopped = "max";
          break walk;
        }
        if (interruption.signal.aborted) break walk;
        await writer.write(customer);
        // The reader has gone (`| head`): nothing failed, and nobody reads the rest.
        if (io.outputClosed) {
          stopped = "reader gone";
          break walk;
        }
        customers++;
        job?.wrote();
      }
      // Once every customer of the page is written: a rerun continues with the next page.
      await job?.pageDone(page.continuationToken);
      progress.update(pages, customers);
      // Stopped here rather than at the next page, which would be requested for nothing.
      if (maxReached() && page.continuationToken !== undefined) {
        stopped = "max";
        break;
      }
    }
    progress.clear();
    const signal = interruption.received();
    if (signal !== undefined) return await interrupted(signal, io, job, customers, pages, args);
    await writer.end(customers, pages);
    if (job !== undefined) {
      if (stopped === undefined) {
        await job.complete();
        io.err(`pc-customers list: the listing is complete; ${job.file} was removed.\n`);
      } else {
        await job.save();
        if (stopped === "max") {
          io.err(
            `pc-customers list: stopped at --max ${options.max}; saved the position (after customer ${job.customers}) in ${job.file}. The same command continues:\n  ${resumeCommand(args)}\n`,
          );
        }
      }
    }
    return 0;
  } catch (error) {
    progress.clear();
    const signal = interruption.received();
    if (signal !== undefined && !isFileWriteError(error)) {
      return await interrupted(signal, io, job, customers, pages, args);
    }
    const saveProblem = job === undefined ? "" : await job.saveAfterFailure();
    const advice =
      job === undefined ? "" : job.adviceAfter(error, pages, options.tokenEnv, resumeCommand(args));
    io.err(
      `pc-customers list: stopped after ${customers} customers (${pages} pages): ${io.scrub(
        describeClientError(error, options.tokenEnv, session.source),
      )}${saveProblem}${advice}\n`,
    );
    return 1;
  } finally {
    await session.stop();
  }
}

/** Ctrl-C or SIGTERM: saves where the listing was, says where that is and how to continue. */
async function interrupted(
  signal: NodeJS.Signals,
  io: Io,
  job: CheckpointJob | undefined,
  customers: number,
  pages: number,
  args: ParsedArgs,
): Promise<number> {
  const where = `pc-customers list: interrupted by ${signal} after ${plural(customers, "customer")} (${plural(pages, "page")}) in this run.`;
  if (job === undefined) {
    io.err(`${where} Nothing was saved: give --checkpoint FILE to be able to continue a listing.\n`);
  } else {
    const saveProblem = await job.saveAfterFailure();
    io.err(
      saveProblem === ""
        ? `${where} Saved the position (after customer ${job.customers}) in ${job.file}. To continue, run:\n  ${resumeCommand(args)}\n`
        : `${where}${saveProblem}\n`,
    );
  }
  return exitCodeFor(signal);
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
