// The checker: a recording is parsed once, then four passes read it apart, each returning what it
// found, and this module sums them into the file's result: validation (violations), drift (what
// the spec does not declare), coverage (what of the spec it exercised) and credentials.
import { type Seen, tallyCoverage } from "./coverage.js";
import { findCredentials, type SecretFinding } from "./credentials.js";
import { type Drift, driftOf } from "./drift.js";
import { readRecordingFile } from "./read-file.js";
import type { Provenance } from "./recording.js";
import {
  type Exchange,
  type ParsedRecording,
  type ParseOptions,
  parseRecording,
  type RecordedExchange,
  type RecordingKind,
  responseBody,
} from "./recording.js";
import type { SpecValidator } from "./validator.js";
import type { Violation } from "./violation.js";

/** Why a HAR entry was not checked. */
export type SkipReason = "not-in-spec" | "preflight" | "aborted" | "not-captured";

/** A HAR entry that was not checked, and why. */
export interface SkippedEntry {
  index: number;
  method: string;
  /** The entry's URL without its query or fragment, cut to 200 characters. */
  url: string;
  reason: SkipReason;
  /** More on the reason, when the capture says more (`net::ERR_ABORTED`). */
  detail?: string;
}

/** How each skip reason reads in a report (`3 not in the spec`). */
export const SKIP_REASON_WORDS: Record<SkipReason, string> = {
  "not-in-spec": "not in the spec",
  preflight: "preflight",
  aborted: "aborted",
  "not-captured": "body not captured",
};

/** The verdict on one file. */
export interface FileResult {
  file: string;
  ok: boolean;
  /** How the file was read; absent when it could not be read as a recording at all. */
  kind?: RecordingKind;
  /** How many exchanges were checked against the spec (skipped HAR entries are not counted). */
  exchanges: number;
  /** HAR entries that were not checked, each with its reason. */
  skipped: SkippedEntry[];
  violations: Violation[];
  /** Things that do not break conformance but need a person's eye (token-shaped text). */
  warnings: string[];
  /** The recording's provenance, as `parseRecording` read it; absent when it has none. */
  provenance?: Provenance;
  /** What the file holds that the spec does not declare (never a violation). */
  drift: Drift[];
  /** How long checking the file took, when the caller measured it (JUnit's `time`). */
  durationMs?: number;
  /** What the file's checked exchanges showed of the spec, for a run's coverage (`addSeen`). */
  seen?: Seen;
}

/** What to check an exchange with beyond the exchange itself. */
export interface ExchangeContext {
  /** Why the captured body could not be decoded; reported as the body's violation. */
  bodyProblem?: string;
}

/** Checks one recorded exchange, its request's parameters and its response, against the spec. */
export function checkExchange(
  validator: SpecValidator,
  exchange: Exchange,
  entry?: number,
  context: ExchangeContext = {},
): Violation[] {
  return checkOne(validator, exchange, entry, context).violations;
}

/** An exchange validation checked, with its body parsed once for the passes after it. */
export interface CheckedExchange {
  exchange: Exchange;
  entry?: number;
  /** The parsed response body; undefined when there is none or it is not JSON. */
  body: unknown;
}

// The violations of one exchange, and its parsed body.
function checkOne(
  validator: SpecValidator,
  exchange: Exchange,
  entry: number | undefined,
  context: ExchangeContext,
): { violations: Violation[]; body?: unknown } {
  const at = entry === undefined ? {} : { entry };
  const request = validator.checkRequest(exchange.request).filter((v) => v.pointer !== "");
  const { status } = exchange.response;
  if (status === 204 || status === 304)
    return { violations: [...request, ...checkEmpty(validator, exchange)].map((v) => ({ ...v, ...at })) };
  const parsed =
    context.bodyProblem === undefined
      ? responseBody(exchange)
      : { ok: false as const, message: context.bodyProblem };
  if (!parsed.ok) {
    return {
      violations: [
        ...request,
        { location: "body" as const, pointer: "", message: parsed.message, schemaPath: "" },
      ].map((v) => ({ ...v, ...at })),
    };
  }
  const response = validator.checkResponse({
    method: exchange.request.method,
    url: exchange.request.url,
    status,
    headers: exchange.response.headers,
    body: parsed.body,
  });
  return { violations: [...request, ...response].map((v) => ({ ...v, ...at })), body: parsed.body };
}

// 204 No Content and 304 Not Modified never carry a body (RFC 9110, 15.3.5 and 15.4.5): their
// headers are checked, their content never required. A 304 answers a conditional request, from
// the client's cache, so it need not be a status of the spec; sent without a condition, it is one.
function checkEmpty(validator: SpecValidator, exchange: Exchange): Violation[] {
  const { status } = exchange.response;
  const body = exchange.response.body ?? exchange.response.bodyText;
  const violations: Violation[] = [];
  if (body !== undefined && body !== "")
    violations.push({
      location: "body",
      pointer: "",
      message: `a ${status} response has no content, but this one has a body`,
      schemaPath: "",
    });
  const declared = validator.operationOf(exchange.request.method, exchange.request.url, status)?.status;
  if (status === 304 && declared === undefined) {
    const conditional = Object.keys(exchange.request.headers).some((h) =>
      /^if-(none-match|modified-since)$/i.test(h),
    );
    if (!conditional)
      violations.push({
        location: "status",
        pointer: "",
        message:
          "status 304 answers only a conditional request (If-None-Match or If-Modified-Since), and this request has no condition",
        schemaPath: "",
        actual: 304,
      });
    return violations;
  }
  const headerOnly = validator
    .checkResponse({
      ...exchange.response,
      method: exchange.request.method,
      url: exchange.request.url,
      body: {},
    })
    .filter((v) => v.location !== "body");
  return [...violations, ...headerOnly];
}

