/**
 * The one place that knows what a secret looks like and how to remove it: the access token in
 * every spelling a text can hold it in, the credential headers and body keys, and the shapes of
 * credentials that are not the configured token (JWT, JWE, Bearer, Basic, SAS signatures). The
 * client, the toolkit's recorder, checker, reports and CLI output all call this module
 * (`partner-center-customers/redact`); none of them keeps a pattern of its own.
 *
 * Everything here is plain ECMAScript (no Node built-ins), like the rest of the client.
 */

/** What a removed secret is replaced with. */
export const REDACTED = "[REDACTED]";

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
 * `\` escaped, `/` optionally as `\/`), and as `util.inspect` shows it inside a quoted string
 * (`\` doubled, maybe `\'`). Longest first, so that the secret's own characters never break up
 * an escaped form of it.
 */
export function spellingsOf(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const inspected = secret.replace(/\\/g, "\\\\");
  return [
    ...new Set([escaped.replace(/\//g, "\\/"), escaped, inspected.replace(/'/g, "\\'"), inspected, secret]),
  ].sort((a, b) => b.length - a.length);
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
// RFC 6750's b64token and RFC 7617's base64 credentials, not a placeholder such as <token>.
const BEARER = /\bBearer\s+(?![<[*]|REDACTED)([A-Za-z0-9\-._~+/]{8,}=*)/gi;
const BASIC = /\bBasic\s+(?![<[*]|REDACTED)([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/gi;
// A shared access signature's `sig=` (Azure Storage, Service Bus), in a URL or a connection string.
const SAS = /\bsig=(?!\[REDACTED\]|REDACTED)([^&\s"'<>;]+)/gi;
// key=value (a query or form body) and "key": "value" (JSON text) for the secret keys.
const KEY_VALUE =
  /(?:(?<=[?&;\s"']|^)([A-Za-z][A-Za-z0-9_-]*)=(?!\[REDACTED\])([^&\s"'<>;]+))|(?:"([A-Za-z][A-Za-z0-9_-]*)"\s*:\s*"(?!\[REDACTED\])((?:[^"\\]|\\.)+)")/g;

// A value that already says it was removed, or a documentation placeholder.
const PLACEHOLDER = /^(?:[A-Za-z]+\s+)?(?:\[REDACTED\]|REDACTED|<[^>]*>|\*+|\.\.\.)$/i;

function joseHeaderOk(segment: string): boolean {
  try {
    const b64 = segment.replace(/-/g, "+").replace(/_/g, "/");
    const text = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
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
  // scrubs by itself, a log line); only the key=value and "key": "value" shapes need a = or :.
  for (const [pattern, kind] of [
    [BEARER, "bearer"],
    [BASIC, "basic"],
    [SAS, "sas"],
  ] as const) {
    for (const m of text.matchAll(pattern)) {
      // Stryker disable next-line StringLiteral: each of these patterns always captures its value
      const value = m[1] ?? "";
      found.push({ kind, index: m.index + m[0].length - value.length, length: value.length });
    }
  }
  // Stryker disable next-line ConditionalExpression,Regex: a shortcut only: KEY_VALUE cannot match a text without = or :
  if (!/[=:]/.test(text)) return found.sort((a, b) => a.index - b.index);
  for (const m of text.matchAll(KEY_VALUE)) {
    // Stryker disable next-line StringLiteral: one of the two alternatives always matched, with its key
    const key = m[1] ?? m[3] ?? "";
    // Stryker disable next-line StringLiteral: as above, with its value
    const value = m[2] ?? m[4] ?? "";
    if (!(isSecretKey(key) || isSecretHeader(key)) || key.toLowerCase() === "sig" || PLACEHOLDER.test(value))
      continue;
    const index = m.index + m[0].length - value.length - (m[4] ? 1 : 0);
    // A header or key whose value is itself a credential shape is reported once, as that shape.
    // Stryker disable next-line EqualityOperator: a value ends at a delimiter no shape starts with, so spans never just touch
    if (found.some((f) => f.index < index + value.length && index < f.index + f.length)) continue;
    const scheme = /^(bearer|basic)\s/i.exec(value)?.[1]?.toLowerCase() as "bearer" | "basic" | undefined;
    found.push({
      kind: scheme ?? (isSecretKey(key) ? "secret-key" : "secret-header"),
      index,
      length: value.length,
    });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** `text` with every credential shape of `findSecretShapes` replaced by `[REDACTED]`. */
export function redactShapes(text: string): string {
  const shapes = findSecretShapes(text);
  // Stryker disable next-line ConditionalExpression: a shortcut only: with no shapes the code below returns the text unchanged
  if (shapes.length === 0) return text;
  // Overlapping finds (a JWT after "Bearer ") are merged; replaced from the end so indexes hold.
  // Stryker disable next-line MethodExpression: findSecretShapes returns them sorted already
  const spans = shapes
    .map((s) => [s.index, s.index + s.length] as [number, number])
    // Stryker disable next-line ArithmeticOperator: as above (a comparator that is always positive keeps sorted input as it is)
    .sort((a, b) => a[0] - b[0]);
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
 */
export function redactValue<T>(value: T, options: ScrubOptions | ((text: string) => string) = {}): T {
  const scrub = typeof options === "function" ? options : scrubber(options);
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === "string") return scrub(node);
    if (typeof node !== "object" || node === null) return node;
    if (depth > 64) return "[data too deeply nested to check for secrets was removed]";
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const secret = isSecretKey(key) || isSecretHeader(key);
      const clean =
        secret && typeof child === "string"
          ? isSecretHeader(key)
            ? redactedHeaderValue(key, child)
            : REDACTED
          : walk(child, depth + 1);
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
