/**
 * pc-customers: conformance checks for the Partner Center `GET /v1/customers` API, as a library
 * (the `pc-customers` command is its other face). This list is the public surface the toolkit's
 * README documents, nothing more: the rest of the package may change without notice.
 *
 * The types say what each function takes; checks are made where data comes in (a file that
 * cannot be read or parsed, a spec that is not OpenAPI 3.1), not on every argument.
 */

export type { EmbeddedAssets } from "./conformance/assets.js";
export { embeddedAssets } from "./conformance/assets.js";
export type { CheckedExchange, FileResult } from "./conformance/check.js";
// The checks: a file's result sums four passes (validation, drift, coverage, credentials), each
// also exported on its own; the JSDoc of each is in its module.
export {
  checkExchange,
  checkFile,
  checkFileSync,
  checkText,
  collectFiles,
  validate,
} from "./conformance/check.js";
export type { Coverage, Seen } from "./conformance/coverage.js";
export { addSeen, coverageOf, emptySeen, tallyCoverage } from "./conformance/coverage.js";
export type { CredentialKind, SecretFinding } from "./conformance/credentials.js";
export { findCredentials, findSecrets } from "./conformance/credentials.js";
export type { Drift } from "./conformance/drift.js";
export { driftOf } from "./conformance/drift.js";
export type { Normalised } from "./conformance/normalise.js";
export { normaliseText } from "./conformance/normalise.js";
export type {
  Exchange,
  ExpectedViolation,
  ParsedRecording,
  Provenance,
  RecordedExchange,
  RecordingKind,
} from "./conformance/recording.js";
export { parseRecording, responseBody } from "./conformance/recording.js";
export type {
  CheckReport,
  CheckSummary,
  ConformanceReport,
  ConformanceStep,
  Verdict,
} from "./conformance/report.js";
export { jsonCheckReport, jsonConformanceReport } from "./conformance/report-json.js";
export { junitCheckReport, junitConformanceReport } from "./conformance/report-junit.js";
export type { Style } from "./conformance/report-pretty.js";
export { prettyCheckReport, prettyConformanceReport, style } from "./conformance/report-pretty.js";
export type { OpenApiDocument } from "./conformance/spec.js";
export { loadSpec, resolveRef, SpecLoadError } from "./conformance/spec.js";
export type { OperationSummary, RequestToCheck, ResponseToCheck } from "./conformance/validator.js";
export { SpecValidator } from "./conformance/validator.js";
export type { Violation, ViolationLocation } from "./conformance/violation.js";

// Listings: what changed between two of them
export type {
  ChangedCustomer,
  CustomerDiff,
  CustomerSource,
  DiffOptions,
  FieldChange,
} from "./listing/diff-customers.js";
export { diffCustomers, ListingItemError } from "./listing/diff-customers.js";
export type { ListingFile, ListingFormat, ListingLimits } from "./listing/read-listing.js";
export { ListingFileError, openListing } from "./listing/read-listing.js";

// The mock
export {
  type Fault,
  FaultSyntaxError,
  type MockOptions,
  type MockRequestRecord,
  type MockServer,
  startMock,
} from "./mock/index.js";
