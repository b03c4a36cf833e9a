// The conformance library: spec loading, the compiled validator, the recording formats, the checks
// and the reports. Pure library: no terminal, no processes.

export { type EmbeddedAssets, embeddedAssets } from "./assets.js";
export { stripBom } from "./bom.js";
export {
  checkExchange,
  checkFile,
  checkFileSync,
  checkText,
  collectFiles,
  type FileResult,
  RECORDING_EXTENSIONS,
} from "./check.js";
export { escapePointer, pointerOf, unescapePointer } from "./json-pointer.js";
export {
  BARE_BODY_REQUEST,
  type Exchange,
  type ExpectedViolation,
  type ParsedRecording,
  type Provenance,
  parseRecording,
  type RecordedExchange,
  type RecordingKind,
  responseBody,
} from "./recording.js";
export { findSecrets, redactTokens, type SecretFinding } from "./secrets.js";
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
