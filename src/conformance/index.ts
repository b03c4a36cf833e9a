// The conformance entry (`partner-center-customers/conformance`): spec loading, the compiled
// validator and the recording formats. Apps that only call the API import the client entry
// instead, which never loads Ajv, YAML or Prism.
export {
  checkExchange,
  checkFile,
  checkFileSync,
  checkText,
  collectFiles,
  type FileResult,
  RECORDING_EXTENSIONS,
} from "./check.js";
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
  EMBEDDED_SPEC_RELATIVE,
  embeddedSpecPath,
  loadSpec,
  type OpenApiDocument,
  resolveRef,
  SpecLoadError,
} from "./spec.js";
export { type OperationSummary, pathOf, type ResponseToCheck, SpecValidator, valueAt } from "./validator.js";
export { preview, type Violation, type ViolationLocation } from "./violation.js";
