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

/** An exchange read from a file, with its entry index for HAR files. */
export interface RecordedExchange {
  exchange: Exchange;
  entry?: number;
}

/**
 * A file's exchanges, or why it could not be read as a recording. `provenance` is the exchange's
 * `provenance`, or for a HAR file the log's `_provenance` (HAR allows custom fields that start with
 * an underscore).
 */
export type ParsedRecording =
  | { ok: true; kind: RecordingKind; exchanges: RecordedExchange[]; provenance?: Provenance }
  | { ok: false; message: string };

/** The request a bare response body is assumed to answer. */
export const BARE_BODY_REQUEST = { method: "GET", url: "/v1/customers", headers: {} } as const;

/** Reads a recording file's text; never throws (a bad file is reported as `{ ok: false, message }`). */
export function parseRecording(text: string): ParsedRecording {
  if (text.trim() === "")
    return {
      ok: false,
      message: "the file is empty: a recording must hold a JSON body, an exchange or a HAR log",
    };
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (error) {
    return { ok: false, message: `the file is not JSON: ${(error as Error).message}` };
  }
  if (isObject(value) && isObject(value.log) && Array.isArray(value.log.entries)) {
    const parsed = parseHar(value.log.entries);
    const provenance = value.log._provenance;
    return parsed.ok && isProvenance(provenance) ? { ...parsed, provenance } : parsed;
  }
  if (isObject(value) && isObject(value.request) && isObject(value.response)) {
    const problem = exchangeProblem(value);
    if (problem) return { ok: false, message: problem };
    const exchange = value as unknown as Exchange;
    return {
      ok: true,
      kind: "exchange",
      exchanges: [{ exchange }],
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
    const start = response.bodyText.slice(0, 60);
    return {
      ok: false,
      message: `the response body is not JSON (${(error as Error).message}); it starts ${JSON.stringify(start)}`,
    };
  }
}

function parseHar(entries: unknown[]): ParsedRecording {
  const exchanges: RecordedExchange[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!isObject(entry) || !isObject(entry.request) || !isObject(entry.response)) {
      return { ok: false, message: `HAR entry ${index} has no request or response object` };
    }
    const { request, response } = entry;
    const content = isObject(response.content) ? response.content : {};
    let text = typeof content.text === "string" ? content.text : undefined;
    if (text !== undefined && content.encoding === "base64")
      text = Buffer.from(text, "base64").toString("utf8");
    exchanges.push({
      entry: index,
      exchange: {
        request: {
          method: scalarText(request.method) ?? "GET",
          url: scalarText(request.url) ?? "",
          headers: harHeaders(request.headers),
        },
        response: {
          // Anything but a number or numeric text is NaN, which no spec declares, so it is reported.
          status:
            typeof response.status === "number" || typeof response.status === "string"
              ? Number(response.status)
              : Number.NaN,
          headers: harHeaders(response.headers),
          ...(text === undefined ? {} : { bodyText: text }),
        },
      },
    });
  }
  return { ok: true, kind: "har", exchanges };
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
