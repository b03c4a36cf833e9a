/**
 * The one place that knows what a secret looks like and how to remove it: the access token in
 * every spelling a text can hold it in, the credential headers and body keys, and the shapes of
 * credentials that are not the configured token (JWT, JWE, Bearer, Basic, SAS signatures). The
 * client, the toolkit's recorder, checker, reports and CLI output all call this module
 * (`partner-center-customers/redact`); none of them keeps a pattern of its own.
 *
 * Everything here is plain ECMAScript (no Node built-ins), like the rest of the client.
 */

import { REDACTED } from "./redact-token.js";

// The subpath `partner-center-customers/redact`: the exact-token redaction everything new uses.
export { REDACTED, redactToken } from "./redact-token.js";

/** Headers whose value is a credential (lower-case names). */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "ocp-apim-subscription-key",
  "x-api-key",
  "api-key",
  "x-auth-token",
  "x-access-token",
  "x-functions-key",
  "x-ms-token-aad-access-token",
  "x-ms-token-aad-refresh-token",
  "x-ms-token-aad-id-token",
]);

// Body and form keys that hold a credential, compared without case, `_` or `-`
// (`client_secret`, `clientSecret` and `Client-Secret` are one key).
const SECRET_KEYS: ReadonlySet<string> = new Set([
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "clientsecret",
  "clientassertion",
  "assertion",
  "password",
  "passwd",
  "apikey",
  "secret",
  "sig",
  "subscriptionkey",
]);

/** Whether `name` is a credential header (any case). */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** Whether a body, form or query key holds a credential (`refresh_token`, `client_secret`, `password`…). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ""));
}

/**
 * The value a recording keeps for a credential header: `Bearer [REDACTED]` for an
 * Authorization-like header (the scheme says what kind of credential was there), `[REDACTED]`
 * otherwise.
 */
export function redactedHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value.trim())?.[1];
  return (lower === "authorization" || lower === "proxy-authorization") && scheme
    ? `${scheme} ${REDACTED}`
    : REDACTED;
}

/** Replaces every occurrence of `secret` in `text`. */
export function redact(text: string, secret: string): string {
  return secret && text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}

/**
 * The spellings of `secret` a text may hold: as it is, as JSON writes it inside a string (`"` and
 * `\` escaped, `/` optionally as `\/`), as `util.inspect` shows it inside a quoted string (`\`
 * doubled, maybe `\'`), percent-encoded as a URL or a form writes it (`%2F` or `%2f`, a form's
 * `+` for a space), and as HTML or XML escape it (`&amp;`, `&lt;`, `&quot;`). Longest first, so
 * that the secret's own characters never break up an escaped form of it.
 */
export function spellingsOf(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const inspected = secret.replace(/\\/g, "\\\\");
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
  return [
    ...new Set([
      escaped.replace(/\//g, "\\/"),
      escaped,
      inspected.replace(/'/g, "\\'"),
      inspected,
      uri,
      lowerHex(uri),
      form,
      lowerHex(form),
      markupEscaped(secret),
      markupEscaped(escaped),
      secret,
    ]),
  ].sort((a, b) => b.length - a.length);
}

function markupEscaped(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * A function that removes each of `secrets` from any text, in every spelling of `spellingsOf`, and
 * in a JSON text whatever escapes it uses (`\u0065yJ…`), by reading the JSON and writing it again
 * when a string in it holds a secret. Made once per set of secrets; empty secrets are ignored.
 */
export function redactor(...secrets: readonly string[]): (text: string) => string {
  // Stryker disable next-line MethodExpression,ConditionalExpression,EqualityOperator: redact() already leaves a text alone for an empty secret; the filter and Set only save work
  const kept = [...new Set(secrets.filter((s) => s.length > 0))];
  const forms = [...new Set(kept.flatMap(spellingsOf))].sort((a, b) => b.length - a.length);
  // Stryker disable next-line ConditionalExpression: without forms the function below also returns the text unchanged (no secret to find in JSON either)
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of forms) out = redact(out, form);
    // A backslash may hide a secret behind other escapes; only JSON can say.
    return out.includes("\\") ? redactJsonText(out, kept) : out;
  };
}

function redactJsonText(text: string, secrets: readonly string[]): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
    // Stryker disable next-line BlockStatement: without the return, value stays undefined, nothing is found, and the text is returned as it was
  } catch {
    return text;
  }
  let found = false;
  const clean = (node: string): string => {
    let out = node;
    for (const secret of secrets) out = redact(out, secret);
    if (out !== node) found = true;
    return out;
  };
  try {
    const cleaned = mapStrings(value, clean);
    return found ? JSON.stringify(cleaned) : text;
  } catch {
    // Nested too deep to walk: it cannot be shown to be free of the secret, so it is not shown.
    return "[a JSON body too deeply nested to check for secrets was removed]";
  }
}