/** Limits on what one file may make the checker do. */
export interface CheckOptions extends ParseOptions {
  /** The largest file read, in bytes (default 256 MiB). */
  maxFileBytes?: number;
  /** Whether to report drift (default true): what the recordings hold that the spec does not declare. */
  drift?: boolean;
}

/** Checks a recording's text; never throws. */
export function checkText(
  validator: SpecValidator,
  file: string,
  text: string,
  options: CheckOptions = {},
): FileResult {
  try {
    return checkParsed(validator, file, text, options);
  } catch (error) {
    // A recording is untrusted input and the verdict on the other files must not be lost to it:
    // a failure of the checker itself is reported against this file (the tests hold this unused).
    return fileFailure(
      file,
      `${CHECKER_FAILURE} (${(error as Error)?.message ?? String(error)}); please report it`,
    );
  }
}

/**
 * The result for a file that could not be checked at all (unreadable, not a recording, a folder
 * that cannot be listed): one file-level violation saying why.
 */
export function fileFailure(file: string, message: string, warnings: string[] = []): FileResult {
  return {
    file,
    ok: false,
    exchanges: 0,
    skipped: [],
    drift: [],
    violations: [{ location: "file", pointer: "", message, schemaPath: "" }],
    warnings,
  };
}

/** How a violation begins when the checker itself failed on a file (a bug, never a verdict). */
export const CHECKER_FAILURE = "the checker failed on this file";

const warningOf = (f: SecretFinding) => `${f.hint}: remove credentials from recordings`;

function checkParsed(
  validator: SpecValidator,
  file: string,
  text: string,
  options: CheckOptions,
): FileResult {
  const parsed = parseRecording(text, options);
  if (!parsed.ok) return fileFailure(file, parsed.message, findCredentials(text).map(warningOf));
  const { checked, skipped, violations } = validate(validator, parsed);
  const drift = options.drift === false ? undefined : driftOf(validator.drift, checked);
  return {
    file,
    ok: violations.length === 0,
    kind: parsed.kind,
    exchanges: checked.length,
    skipped,
    violations,
    warnings: findCredentials(parsed.value).map(warningOf),
    ...(parsed.provenance ? { provenance: parsed.provenance } : {}),
    drift: drift?.drift ?? [],
    seen: {
      ...tallyCoverage(validator, checked),
      properties: drift?.properties ?? new Set(),
      types: drift?.types ?? new Set(),
    },
  };
}

/**
 * The validation pass: every exchange of a parsed recording against the spec, but the HAR entries
 * that are not the API's (skipped, with the reason), with each checked exchange's parsed body.
 */
export function validate(
  validator: SpecValidator,
  parsed: Extract<ParsedRecording, { ok: true }>,
): { checked: CheckedExchange[]; skipped: SkippedEntry[]; violations: Violation[] } {
  const checked: CheckedExchange[] = [];
  const skipped: SkippedEntry[] = [];
  const violations: Violation[] = [];
  for (const recorded of parsed.exchanges) {
    const reason = parsed.kind === "har" ? skipReason(validator, recorded) : undefined;
    if (reason) {
      skipped.push(reason);
      continue;
    }
    const context = recorded.bodyProblem === undefined ? {} : { bodyProblem: recorded.bodyProblem };
    const one = checkOne(validator, recorded.exchange, recorded.entry, context);
    violations.push(...one.violations);
    checked.push({
      exchange: recorded.exchange,
      ...(recorded.entry === undefined ? {} : { entry: recorded.entry }),
      body: one.body,
    });
  }
  return { checked, skipped, violations };
}

// A browser's HAR holds the page, its scripts, the sign-in and the CORS preflights beside the
// API's calls: those, and entries the capture did not complete, are counted apart, not checked.
function skipReason(validator: SpecValidator, recorded: RecordedExchange): SkippedEntry | undefined {
  const { request, response } = recorded.exchange;
  const base = {
    index: recorded.entry ?? 0,
    method: request.method,
    url: urlShown(request.url),
  };
  if (recorded.gap?.reason === "aborted") return { ...base, reason: "aborted", detail: recorded.gap.detail };
  const known = validator.hasOperation(request.method, request.url);
  if (!known && request.method.toUpperCase() === "OPTIONS") return { ...base, reason: "preflight" };
  if (!known) return { ...base, reason: "not-in-spec" };
  if (recorded.gap && response.status !== 204 && response.status !== 304)
    return { ...base, reason: recorded.gap.reason, detail: recorded.gap.detail };
  return undefined;
}

// A skipped entry's URL as a report shows it: its origin and path (its query or user info may
// hold a credential, which the credential pass reports).
function urlShown(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`.slice(0, 200);
  } catch {
    return (url.split(/[?#]/, 1)[0] ?? "").slice(0, 200);
  }
}

/** The largest recording file read by default (256 MiB; V8's longest string is about 512 MiB). */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads and checks one file; an unreadable file is a violation in the result, not an exception.
 * Only a regular file is read (a FIFO would block forever, `/dev/zero` never ends), and only up to
 * `maxFileBytes`.
 */
export function checkFileSync(
  validator: SpecValidator,
  file: string,
  options: CheckOptions = {},
): FileResult {
  const read = readRecordingFile(file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  if (!read.ok) return fileFailure(file, read.message);
  return checkText(validator, file, read.text, options);
}

/** `checkFileSync` behind a promise, for callers that check files among other async work. */
export async function checkFile(
  validator: SpecValidator,
  file: string,
  options: CheckOptions = {},
): Promise<FileResult> {
  return checkFileSync(validator, file, options);
}

export { collectFiles, RECORDING_EXTENSIONS } from "./collect-files.js";
