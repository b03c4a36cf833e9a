// CSV as RFC 4180 writes and reads it: records end with CRLF, a field holding a comma, a double
// quote or a line break is quoted, and a quote inside a quoted field is doubled. Spreadsheets run a
// cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (CSV injection,
// OWASP): such a cell is written with a single quote in front, and quoted. Nothing else is changed.

/** The characters that make a spreadsheet read a cell as a formula (OWASP's list). */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * `text` as a spreadsheet shows it, never runs it: a single quote in front when it begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's CSV injection advice); otherwise as it is.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.has(text.charAt(0)) ? `'${text}` : text;
}

/**
 * The text a neutralised cell stood for: the single quote `neutraliseFormula` put in front of a
 * formula character is dropped. (A value that itself began with `'=` reads back without its quote.)
 */
export function restoreFormula(text: string): string {
  return text.charAt(0) === "'" && FORMULA_START.has(text.charAt(1)) ? text.slice(1) : text;
}

/** One field: neutralised when it would start a formula, quoted when RFC 4180 or OWASP asks for it. */
export function csvField(value: string): string {
  const safe = neutraliseFormula(value);
  return safe !== value || NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, CRLF included. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** A record read back, with the line it starts on (1 for the first line of the input). */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** A record that cannot be read: a quote inside an unquoted field, or text after a closing quote. */
export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    message: string,
    /** The line the problem is on. */
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * Reads RFC 4180 records from text given in chunks of any size (a file read piece by piece): `push`
 * returns the records completed so far, `end` the last one. Accepts LF as well as CRLF line ends,
 * skips empty lines, and keeps fields as they are written (no formula restored: see `restoreFormula`).
 */
export class CsvReader {
  #fields: string[] = [];
  #field = "";
  #quoted = false;
  #inQuotes = false;
  #afterQuote = false;
  #line = 1;
  #recordLine = 1;
  #pendingCr = false;
  #started = false;

  /** `maxFieldLength`: the longest field read, in characters (a longer one is an error). */
  constructor(readonly maxFieldLength = 1024 * 1024) {}

  /** The records that `chunk` completes. */
  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk.charAt(i);
      if (this.#pendingCr) {
        this.#pendingCr = false;
        if (char === "\n") continue;
      }
      if (this.#inQuotes) {
        if (char === '"') {
          this.#inQuotes = false;
          this.#afterQuote = true;
        } else {
          if (char === "\n") this.#line++;
          this.#field += char;
          if (this.#field.length > this.maxFieldLength) this.#tooLong();
        }
        continue;
      }
      if (this.#afterQuote && char === '"') {
        // A doubled quote inside a quoted field.
        this.#field += '"';
        this.#inQuotes = true;
        this.#afterQuote = false;
        continue;
      }
      if (char === ",") {
        this.#endField();
      } else if (char === "\r" || char === "\n") {
        this.#pendingCr = char === "\r";
        const record = this.#endRecord();
        if (record) records.push(record);
        this.#line++;
        this.#recordLine = this.#line;
      } else if (this.#afterQuote) {
        throw new CsvSyntaxError("text after a closing quote: a quoted field ends at its quote", this.#line);
      } else if (char === '"') {
        if (this.#field !== "")
          throw new CsvSyntaxError(
            "a quote inside an unquoted field: a field holding quotes must be quoted",
            this.#line,
          );
        this.#quoted = true;
        this.#inQuotes = true;
        this.#started = true;
      } else {
        this.#field += char;
        this.#started = true;
        if (this.#field.length > this.maxFieldLength) this.#tooLong();
      }
    }
    return records;
  }

  /** The last record, if the text did not end with a line break; throws when a quote is left open. */
  end(): CsvRecord[] {
    if (this.#inQuotes)
      throw new CsvSyntaxError("a quoted field is not closed before the end of the file", this.#recordLine);
    const record = this.#endRecord();
    return record ? [record] : [];
  }

  #tooLong(): never {
    throw new CsvSyntaxError(
      `a field is longer than ${this.maxFieldLength} characters: no customer's field is`,
      this.#recordLine,
    );
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = "";
    this.#quoted = false;
    this.#afterQuote = false;
    this.#started = true;
  }

  #endRecord(): CsvRecord | undefined {
    if (!this.#started && this.#fields.length === 0 && this.#field === "" && !this.#quoted) return undefined;
    this.#endField();
    const record = { fields: this.#fields, line: this.#recordLine };
    this.#fields = [];
    this.#started = false;
    return record;
  }
}
