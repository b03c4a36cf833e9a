/**
 * The secret-shape scan of the redaction core as it was before its speed-up (commit 4b0fe7d,
 * src/client/security/redact.ts), kept verbatim as the reference a property test compares the
 * optimised `findSecretShapes` with: same text in, same findings out. One change since: its
 * shortcut for a text without `=` or `:` also skipped Bearer and Basic credentials (a bug the
 * mutation tests found), so it is gone here as in the core.
 */
import {
  isSecretHeader,
  isSecretKey,
  SECRET_HEADERS,
  type SecretShape,
} from "partner-center-customers/redact";

const B64URL = "[A-Za-z0-9_-]";
// Compact JWS (3 segments) and JWE (5 segments, some of them possibly empty): the first segment
// is a base64url JSON header, so it starts with "ey" (`{"`) or "ew" (`{` and white space).
const JOSE = new RegExp(
  `\\be[wy]${B64URL}{6,}(?:\\.${B64URL}*){4}(?!${B64URL}|\\.)|\\be[wy]${B64URL}{6,}\\.${B64URL}{8,}\\.${B64URL}*`,
  "g",
);
// RFC 6750's b64token and RFC 7617's base64 credentials, not a placeholder such as <token>, nor
// a word of prose ("a bearer credential", "Basic authentication": one capital at most, then lower
// case; a credential has digits, symbols or inner capitals).
// The regexes are case-sensitive for PROSE_WORD's sake: the scheme's name matches in any case.
function anyCase(word: string): string {
  return [...word].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join("");
}
const PROSE_WORD = "[A-Za-z][a-z]*(?![A-Za-z0-9\\-._~+/=])";
const BEARER = new RegExp(
  `\\b${anyCase("Bearer")}\\s+(?![<[*]|${anyCase("REDACTED")}|${PROSE_WORD})([A-Za-z0-9\\-._~+/]{8,}=*)`,
  "g",
);
const BASIC = new RegExp(
  `\\b${anyCase("Basic")}\\s+(?![<[*]|${anyCase("REDACTED")}|${PROSE_WORD})([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])`,
  "g",
);
// A shared access signature's `sig=` (Azure Storage, Service Bus), in a URL or a connection string.
const SAS = /\bsig=(?!\[REDACTED\]|REDACTED)([^&\s"'<>;]+)/gi;
// key=value (a query or form body), "key": "value" (JSON text), and a header as a pair (a next
// link's `{"key": …, "value": …}`, a HAR entry's `{"name": …, "value": …}`) for the secret keys
// and headers. Separate patterns: a JSON string's value is scanned for key=value pairs too.
const QUERY_VALUE = /(?<=[?&;\s"']|^)([A-Za-z][A-Za-z0-9_-]*)=(?!\[REDACTED\])([^&\s"'<>;]+)/g;
const JSON_VALUE = /"([A-Za-z][A-Za-z0-9_-]*)"\s*:\s*"(?!\[REDACTED\])((?:[^"\\]|\\.)+)"/g;
const PAIR_VALUE =
  /"(?:key|name)"\s*:\s*"([A-Za-z][A-Za-z0-9_-]*)"\s*,\s*"value"\s*:\s*"(?!\[REDACTED\])((?:[^"\\]|\\.)+)"/g;

// `Name: value` as a header line, at the start of a line or of an element (an error page or a
// log echoing the request); JSON and query spellings of headers are the patterns above. The value runs
// to the end of the line or of the element.
const HEADER_LINE = new RegExp(
  `(?<=(?:^|[\\r\\n>])[ \\t]*)(${[...SECRET_HEADERS].join("|")})[ \\t]*:[ \\t]*([^\\r\\n<>"]*[^\\s<>"])`,
  "gi",
);

// A value that already says it was removed, or a documentation placeholder.
// A scheme's name alone is no credential either: it is what is left of "Bearer <token>" once a
// header line's value stops at the "<".
const PLACEHOLDER = /^(?:[A-Za-z]+\s+)?(?:\[REDACTED\]|REDACTED|<[^>]*>|\*+|\.\.\.)$|^(?:bearer|basic)$/i;

function joseHeaderOk(segment: string): boolean {
  try {
    const b64 = segment.replace(/-/g, "+").replace(/_/g, "/");
    const text = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    return /^\s*\{/.test(text) && /"(alg|enc|typ|kid)"/.test(text);
  } catch {
    return false;
  }
}

/**
 * Finds credential-shaped text that is not a known secret: JWTs and JWEs (the first segment must
 * decode to a JOSE header, so a domain name with dots is never one), Bearer and Basic credentials,
 * SAS signatures, and values of secret keys and headers (`refresh_token=…`, `"client_secret": "…"`,
 * `"cookie": "…"`) that are not already a placeholder such as `[REDACTED]`. The
 * result gives where each value starts, never the value.
 */
export function referenceFindSecretShapes(text: string): SecretShape[] {
  const found: SecretShape[] = [];
  if (text.includes("e")) {
    for (const m of text.matchAll(JOSE)) {
      const segments = m[0].split(".");
      if (!joseHeaderOk(segments[0] ?? "")) continue;
      found.push({ kind: segments.length === 5 ? "jwe" : "jwt", index: m.index, length: m[0].length });
    }
  }
  for (const [pattern, kind] of [
    [BEARER, "bearer"],
    [BASIC, "basic"],
    [SAS, "sas"],
  ] as const) {
    for (const m of text.matchAll(pattern)) {
      const value = m[1] ?? "";
      found.push({ kind, index: m.index + m[0].length - value.length, length: value.length });
    }
  }
  for (const [pattern, quoted] of [
    [QUERY_VALUE, 0],
    [JSON_VALUE, 1],
    [PAIR_VALUE, 1],
  ] as const) {
    for (const m of text.matchAll(pattern)) {
      const key = m[1] ?? "";
      const value = m[2] ?? "";
      if (
        !(isSecretKey(key) || isSecretHeader(key)) ||
        key.toLowerCase() === "sig" ||
        PLACEHOLDER.test(value)
      )
        continue;
      const index = m.index + m[0].length - value.length - quoted;
      // A header or key whose value is itself a credential shape is reported once, as that shape.
      if (found.some((f) => f.index < index + value.length && index < f.index + f.length)) continue;
      const scheme = /^(bearer|basic)\s/i.exec(value)?.[1]?.toLowerCase() as "bearer" | "basic" | undefined;
      found.push({
        kind: scheme ?? (isSecretKey(key) ? "secret-key" : "secret-header"),
        index,
        length: value.length,
      });
    }
  }
  for (const m of text.matchAll(HEADER_LINE)) {
    const value = m[2] ?? "";
    const index = m.index + m[0].length - value.length;
    if (
      PLACEHOLDER.test(value) ||
      found.some((f) => f.index < index + value.length && index < f.index + f.length)
    )
      continue;
    found.push({ kind: "secret-header", index, length: value.length });
  }
  return found.sort((a, b) => a.index - b.index);
}
