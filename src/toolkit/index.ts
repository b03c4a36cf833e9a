/**
 * pc-customers: conformance checks for the Partner Center `GET /v1/customers` API, as a library
 * (the `pc-customers` command is its other face). This list is the public surface the toolkit's
 * README documents, nothing more: the rest of the package may change without notice.
 *
 * Every function checks its arguments: a wrong type, or two arguments swapped, is a `TypeError`
 * that names the argument and shows the right call (a promise-returning function rejects with it).
 */
import {
  CHECK_REPORT_ARGUMENT,
  CONFORMANCE_REPORT_ARGUMENT,
  checkArguments,
  DOCUMENT_ARGUMENT,
  ENTRY_ARGUMENT,
  EXCHANGE_ARGUMENT,
  guarded,
  objectArgument,
  PATHS_ARGUMENT,
  STYLE_ARGUMENT,
  stringArgument,
  TIMESTAMP_ARGUMENT,
  VALIDATOR_ARGUMENT,
} from "./conformance/arguments.js";
import * as checks from "./conformance/check.js";
import * as normalise from "./conformance/normalise.js";
import * as recording from "./conformance/recording.js";
import * as json from "./conformance/report-json.js";
import * as junit from "./conformance/report-junit.js";
import * as pretty from "./conformance/report-pretty.js";
import * as secrets from "./conformance/secrets.js";
import type { OpenApiDocument } from "./conformance/spec.js";
import * as spec from "./conformance/spec.js";
import type { RequestToCheck, ResponseToCheck } from "./conformance/validator.js";
import * as validator from "./conformance/validator.js";
import type { Violation } from "./conformance/violation.js";
import * as listingDiff from "./listing/diff-customers.js";
import * as readListing from "./listing/read-listing.js";

export type { EmbeddedAssets } from "./conformance/assets.js";
export type { FileResult } from "./conformance/check.js";
export type { Normalised } from "./conformance/normalise.js";
export type {
  Exchange,
  ExpectedViolation,
  ParsedRecording,
  Provenance,
  RecordedExchange,
  RecordingKind,
} from "./conformance/recording.js";
export type {
  CheckReport,
  CheckSummary,
  ConformanceReport,
  ConformanceStep,
  Verdict,
} from "./conformance/report.js";
export type { Style } from "./conformance/report-pretty.js";
export type { SecretFinding } from "./conformance/secrets.js";
export type { OpenApiDocument } from "./conformance/spec.js";
export type { OperationSummary, RequestToCheck, ResponseToCheck } from "./conformance/validator.js";
export type { Violation, ViolationLocation } from "./conformance/violation.js";

const FILE = stringArgument("file", "the path of a recording file");
const TEXT = stringArgument("text", `the file's text, such as readFileSync(file, "utf8")`);

// ---------------------------------------------------------------------------------------------
// The validator

// Neither takes arguments to check: re-exported as they are.
export { embeddedAssets } from "./conformance/assets.js";
export { SpecLoadError } from "./conformance/spec.js";

/**
 * Reads and parses an OpenAPI 3.1 document (YAML or JSON); the embedded spec when `file` is left
 * out. Throws a `SpecLoadError` that says why when the file cannot be read or is not OpenAPI 3.1.
 */
export const loadSpec: (file?: string) => OpenApiDocument = guarded(
  "loadSpec(file)",
  [stringArgument("file", "the path of an OpenAPI 3.1 file; leave it out for the embedded spec", true)],
  spec.loadSpec,
);

/** Resolves a local JSON reference (`#/components/...`) in `doc`, following chains of `$ref`. */
export function resolveRef<T = unknown>(doc: OpenApiDocument, value: unknown): T {
  checkArguments(
    "resolveRef(doc, value)",
    [
      { ...DOCUMENT_ARGUMENT, name: "doc" },
      { name: "value", expected: "a value", test: () => true },
    ],
    [doc, value],
  );
  return spec.resolveRef<T>(doc, value);
}

/**
 * Checks requests and responses against an OpenAPI 3.1 document with Ajv (JSON Schema 2020-12,
 * every format, every error); each schema is compiled once, when the validator is built.
 */
