// The conformance library: spec loading, the compiled validator, the recording formats, the checks
// and the reports. Pure library: no terminal, no processes.

export { type EmbeddedAssets, embeddedAssets } from "./assets.js";
export { stripBom } from "./bom.js";
export {
  type CheckedExchange,
  type CheckOptions,
  checkExchange,
  checkFile,
  checkFileSync,
  checkText,
  collectFiles,
  DEFAULT_MAX_FILE_BYTES,
  type ExchangeContext,
  type FileResult,
  RECORDING_EXTENSIONS,
  SKIP_REASON_WORDS,
  type SkippedEntry,
  type SkipReason,
  validate,
} from "./check.js";
export {
  type CollectedFiles,
  type CollectedPath,
  collectRecordings,
  isGlob,
} from "./collect-files.js";
export {
  addSeen,
  type Coverage,
  type CoverageRow,
  coverageOf,
  emptySeen,
  type Seen,
  tallyCoverage,
} from "./coverage.js";
export { type CredentialKind, findCredentials, findSecrets, type SecretFinding } from "./credentials.js";
export { DEFAULT_MAX_BODY_BYTES, type DecodedBody, decodeBody } from "./decode-body.js";
export { type Drift, type DriftKind, DriftModel, driftOf, type SeenProperties } from "./drift.js";
export { escapePointer, pointerOf, unescapePointer } from "./json-pointer.js";
export {
  BARE_BODY_REQUEST,
  type CaptureGap,
  type Exchange,
  type ExpectedViolation,
  type ParsedRecording,
  type ParseOptions,
  type Provenance,
  parseRecording,
  type RecordedExchange,
  type RecordingKind,
  responseBody,
} from "./recording.js";
export {
  embeddedSpecPath,
  loadSpec,
  type OpenApiDocument,
  resolveRef,
  SpecLoadError,
} from "./spec.js";
export {
  type OperationSummary,
  pathOf,
  type RequestToCheck,
  type ResponseToCheck,
  SpecValidator,
  valueAt,
} from "./validator.js";
export { preview, type Violation, type ViolationLocation } from "./violation.js";
