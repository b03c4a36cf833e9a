// Reads a listing saved by `pc-customers list` (NDJSON, JSON or CSV, told apart by the first
// character) as untrusted input: only a regular file (a FIFO is refused, never waited on), at most
// a size limit, binary data named as such, and read as it goes, line by line, so that memory holds
// one line at a time. Every problem is a `ListingFileError` naming the file and the line.
import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { formatBytes } from "../conformance/decode-body.js";
import { printable } from "../conformance/printable.js";
import { cannotRead, fileTypeName } from "../conformance/read-file.js";
import { CsvReader, CsvSyntaxError } from "./csv.js";
import { customerFromCsv } from "./customer-csv.js";

/** The formats `list` writes. */
export type ListingFormat = "ndjson" | "json" | "csv";

/** A listing file that cannot be read as one: says which file, which line and why. */
export class ListingFileError extends Error {
  override name = "ListingFileError";
  constructor(
    /** Why, without the file's name. */
    readonly reason: string,
    readonly file: string,
    /** The line the problem is on, when there is one. */
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? "" : `, line ${line}`}: ${reason}`);
  }
}

/** Limits on what is read. */
export interface ListingLimits {
  /** The largest file read (default 4 GiB). */
  readonly maxBytes?: number;
  /** The longest line (one customer; default 1 MiB). */
  readonly maxLineBytes?: number;
  /** A JSON file in another layout than `list`'s is parsed whole: up to this size (default 256 MiB). */
  readonly maxWholeJsonBytes?: number;
}

/** An open listing: iterate it once for its customers. */
export interface ListingFile extends AsyncIterable<Record<string, unknown>> {
  readonly file: string;
  readonly format: ListingFormat;
  /** The file's size in bytes. */
  readonly size: number;
  /** The line of the customer last handed out (for messages about it). */
  readonly line: number | undefined;
  /** Closes the file (iterating to the end closes it too). */
  close(): Promise<void>;
}

const CHUNK = 64 * 1024;
const DEFAULTS = { maxBytes: 4 * 1024 ** 3, maxLineBytes: 1024 ** 2, maxWholeJsonBytes: 256 * 1024 ** 2 };
const NOT_A_LISTING =
  "it is not a listing saved by 'pc-customers list': expected NDJSON (one customer a line), a JSON array or a CSV file whose header starts with 'Microsoft ID'";

/** Opens `file` and tells its format; throws a `ListingFileError` when it cannot be a listing. */
export async function openListing(file: string, limits: ListingLimits = {}): Promise<ListingFile> {
  const { maxBytes, maxLineBytes, maxWholeJsonBytes } = { ...DEFAULTS, ...limits };
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ListingFileError(cannotRead(error), file);
  }
  try {
    const info = await handle.stat();
    const type = fileTypeName(info);
    if (type !== undefined) throw new ListingFileError(`it is ${type}, not a regular file`, file);
    if (info.size > maxBytes)
      throw new ListingFileError(
        `the file is ${formatBytes(info.size)}, more than the limit of ${formatBytes(maxBytes)} for a listing`,
        file,
      );
    const reader = new ChunkReader(handle, file);
    const first = await reader.next();
    const head = first.replace(/^\ufeff/, "");
    if (/[\0\ufffd]/.test(head.slice(0, 4096)))
      throw new ListingFileError(`the file holds binary data: ${NOT_A_LISTING}`, file, 1);
    const start = head.trimStart();
    const format: ListingFormat | undefined = start.startsWith("[")
      ? "json"
      : start.startsWith("{")
        ? "ndjson"
        : /^"?Microsoft ID"?(,|\r?\n|$)/.test(start)
          ? "csv"
          : undefined;
    if (start === "") throw new ListingFileError(`the file is empty: ${NOT_A_LISTING}`, file);
    if (format === undefined) throw new ListingFileError(NOT_A_LISTING, file, 1);
    let line: number | undefined;
    const items =
      format === "csv"
        ? csvItems(reader, head, file, (n) => (line = n))
        : format === "ndjson"
          ? ndjsonItems(reader, head, file, maxLineBytes, (n) => (line = n))
          : jsonItems(reader, head, file, maxLineBytes, maxWholeJsonBytes, info.size, (n) => (line = n));
    return {
      file,
      format,
      size: info.size,
      get line() {
        return line;
      },
      close: () => reader.close(),
      async *[Symbol.asyncIterator]() {
        try {
          yield* items;
        } finally {
          await reader.close();
        }
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The file's text, chunk by chunk, UTF-8 decoded across chunk boundaries. */
class ChunkReader {
  readonly #decoder = new StringDecoder("utf8");
  readonly #buffer = Buffer.allocUnsafe(CHUNK);
  #done = false;
  #closed = false;
  constructor(
    readonly handle: FileHandle,
    readonly file: string,
  ) {}

  /** The next piece of text; "" once the file is read. */
  async next(): Promise<string> {
    while (!this.#done) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.handle.read(this.#buffer, 0, CHUNK, null));
      } catch (error) {
        throw new ListingFileError(cannotRead(error), this.file);
      }
      if (bytesRead === 0) {
        this.#done = true;
        return this.#decoder.end();
      }
      const text = this.#decoder.write(this.#buffer.subarray(0, bytesRead));
      if (text !== "") return text;
    }
    return "";
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.handle.close();
  }
}

/** Lines with their numbers; a line longer than `maxLineBytes` is an error. */
async function* lines(
  reader: ChunkReader,
  first: string,
  file: string,
  maxLineBytes: number,
): AsyncGenerator<{ text: string; line: number }> {
  let pending = first;
  let line = 1;
  for (;;) {
    let start = 0;
    for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n", start)) {
      if (end - start > maxLineBytes) throw tooLong(file, line, maxLineBytes);
      yield { text: pending.slice(start, end).replace(/\r$/, ""), line: line++ };
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineBytes) throw tooLong(file, line, maxLineBytes);
    const more = await reader.next();
    if (more === "") break;
    pending += more;
  }
  if (pending.trim() !== "") yield { text: pending.replace(/\r$/, ""), line };
}

// Characters stand in for bytes here: a line of N characters holds at least N bytes.
function tooLong(file: string, line: number, maxLineBytes: number): ListingFileError {
  return new ListingFileError(
    `the line is longer than ${formatBytes(maxLineBytes)}: one customer never is`,
    file,
    line,
  );
}

function parseLine(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ListingFileError(`the line is not JSON (${printable((error as Error).message)})`, file, line);
  }
}

function customerOf(
  value: unknown,
  file: string,
  line: number | undefined,
  what = "the line",
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ListingFileError(`${what} is not a customer (a JSON object with an id)`, file, line);
  const id = (value as { id?: unknown }).id;
  if (typeof id !== "string" || id === "")
    throw new ListingFileError(`${what} is a JSON object without an id: not a customer`, file, line);
  return value as Record<string, unknown>;
}

async function* ndjsonItems(
  reader: ChunkReader,
  first: string,
  file: string,
  maxLineBytes: number,
  at: (line: number) => void,
): AsyncGenerator<Record<string, unknown>> {
  for await (const { text, line } of lines(reader, first, file, maxLineBytes)) {
    if (text.trim() === "") continue;
    at(line);
    yield customerOf(parseLine(text, file, line), file, line);
  }
}

// `list --format json` writes "[", then one customer a line (a comma after all but the last), then
// "]": read that way, one line at a time. Any other layout is parsed whole, up to a limit.
async function* jsonItems(
  reader: ChunkReader,
  first: string,
  file: string,
  maxLineBytes: number,
  maxWholeBytes: number,
  size: number,
  at: (line: number) => void,
): AsyncGenerator<Record<string, unknown>> {
  const source = lines(reader, first, file, maxLineBytes);
  const opening = await source.next();
  // Lines read before it turned out not to be list's layout: the whole parse starts with them.
  let text = opening.done ? "" : `${opening.value.text}\n`;
  if (!opening.done && opening.value.text.trim() === "[") {
    let closed = false;
    let started = false;
    // Iterated by hand: leaving a for-await loop would close the lines before the whole parse.
    for (let next = await source.next(); !next.done; next = await source.next()) {
      const { text: lineText, line } = next.value;
      const trimmed = lineText.trim();
      if (!started) text += `${lineText}\n`;
      if (trimmed === "") continue;
      if (closed) throw new ListingFileError("text after the closing ]: not one JSON array", file, line);
      if (trimmed === "]") {
        closed = true;
        continue;
      }
      const element = trimmed.replace(/,$/, "");
      // The first element tells the layout: a whole object on its line is list's.
      if (!started && !parses(element)) break;
      started = true;
      at(line);
      yield customerOf(parseLine(element, file, line), file, line);
    }
    if (started || closed) {
      if (!closed)
        throw new ListingFileError(
          "the JSON array is not closed: the listing stopped before its end (list writes ] only once it is complete)",
          file,
        );
      return;
    }
  }
  if (size > maxWholeBytes)
    throw new ListingFileError(
      `a JSON listing in another layout than list's (one customer a line) is read whole, and this one is more than ${formatBytes(maxWholeBytes)}: save it as NDJSON`,
      file,
    );
  for await (const { text: more } of source) text += `${more}\n`;
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ""));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split("\n").length;
    throw new ListingFileError(`the file is not JSON (${printable(message)})`, file, line);
  }
  if (!Array.isArray(value)) throw new ListingFileError(NOT_A_LISTING, file, 1);
  for (const [i, item] of value.entries())
    yield customerOf(item, file, undefined, `element ${i + 1} of the array`);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function* csvItems(
  reader: ChunkReader,
  first: string,
  file: string,
  at: (line: number) => void,
): AsyncGenerator<Record<string, unknown>> {
  const csv = new CsvReader();
  let header: string[] | undefined;
  let chunk = first.replace(/^\ufeff/, "");
  for (;;) {
    let records: ReturnType<CsvReader["push"]>;
    try {
      records = chunk === "" ? csv.end() : csv.push(chunk);
    } catch (error) {
      if (error instanceof CsvSyntaxError)
        throw new ListingFileError(`not CSV: ${error.message}`, file, error.line);
      throw error;
    }
    for (const { fields, line } of records) {
      if (header === undefined) {
        header = fields;
        continue;
      }
      if (fields.length !== header.length)
        throw new ListingFileError(
          `the record has ${fields.length} fields, the header ${header.length}: not the same table`,
          file,
          line,
        );
      at(line);
      yield customerOf(customerFromCsv(header, fields), file, line, "the record");
    }
    if (chunk === "") return;
    chunk = await reader.next();
  }
}
