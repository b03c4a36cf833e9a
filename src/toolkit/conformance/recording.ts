/**
 * Recording formats read by the checker. Three shapes are accepted in one file:
 *
 * - an **exchange** `{ request: { method, url, headers }, response: { status, headers, body } }`, with an
 *   optional `provenance` (where it came from, what was removed or corrected);
 * - a **bare response body** (any other JSON value), taken as the `200` of `GET /v1/customers`;
 * - a **HAR 1.2** log (`{ log: { entries: [...] } }`): every entry is one exchange.
 *
 * A response body may be kept as parsed JSON (`body`) or as raw text (`bodyText`), which is how a
 * recording keeps a body that is not valid JSON.
 */
import { stripBom } from "./bom.js";
import { DEFAULT_MAX_BODY_BYTES, decodeBody, formatBytes } from "./decode-body.js";
import { isObject } from "./is-object.js";

/** Where a recording came from and what was done to it. */
export interface Provenance {
  /** Where the exchange came from: a documentation page and commit, a capture, a generator. */
  source: string;
  /** When it was captured or copied (ISO 8601 date). */
  capturedAt?: string;
  /** What was removed (secrets) or normalised, and any known defect it keeps on purpose. */
  notes?: string[];
  /**
   * Violations the recording keeps on purpose (a documentation sample kept verbatim): each is the
   * JSON pointer of one expected violation in the response body and why it is there. A test
   * checks that the recording has exactly these violations.
   */
  knownDefects?: Array<{ pointer: string; why: string }>;
  /**
   * For a recording that is broken on purpose (test/recordings/invalid/): the violations a checker
   * must find in it. A test checks that Ajv and Prism both report each of them.
   */
  expectedViolations?: ExpectedViolation[];
  [key: string]: unknown;
}

/** One violation a deliberately broken recording must produce. */
export interface ExpectedViolation {
  /** Which part of the exchange is wrong (as in `Violation.location`). */
  location: "file" | "request" | "status" | "headers" | "body";
  /** JSON pointer into the body, or the header or parameter name; `""` for the whole body or status. */
  pointer: string;
  /** The JSON Schema keyword that fails (`type`, `required`, `format`, `enum`, …), when there is one. */
  keyword?: string;
  /** Text the violation's message contains, when there is no keyword (e.g. `not JSON`). */
  fragment?: string;
  /** The HAR entry it is in. */
  entry?: number;
  /** What is wrong, for a person reading the test output. */
  why: string;
}

/** One recorded HTTP request and its response. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string> };
  response: { status: number; headers: Record<string, string>; body?: unknown; bodyText?: string };
  provenance?: Provenance;
}

/** The shape a recording file was read as. */
export type RecordingKind = "body" | "exchange" | "har";

/** Why a HAR entry holds nothing to check, as the capture itself says. */
export type CaptureGap = "aborted" | "not-captured";

/** An exchange read from a file, with its entry index for HAR files. */
export interface RecordedExchange {
  exchange: Exchange;
  entry?: number;
  /** A HAR entry the browser aborted (status 0, `_error`) or whose body it did not keep. */
  gap?: { reason: CaptureGap; detail: string };
  /** Why the captured body could not be decoded (a bad base64 or gzip, over the size limit). */
  bodyProblem?: string;
}

/** Limits on what one recording may make the checker decode. */
export interface ParseOptions {
  /** The largest decoded response body, in bytes (default 64 MiB). */
  maxBodyBytes?: number;
}

/**
 * A file's exchanges, or why it could not be read as a recording. `provenance` is the exchange's
 * `provenance`, or for a HAR file the log's `_provenance` (HAR allows custom fields that start with
 * an underscore).
 */
export type ParsedRecording =
  | {
      ok: true;
      kind: RecordingKind;
      exchanges: RecordedExchange[];
      provenance?: Provenance;
      /** The file's JSON value, as parsed. */
      value: unknown;
    }
  | { ok: false; message: string };

/** The request a bare response body is assumed to answer. */
export const BARE_BODY_REQUEST = { method: "GET", url: "/v1/customers", headers: {} } as const;

/** Reads a recording file's text; never throws (a bad file is reported as `{ ok: false, message }`). */
export function parseRecording(text: string, options: ParseOptions = {}): ParsedRecording {
  if (text.trim() === "")
    return {
      ok: false,
      message: "the file is empty: a recording must hold a JSON body, an exchange or a HAR log",
    };
  let value: unknown;
  let failure: Error | undefined;
  try {
    value = JSON.parse(stripBom(text));
  } catch (error) {
    failure = error as Error;
  }
  // Binary data is named as such, before any parse error. A text that parses holds no C0 control
  // but tab, line feed and carriage return, so of BINARY's characters only U+FFFD can be in it.
  const head = text.slice(0, 4096);
  if (failure === undefined ? head.includes("\ufffd") : BINARY.test(head))
    return {
      ok: false,
      message:
        "the file holds binary data, not JSON text: a recording is a JSON body, an exchange or a HAR log, saved as UTF-8",
    };
  if (failure !== undefined)
    return { ok: false, message: `the file is not JSON: ${printable(failure.message)}` };
  if (isObject(value) && isObject(value.log) && Array.isArray(value.log.entries)) {
    const parsed = parseHar(value.log.entries, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    if (!parsed.ok) return parsed;
    const provenance = value.log._provenance;
    return { ...parsed, value, ...(isProvenance(provenance) ? { provenance } : {}) };
  }
  if (isObject(value) && isObject(value.request) && isObject(value.response)) {
    const problem = exchangeProblem(value);
    if (problem) return { ok: false, message: problem };
    const exchange = value as unknown as Exchange;
    return {
      ok: true,
      kind: "exchange",
      exchanges: [{ exchange }],
      value,
      ...(isProvenance(exchange.provenance) ? { provenance: exchange.provenance } : {}),
    };
  }
  return {
    ok: true,
    kind: "body",
    exchanges: [
      {
        exchange: {
          request: { ...BARE_BODY_REQUEST, headers: {} },
          response: { status: 200, headers: { "content-type": "application/json" }, body: value },
        },
      },
    ],
    value,
  };
}

/** The response body as JSON: `body`, or `bodyText` parsed; `undefined` when there is none. */
export function responseBody(
  exchange: Exchange,
): { ok: true; body: unknown } | { ok: false; message: string } {
  const { response } = exchange;
  if ("body" in response && response.body !== undefined) return { ok: true, body: response.body };
  if (response.bodyText === undefined || response.bodyText === "") return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(response.bodyText) };
  } catch (error) {
    return { ok: false, message: notJson(response.bodyText, (error as Error).message) };
  }
}