export class SpecValidator extends validator.SpecValidator {
  /** Compiles `document` (from `loadSpec(file)`); a schema Ajv cannot compile throws. */
  constructor(document: OpenApiDocument) {
    checkArguments("new SpecValidator(document)", [DOCUMENT_ARGUMENT], [document]);
    super(document);
  }

  /** Checks one response; an empty array means it conforms. */
  override checkResponse(response: ResponseToCheck): Violation[] {
    checkArguments(
      "validator.checkResponse({ method, url, status, headers, body })",
      [objectArgument("response", "a response object { method, url, status }", ["method", "url", "status"])],
      [response],
    );
    return super.checkResponse(response);
  }

  /** Checks a request's query parameters and headers against its operation's parameters. */
  override checkRequest(request: RequestToCheck): Violation[] {
    checkArguments(
      "validator.checkRequest({ method, url, headers })",
      [objectArgument("request", "a request object { method, url }", ["method", "url"])],
      [request],
    );
    return super.checkRequest(request);
  }

  /** Whether the spec has an operation for `method url` (host and query ignored). */
  override hasOperation(method: string, url: string): boolean {
    checkArguments(
      "validator.hasOperation(method, url)",
      [stringArgument("method", "an HTTP method such as GET"), stringArgument("url", "a URL or a path")],
      [method, url],
    );
    return super.hasOperation(method, url);
  }
}

// ---------------------------------------------------------------------------------------------
// The checks

/** Reads and checks one recording file; an unreadable or malformed file is a violation in the result. */
export const checkFile = guarded(
  "checkFile(validator, file)",
  [VALIDATOR_ARGUMENT, FILE],
  checks.checkFile,
  true,
);

/** `checkFile` without the promise: checking is CPU-bound, so a loop over files is fastest with this. */
export const checkFileSync = guarded(
  "checkFileSync(validator, file)",
  [VALIDATOR_ARGUMENT, FILE],
  checks.checkFileSync,
);

/** Checks a recording's text; `file` is only the name the result carries. Never throws on bad text. */
export const checkText = guarded(
  "checkText(validator, file, text)",
  [VALIDATOR_ARGUMENT, stringArgument("file", "the name the result carries"), TEXT],
  checks.checkText,
);

/** Checks one recorded exchange, its request's parameters and its response, against the spec. */
export const checkExchange = guarded(
  "checkExchange(validator, exchange, entry)",
  [VALIDATOR_ARGUMENT, EXCHANGE_ARGUMENT, ENTRY_ARGUMENT],
  checks.checkExchange,
);

/**
 * Expands files and directories into the recording files to check, in a stable order: directories
 * are walked for `.json` and `.har` files; a path named directly is always kept.
 */
export const collectFiles = guarded("collectFiles([path, ...])", [PATHS_ARGUMENT], checks.collectFiles, true);

// ---------------------------------------------------------------------------------------------
// The reporters

/** Colours for the pretty reporters when `enabled`, plain text otherwise. */
export const style = guarded(
  "style(enabled)",
  [{ name: "enabled", expected: "a boolean", test: (v) => typeof v === "boolean" }],
  pretty.style,
);

/** A check report for people: one line per file, its violations below it, then a summary. */
export const prettyCheckReport = guarded(
  "prettyCheckReport(report, style)",
  [CHECK_REPORT_ARGUMENT, STYLE_ARGUMENT],
  pretty.prettyCheckReport,
);

/** A check report as JSON: `{ ok, spec, durationMs, summary, files }`. */
export const jsonCheckReport = guarded(
  "jsonCheckReport(report)",
  [CHECK_REPORT_ARGUMENT],
  json.jsonCheckReport,
);

/** A check report as JUnit XML: one test case per file. */
export const junitCheckReport = guarded(
  "junitCheckReport(report, timestamp)",
  [CHECK_REPORT_ARGUMENT, TIMESTAMP_ARGUMENT],
  junit.junitCheckReport,
);

/** A conformance report for people: the table of steps, what failed, and the verdict. */
export const prettyConformanceReport = guarded(
  "prettyConformanceReport(report, style)",
  [CONFORMANCE_REPORT_ARGUMENT, STYLE_ARGUMENT],
  pretty.prettyConformanceReport,
);

