/**
 * The header rules of the recordings' normal form (written down in test/recordings/README.md), in
 * one place for both writers of recordings: `pc-customers record` and
 * scripts/normalise-recordings.ts.
 */

/** What a removed credential is replaced with. */
export const REDACTED = "[REDACTED]";

/** Headers whose value is a credential: replaced by `[REDACTED]` (see `redactedHeaderValue`). */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "ocp-apim-subscription-key",
]);

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

/**
 * The recorded value of a `SECRET_HEADERS` header: `Bearer [REDACTED]` for an Authorization-like
 * header (the scheme says what kind of credential was there), `[REDACTED]` otherwise.
 */
export function redactedHeaderValue(name: string, value: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value.trim())?.[1];
  return (name === "authorization" || name === "proxy-authorization") && scheme
    ? `${scheme} ${REDACTED}`
    : REDACTED;
}