// Words for a body that is not JSON. Never the raw text: Node's parse error quotes it, and binary
// bytes or escape sequences would reach a terminal or a JUnit file.
function notJson(text: string, reason: string): string {
  const head = text.slice(0, 512);
  if (BINARY.test(head)) {
    return `the response body is binary data (${formatBytes(Buffer.byteLength(text))}), not JSON text: record the decoded body, or check that the capture's encoding fields are right`;
  }
  return `the response body is not JSON (${printable(reason)}); it starts ${printable(JSON.stringify(text.slice(0, 60)))}`;
}

// Node's JSON.parse messages quote the text they failed on: every control character is escaped
// so that none reaches a terminal.
function printable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

// C0 controls other than tab, line feed and carriage return, and U+FFFD (bytes that were not
// UTF-8), never occur in a JSON text outside strings, nor raw inside them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/;

function parseHar(
  entries: unknown[],
  maxBodyBytes: number,
): { ok: true; kind: "har"; exchanges: RecordedExchange[] } | { ok: false; message: string } {
  const exchanges: RecordedExchange[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!isObject(entry) || !isObject(entry.request) || !isObject(entry.response)) {
      return { ok: false, message: `HAR entry ${index} has no request or response object` };
    }
    const { request, response } = entry;
    const content = isObject(response.content) ? response.content : {};
    const headers = harHeaders(response.headers);
    // Anything but a number or numeric text is NaN, which no spec declares, so it is reported.
    const status =
      typeof response.status === "number" || typeof response.status === "string"
        ? Number(response.status)
        : Number.NaN;
    const recorded: RecordedExchange = {
      entry: index,
      exchange: {
        request: {
          method: scalarText(request.method) ?? "GET",
          url: scalarText(request.url) ?? "",
          headers: harHeaders(request.headers),
        },
        response: { status, headers },
      },
    };
    const gap = captureGap(entry, status, content);
    if (gap) recorded.gap = gap;
    else if (typeof content.text === "string") {
      const decoded = decodeBody(
        content.text,
        content.encoding === "base64",
        headerValue(headers, "content-encoding"),
        maxBodyBytes,
      );
      if (decoded.ok) recorded.exchange.response.bodyText = decoded.text;
      else recorded.bodyProblem = decoded.message;
    }
    exchanges.push(recorded);
  }
  return { ok: true, kind: "har", exchanges };
}

// What devtools write for a request that never completed (status 0, `_error: net::ERR_ABORTED`)
// or whose body they did not keep (a size but no text).
function captureGap(
  entry: Record<string, unknown>,
  status: number,
  content: Record<string, unknown>,
): RecordedExchange["gap"] {
  const error = typeof entry._error === "string" ? entry._error : undefined;
  if (status === 0 || error !== undefined)
    return { reason: "aborted", detail: error === undefined ? "status 0" : error.slice(0, 80) };
  if (content.text === undefined && typeof content.size === "number" && content.size > 0)
    return { reason: "not-captured", detail: `${formatBytes(content.size)} not in the capture` };
  return undefined;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function harHeaders(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const h of list)
    if (isObject(h) && typeof h.name === "string") out[h.name] = scalarText(h.value) ?? "";
  return out;
}

// A HAR file is untrusted: only a string, number or boolean becomes text (String() of an object
// can throw, or run nothing useful), anything else counts as missing.
function scalarText(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;
}

function exchangeProblem(value: Record<string, unknown>): string | undefined {
  const request = value.request as Record<string, unknown>;
  const response = value.response as Record<string, unknown>;
  if (typeof request.method !== "string" || typeof request.url !== "string") {
    return 'the exchange\'s "request" needs a string "method" and "url"';
  }
  if (!Number.isInteger(response.status)) return 'the exchange\'s "response" needs an integer "status"';
  for (const [part, headers] of [
    ["request", request.headers],
    ["response", response.headers],
  ] as const) {
    if (
      headers !== undefined &&
      (!isObject(headers) || Object.values(headers).some((v) => typeof v !== "string"))
    ) {
      return `the exchange's ${part} "headers" must be an object of strings`;
    }
  }
  if (request.headers === undefined) request.headers = {};
  if (response.headers === undefined) response.headers = {};
  return undefined;
}

function isProvenance(value: unknown): value is Provenance {
  return isObject(value) && typeof value.source === "string";
}