/** A conformance report as JSON: `{ ok, spec, target, durationMs, steps }`. */
export const jsonConformanceReport = guarded(
  "jsonConformanceReport(report)",
  [CONFORMANCE_REPORT_ARGUMENT],
  json.jsonConformanceReport,
);

/** A conformance report as JUnit XML: one test case per step (a skipped step is `<skipped>`). */
export const junitConformanceReport = guarded(
  "junitConformanceReport(report, timestamp)",
  [CONFORMANCE_REPORT_ARGUMENT, TIMESTAMP_ARGUMENT],
  junit.junitConformanceReport,
);

// ---------------------------------------------------------------------------------------------
// The recording formats

/** Reads a recording's text as a response body, an exchange or a HAR log; never throws on bad text. */
export const parseRecording = guarded("parseRecording(text)", [TEXT], recording.parseRecording);

/** An exchange's response body as JSON: `body`, or `bodyText` parsed. */
export const responseBody = guarded("responseBody(exchange)", [EXCHANGE_ARGUMENT], recording.responseBody);

/** The normal form of a recording's text (sorted, secrets redacted); never throws on bad text. */
export const normaliseText = guarded(
  "normaliseText(text, file)",
  [TEXT, stringArgument("file", "the file's name: a *.raw.json file keeps its headers as printed")],
  normalise.normaliseText,
);

/** Where a text holds something credential-shaped (JWTs, Bearer and Basic credentials, SAS signatures, secret keys). */
export const findSecrets = guarded("findSecrets(text)", [TEXT], secrets.findSecrets);

// ---------------------------------------------------------------------------------------------
// Listings: what changed between two of them

export type {
  ChangedCustomer,
  CustomerDiff,
  CustomerSource,
  DiffOptions,
  FieldChange,
} from "./listing/diff-customers.js";
export { ListingItemError } from "./listing/diff-customers.js";
export type { ListingFile, ListingFormat, ListingLimits } from "./listing/read-listing.js";
export { ListingFileError } from "./listing/read-listing.js";

const isIterable = (v: unknown): boolean =>
  typeof v === "object" &&
  v !== null &&
  (typeof (v as Iterable<unknown>)[Symbol.iterator] === "function" ||
    typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function");
const LISTING = (name: string) => ({
  name,
  expected:
    "an iterable or async iterable of customers (an array, client.customers.list(), or openListing(file))",
  test: isIterable,
});

/**
 * Compares two listings of customers by id: `{ added, removed, changed, unchanged }`, each change
 * a field path (`companyProfile.companyName`) with its value before and after. Either listing may
 * be an array, an iterable or an async iterable: a file read with `openListing(file)`, rows of a
 * database mapped to customers, or `client.customers.list()` itself. The listing named by
 * `options.index` (default `old`) is held in memory by id while the other is streamed past it:
 * give it the smaller one. Rejects with a `ListingItemError` (the listing and the item's position)
 * for an item that is not a customer or an id that appears twice.
 *
 * @example
 * const diff = await diffCustomers(await openListing("yesterday.ndjson"), client.customers.list());
 * console.log(diff.added.length, "new customers");
 */
export const diffCustomers = guarded(
  "diffCustomers(oldCustomers, newCustomers, { index })",
  [
    LISTING("oldCustomers"),
    LISTING("newCustomers"),
    objectArgument("options", "an object such as { index: 'new' }", [], true),
  ],
  listingDiff.diffCustomers,
  true,
);

/**
 * Opens a listing saved by `pc-customers list` (NDJSON, JSON or CSV, told apart by its first
 * character) as an async iterable of customers, read line by line. Only a regular file is read (a
 * FIFO is refused, never waited on), up to `limits`; rejects with a `ListingFileError` naming the
 * file and the line for anything that is not a listing (iterating throws it for a bad line).
 */
export const openListing = guarded(
  "openListing(file, limits)",
  [FILE, objectArgument("limits", "an object such as { maxBytes: 1e9 }", [], true)],
  readListing.openListing,
  true,
);

// ---------------------------------------------------------------------------------------------
// The mock

export {
  type Fault,
  FaultSyntaxError,
  type MockOptions,
  type MockRequestRecord,
  type MockServer,
  startMock,
} from "./mock/index.js";