/** `value` with `fn` applied to every string in it, keys included (JSON-like data only). */
function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === "string") return fn(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, fn));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // defineProperty: a "__proto__" key stays a plain property, as JSON.parse made it.
    Object.defineProperty(out, fn(key), {
      value: mapStrings(child, fn),
      enumerable: true,
      // Stryker disable next-line BooleanLiteral: this object is only passed to JSON.stringify, which ignores both
      writable: true,
      // Stryker disable next-line BooleanLiteral: as above
      configurable: true,
    });
  }
  return out;
}

const SHAPE_NAMES: Readonly<Record<SecretShape["kind"], string>> = {
  jwt: "JWT-shaped text",
  jwe: "JWE-shaped text",
  bearer: "a bearer credential",
  basic: "a Basic credential",
  sas: "a SAS signature",
  "secret-key": "the value of a secret key",
  "secret-header": "the value of a credential header",
};

/** What a shape is called in a message or a recording's notes (`JWT-shaped text`, `a SAS signature`). */
export function describeShape(kind: SecretShape["kind"]): string {
  return SHAPE_NAMES[kind];
}

/** A credential-shaped piece of text that is not known in advance. */
export interface SecretShape {
  /** What it looks like. */
  readonly kind: "jwt" | "jwe" | "bearer" | "basic" | "sas" | "secret-key" | "secret-header";
  /** Where it starts in the text, and its length (the part to replace). */
  readonly index: number;
  readonly length: number;
}

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
    // atob is forgiving: base64url leaves the padding out, and atob does not need it.
    const text = atob(b64);
    // Stryker disable next-line Regex: a segment JOSE matched starts with "ey" or "ew", which always decode to "{"
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
export function findSecretShapes(text: string): SecretShape[] {
  const found: SecretShape[] = [];
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut only: without an "e" the JOSE pattern cannot match
  if (text.includes("e")) {
    for (const m of text.matchAll(JOSE)) {
      const segments = m[0].split(".");
      // Stryker disable next-line StringLiteral: split always yields a first segment
      if (!joseHeaderOk(segments[0] ?? "")) continue;
      found.push({ kind: segments.length === 5 ? "jwe" : "jwt", index: m.index, length: m[0].length });
    }
  }
  // Bearer and Basic credentials stand on their own (a JSON string "Bearer eyJ…" that redactValue
  // scrubs by itself, a log line), so there is no shortcut for a text without = or :.
  // The patterns below are run only where they can start (see `anchors`), with the sticky copy of
  // each: the same matches as a scan of every position, at a fraction of the cost.
  const at = anchors(text);
  for (const [pattern, kind] of [
    [BEARER_AT, "bearer"],
    [BASIC_AT, "basic"],
    [SAS_AT, "sas"],
  ] as const) {
    for (const m of matchesAt(text, pattern, pattern === SAS_AT ? at.sas : at.scheme)) {
      // Stryker disable next-line StringLiteral: the value's group is not optional, so it always matched
      const value = m[1] ?? "";
      found.push({ kind, index: m.index + m[0].length - value.length, length: value.length });
    }
  }
  // JSON_VALUE matches every `"key": "string"`, and a match hides what it spans: only when some
  // secret key's pair would be reported is the text scanned as a whole, as before.
  const json = at.secretJson.some((start) => reportable(stickyAt(text, JSON_VALUE_AT, start)))
    ? text.matchAll(JSON_VALUE)
    : [];
  for (const [matches, quoted] of [
    [matchesAt(text, QUERY_VALUE_AT, at.query), 0],
    [json, 1],
    [matchesAt(text, PAIR_VALUE_AT, at.pair), 1],
  ] as const) {
    for (const m of matches) {
      // Stryker disable next-line StringLiteral: the key's group is not optional, so it always matched
      const key = m[1] ?? "";
      // Stryker disable next-line StringLiteral: as above, for the value's group
      const value = m[2] ?? "";
      if (!reportable(m)) continue;
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
  for (const m of matchesAt(text, HEADER_LINE_AT, at.header)) {
    // Stryker disable next-line StringLiteral: the value's group is not optional, so it always matched
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

// Whether a key=value match is one to report (before the overlap test): a secret key or header
// with a value that is not a placeholder.
function reportable(m: RegExpExecArray | RegExpMatchArray | null): boolean {
  // Stryker disable next-line BooleanLiteral: true only lets the whole-text JSON scan run where it was not needed; it finds the same
  if (m === null) return false;
  // Stryker disable next-line StringLiteral: the key's group is not optional, so it always matched
  const key = m[1] ?? "";
  return (
    (isSecretKey(key) || isSecretHeader(key)) &&
    // Stryker disable next-line ConditionalExpression,MethodExpression,StringLiteral: the SAS pattern has found every sig= value before, and a key's value that overlaps a find is skipped
    key.toLowerCase() !== "sig" &&
    // Stryker disable next-line StringLiteral: as above, for the value's group
    !PLACEHOLDER.test(m[2] ?? "")
  );
}

// Stryker disable next-line StringLiteral: a copy that keeps "g" beside the "y" still matches only at lastIndex ("y" itself is needed: the two-secrets test in redact-shapes-anchors fails without it)
const sticky = (pattern: RegExp) => new RegExp(pattern.source, pattern.flags.replace("g", "y"));
const BEARER_AT = sticky(BEARER);
const BASIC_AT = sticky(BASIC);
const SAS_AT = sticky(SAS);
const QUERY_VALUE_AT = sticky(QUERY_VALUE);
const JSON_VALUE_AT = sticky(JSON_VALUE);
const PAIR_VALUE_AT = sticky(PAIR_VALUE);
const HEADER_LINE_AT = sticky(HEADER_LINE);
const SCHEME_WORD = /b(?:earer|asic)/gi;

function stickyAt(text: string, pattern: RegExp, start: number): RegExpExecArray | null {
  pattern.lastIndex = start;
  return pattern.exec(text);
}

// What `text.matchAll(global)` yields, given `starts`, ascending, holding every position where
// the sticky `pattern` can match: the global scan tries each position from the last match's end
// on and takes the first that matches; no other position can. (No pattern here matches "".)
function* matchesAt(text: string, pattern: RegExp, starts: readonly number[]): Generator<RegExpExecArray> {
  let end = 0;
  for (const start of starts) {
    if (start < end) continue;
    const m = stickyAt(text, pattern, start);
    if (m) {
      end = m.index + m[0].length;
      yield m;
    }
  }
}

// The last two letters of each secret key and header, `-` and `_` left out ("en" for
// `access_token`): a JSON key ending otherwise cannot be one, and most keys are dismissed on that.
const SECRET_ENDINGS = new Set(
  // Stryker disable next-line StringLiteral: no secret key or header has a - or _ among its last two characters, so what replaces them never reaches the ending
  [...SECRET_KEYS, ...SECRET_HEADERS].map((word) => word.replace(/[-_]/g, "").slice(-2)),
);
const isKeyChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45;
// `\s` of a regular expression, by code unit.
const isSpace = (c: number) =>
  (c >= 9 && c <= 13) ||
  c === 32 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

function endsLikeSecret(text: string, start: number, end: number): boolean {
  let ending = "";
  for (let i = end - 1; i >= start && ending.length < 2; i--) {
    const c = text.charCodeAt(i);
    if (c !== 45 && c !== 95) ending = String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c) + ending;
  }
  return SECRET_ENDINGS.has(ending);
}

/**
 * Where each key-value pattern can start. Every match of JSON_VALUE, PAIR_VALUE and HEADER_LINE
 * holds a colon, and what stands before that colon fixes the one place the match can start: the
 * opening quote of the `"key"` before it (white space between), or the start of the header name
 * before it (spaces or tabs between). QUERY_VALUE and SAS hold an `=`, after the key. Bearer and
 * Basic start at the scheme's name. For JSON_VALUE only the secret keys' starts are kept.
 */
function anchors(text: string) {
  const header: number[] = [];
  const pair: number[] = [];
  const secretJson: number[] = [];
  for (let colon = text.indexOf(":"); colon !== -1; colon = text.indexOf(":", colon + 1)) {
    let j = colon - 1;
    while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
    let k = j;
    while (k >= 0 && isNameChar(text.charCodeAt(k))) k--;
    if (k < j && SECRET_HEADERS.has(text.slice(k + 1, j + 1).toLowerCase())) header.push(k + 1);
    while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
    if (j < 1 || text.charCodeAt(j) !== 34) continue;
    k = j - 1;
    while (k >= 0 && isKeyChar(text.charCodeAt(k))) k--;
    if (k < 0 || k === j - 1 || text.charCodeAt(k) !== 34) continue;
    const length = j - k - 1;
    if ((length === 3 && text.startsWith("key", k + 1)) || (length === 4 && text.startsWith("name", k + 1)))
      pair.push(k);
    if (endsLikeSecret(text, k + 1, j)) secretJson.push(k);
  }
  const query: number[] = [];
  const sas: number[] = [];
  for (let equals = text.indexOf("="); equals !== -1; equals = text.indexOf("=", equals + 1)) {
    let k = equals - 1;
    while (k >= 0 && isKeyChar(text.charCodeAt(k))) k--;
    if (k < equals - 1) query.push(k + 1);
    if (equals >= 3 && text.slice(equals - 3, equals).toLowerCase() === "sig") sas.push(equals - 3);
  }
  const scheme: number[] = [];
  for (const m of text.matchAll(SCHEME_WORD)) scheme.push(m.index);
  return { header, pair, secretJson, query, sas, scheme };
}

/** `text` with every credential shape of `findSecretShapes` replaced by `[REDACTED]`. */
export function redactShapes(text: string): string {
  const shapes = findSecretShapes(text);
  // Stryker disable next-line ConditionalExpression: a shortcut only: with no shapes the code below returns the text unchanged
  if (shapes.length === 0) return text;
  // Overlapping finds (a JWT after "Bearer ") and finds that touch are merged (findSecretShapes
  // returns them in order); replaced from the end so indexes hold.
  const spans = shapes.map((s) => [s.index, s.index + s.length] as [number, number]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  let out = text;
  for (const [start, end] of merged.reverse()) out = out.slice(0, start) + REDACTED + out.slice(end);
  return out;
}

/** What `scrubber` removes: known secrets (the token, earlier tokens) and, by default, every credential shape. */
export interface ScrubOptions {
  /** Values to remove wherever they appear, in every spelling (`spellingsOf`). */
  readonly secrets?: readonly string[];
  /** Also remove credential shapes (`findSecretShapes`); default `true`. */
  readonly shapes?: boolean;
}

/** A text scrubber: known secrets in every spelling, then credential shapes. */
export function scrubber(options: ScrubOptions = {}): (text: string) => string {
  // Stryker disable next-line ArrayDeclaration: a made-up secret that no text holds changes nothing
  const known = redactor(...(options.secrets ?? []));
  const shapes = options.shapes ?? true;
  return (text) => {
    const out = known(text);
    return shapes ? redactShapes(out) : out;
  };
}

/**
 * `value` (JSON-like data: what a report, a recording or a log line is made of) with every
 * secret removed before it is rendered: strings scrubbed, the values of secret keys and credential
 * headers replaced. Keys are scrubbed too (a server chooses them). Data nested deeper than 64
 * levels is replaced by a notice: it cannot be shown to be clean, so it is not shown.
 * `onKeyRemoved` hears the name of each secret key or header whose value was replaced (for a
 * recording's notes); a value that was already a placeholder is not reported.
 */
export function redactValue<T>(
  value: T,
  options: ScrubOptions | ((text: string) => string) = {},
  onKeyRemoved?: (key: string) => void,
): T {
  const scrub = typeof options === "function" ? options : scrubber(options);
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === "string") return scrub(node);
    if (typeof node !== "object" || node === null) return node;
    if (depth > 64) return "[data too deeply nested to check for secrets was removed]";
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    // A header as a pair: `{ key: "X-Auth-Token", value }` (a next link), `{ name, value }` (HAR).
    const record = node as Record<string, unknown>;
    const named = typeof record.key === "string" ? record.key : record.name;
    const pair =
      typeof named === "string" && (isSecretKey(named) || isSecretHeader(named)) ? named : undefined;
    for (const [key, child] of Object.entries(node)) {
      const pairValue = pair !== undefined && key === "value";
      const secretName = pairValue ? pair : key;
      const secret = pairValue || isSecretKey(key) || isSecretHeader(key);
      // A number is a credential too under a secret key (a numeric password or PIN).
      const clean =
        secret && typeof child === "string"
          ? isSecretHeader(secretName)
            ? redactedHeaderValue(secretName, child)
            : REDACTED
          : secret && (typeof child === "number" || typeof child === "bigint")
            ? REDACTED
            : walk(child, depth + 1);
      if (clean !== child && secret && typeof clean === "string" && !PLACEHOLDER.test(String(child)))
        onKeyRemoved?.(secretName);
      Object.defineProperty(out, scrub(key), {
        value: clean,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(value, 0) as T;
}

/**
 * Whether any text reachable from `value` (strings, keys, numbers and bigints as text, an error's
 * name, message, stack, `cause` and other own properties, enumerable or not) is changed by
 * `redact`. Cycles are followed once; a value nested deeper than `maxDepth`, or one that throws
 * when read, counts as holding a secret (it cannot be shown not to).
 */
export function holdsSecret(value: unknown, redactText: (text: string) => string, maxDepth = 16): boolean {
  const seen = new Set<object>();
  const dirty = (text: string) => redactText(text) !== text;
  const visit = (node: unknown, depth: number): boolean => {
    switch (typeof node) {
      // Stryker disable next-line ConditionalExpression: without this case a string falls through to the number case, String(node) is node
      case "string":
        return dirty(node);
      case "number":
      case "bigint":
        return dirty(String(node));
      case "object":
      case "function":
        break;
      default:
        return false;
    }
    if (node === null) return false;
    if (seen.has(node)) return false;
    if (depth > maxDepth) return true;
    seen.add(node);
    if (node instanceof Map) {
      for (const [k, v] of node) if (visit(k, depth + 1) || visit(v, depth + 1)) return true;
    } else if (node instanceof Set) {
      for (const v of node) if (visit(v, depth + 1)) return true;
    }
    for (const key of Reflect.ownKeys(node)) {
      if (typeof key === "string" && dirty(key)) return true;
      const descriptor = Object.getOwnPropertyDescriptor(node, key);
      if (descriptor && "value" in descriptor && visit(descriptor.value, depth + 1)) return true;
      if (descriptor?.get) return true;
    }
    // Error's message and stack are own properties; name and cause may sit on the prototype.
    if (node instanceof Error && (dirty(node.name) || visit((node as { cause?: unknown }).cause, depth + 1)))
      return true;
    return false;
  };
  try {
    return visit(value, 0);
  } catch {
    return true;
  }
}
