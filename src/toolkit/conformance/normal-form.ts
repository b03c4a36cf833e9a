/**
 * The header rules of the recordings' normal form (written down in test/recordings/README.md), in
 * one place for both writers of recordings: `pc-customers record` and
 * scripts/normalise-recordings.ts.
 */

// Which headers are credentials and what a recording keeps of them: the client's redaction core.
export { REDACTED, redactedHeaderValue, SECRET_HEADERS } from "partner-center-customers/redact";

/** Headers about one connection, not about the exchange: dropped. */
export const TRANSPORT_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "host",
  "te",
  "upgrade",
  "transfer-encoding",
  "accept-encoding",
  "content-encoding",
]);

/** `content-length` is volatile (bodies are re-indented): dropped, except in verbatim copies. */
export const LENGTH_HEADER = "content-length";

/** The Partner Center ids, GUIDs written in lower case. */
export const ID_HEADERS: ReadonlySet<string> = new Set(["ms-requestid", "ms-correlationid"]);
