/**
 * Removes one known access token from a text, in every spelling a server can echo it in. This is
 * the only redaction the client does: it knows the exact token each request sent, so it needs no
 * patterns and never touches text that does not hold that token.
 *
 * Pure ECMAScript (no Node built-ins), like the rest of the client; linear in the text's length.
 */

/** What a removed token is replaced with. */
export const REDACTED = "[REDACTED]";

// A token this short is not searched for: the client accepts any non-empty visible-ASCII token
// (`checkToken`), and replacing every "abc" or "test" in a text (in every encoding) would rewrite
// ordinary words of messages and data while protecting nothing a real credential needs; tokens the
// service issues are JWTs of hundreds of characters.
const MIN_TOKEN_LENGTH = 8;

/**
 * Replaces every occurrence of `token` in `text` with {@link REDACTED}. It finds the token:
 * - as sent (with or without `Bearer ` before it; the scheme word itself is kept);
 * - percent-encoded, any subset of its characters, either hex case, UTF-8 bytes for non-ASCII;
 * - JSON-escaped: `\uXXXX` (either case, surrogate pairs) and the short escapes (`\/`, `\"`, …),
 *   mixed with plain characters and percent escapes;
 * - as base64 or base64url of the token or of `Bearer <token>`, alone or inside a longer base64
 *   text (any byte alignment, padding optional); the one or two characters at each end that also
 *   hold neighbouring bytes are kept.
 * A text without the token is returned as it is (the same string). A token shorter than 8
 * characters is not searched for.
 */
export function redactToken(text: string, token: string): string {
  // No spelling is shorter than the token itself (an escape or a base64 core only lengthens it), so
  // the ids and URLs a request reports usually need no search at all.
  if (token.length < MIN_TOKEN_LENGTH || text.length < token.length) return text;
  const search = searchFor(token);
  const found = new Found(text.length);
  findDecoded(text, search, found);
  for (const spelling of search.spellings) findLiteral(text, spelling, found);
  return found.replaceIn(text);
}

/** What searching for one token needs, prepared once: its code points, their KMP table, its spellings. */
interface Search {
  readonly token: string;
  readonly pattern: Int32Array;
  readonly fallback: Int32Array;
  readonly spellings: ReadonlySet<string>;
}

// The last token's search: a client removes one token from several texts of each response, and
// preparing it (base64 spellings, the KMP table) costs more than searching a short text.
let last: Search | undefined;

function searchFor(token: string): Search {
  if (last?.token === token) return last;
  const pattern = Int32Array.from(token, (char) => char.codePointAt(0) ?? 0);
  last = { token, pattern, fallback: failureTable(pattern), spellings: literalSpellings(token) };
  return last;
}

/**
 * The token's spellings a plain search finds: the token itself (a token holding `%` or `\` that a
 * text writes as it is would read as an escape below) and its base64 and base64url cores.
 */
function literalSpellings(token: string): Set<string> {
  const spellings = new Set<string>([token]);
  for (const payload of [utf8(token), utf8(`Bearer ${token}`)]) {
    for (let offset = 0; offset < 3; offset++) {
      const core = base64Core(payload, offset);
      spellings.add(core);
      spellings.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  return spellings;
}

/**
 * The base64 characters that depend only on `bytes` when they start `offset` bytes into a
 * base64 text: characters that also hold bits of a neighbouring byte differ with the neighbour.
 */
function base64Core(bytes: Uint8Array, offset: number): string {
  let binary = "\0".repeat(offset);
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const encoded = btoa(binary);
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return encoded.slice(first, end);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Every occurrence of `spelling` (overlapping ones too, so their union is covered). */
function findLiteral(text: string, spelling: string, found: Found): void {
  for (let at = text.indexOf(spelling); at !== -1; at = text.indexOf(spelling, at + 1)) {
    found.add(at, at + spelling.length);
  }
}

/**
 * Reads `text` once as a stream of units (a plain character, a `%XX` sequence, a `\uXXXX` or short
 * JSON escape), each decoded to one code point with its source offsets, and runs Knuth-Morris-Pratt
 * over the stream against the token's code points: linear in the text, however hostile. A match
 * starts where a unit starts, so a token is found however its characters are spelled, one by one.
 */
function findDecoded(text: string, { pattern, fallback }: Search, found: Found): void {
  const length = pattern.length;
  // Where each of the last `length` units started, to map a match back to its source span.
  const starts = new Int32Array(length);
  let matched = 0;
  let unit = 0;
  for (let at = 0; at < text.length; ) {
    const read = readUnit(text, at);
    const codePoint = read >> 4;
    while (matched > 0 && pattern[matched] !== codePoint) matched = fallback[matched - 1] ?? 0;
    if (pattern[matched] === codePoint) matched++;
    starts[unit % length] = at;
    unit++;
    at += read & 15;
    if (matched === length) {
      found.add(starts[(unit - length) % length] ?? 0, at);
      matched = fallback[length - 1] ?? 0;
    }
  }
}

function failureTable(pattern: Int32Array): Int32Array {
  const table = new Int32Array(pattern.length);
  for (let i = 1, k = 0; i < pattern.length; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = table[k - 1] ?? 0;
    if (pattern[i] === pattern[k]) k++;
    table[i] = k;
  }
  return table;
}

const SHORT_ESCAPES: Readonly<Record<string, number>> = {
  '"': 0x22,
  "\\": 0x5c,
  "/": 0x2f,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
};

/** The unit at `at`, packed as `codePoint * 16 + sourceLength` (a unit is at most 12 characters). */
function readUnit(text: string, at: number): number {
  const char = text.charCodeAt(at);
  if (char === 0x25) {
    const percent = readPercent(text, at);
    if (percent !== -1) return percent;
  } else if (char === 0x5c) {
    const next = text[at + 1];
    if (next === "u") {
      const escaped = readUnicodeEscape(text, at);
      if (escaped !== -1) return escaped;
    } else if (next !== undefined && SHORT_ESCAPES[next] !== undefined) {
      return (SHORT_ESCAPES[next] ?? 0) * 16 + 2;
    }
  }
  // charCodeAt, not codePointAt: the latter costs several times more per character on long texts.
  if (char >= 0xd800 && char <= 0xdbff) {
    const low = text.charCodeAt(at + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return surrogatePair(char, low) * 16 + 2;
  }
  return char * 16 + 1;
}

/** A `%XX` byte or a `%XX%XX…` UTF-8 sequence as one code point; -1 if it is not one. */
function readPercent(text: string, at: number): number {
  const lead = percentByte(text, at);
  if (lead < 0x80) return lead === -1 ? -1 : lead * 16 + 3;
  const more =
    lead >= 0xf0 && lead <= 0xf4 ? 3 : lead >= 0xe0 ? (lead < 0xf0 ? 2 : -1) : lead >= 0xc2 ? 1 : -1;
  if (more === -1) return -1;
  let codePoint = lead & (0x3f >> more);
  for (let i = 1; i <= more; i++) {
    const byte = percentByte(text, at + 3 * i);
    if (byte < 0x80 || byte > 0xbf) return -1;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  const least = [0, 0x80, 0x800, 0x10000][more] ?? 0;
  if (codePoint < least || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return -1;
  return codePoint * 16 + 3 * (more + 1);
}

function percentByte(text: string, at: number): number {
  if (text.charCodeAt(at) !== 0x25) return -1;
  const high = hexDigit(text.charCodeAt(at + 1));
  const low = hexDigit(text.charCodeAt(at + 2));
  return high === -1 || low === -1 ? -1 : high * 16 + low;
}

/** `\uXXXX`, a pair of them for a surrogate pair, or one followed by a plain low surrogate. */
function readUnicodeEscape(text: string, at: number): number {
  const unit = hex4(text, at + 2);
  if (unit === -1) return -1;
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const plain = text.charCodeAt(at + 6);
    if (plain >= 0xdc00 && plain <= 0xdfff) return surrogatePair(unit, plain) * 16 + 7;
    const low = text.startsWith("\\u", at + 6) ? hex4(text, at + 8) : -1;
    if (low >= 0xdc00 && low <= 0xdfff) return surrogatePair(unit, low) * 16 + 12;
  }
  return unit * 16 + 6;
}

function surrogatePair(high: number, low: number): number {
  return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
}

function hex4(text: string, at: number): number {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const digit = hexDigit(text.charCodeAt(at + i));
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * The spans found so far, as the furthest end of a span starting at each offset (allocated at the
 * first find), so any number of spans, in any order and overlapping, are merged in one pass.
 */
class Found {
  #ends: Int32Array | undefined;
  constructor(readonly length: number) {}

  add(start: number, end: number): void {
    this.#ends ??= new Int32Array(this.length);
    if (end > (this.#ends[start] ?? 0)) this.#ends[start] = end;
  }

  /** `text` with each merged span replaced by {@link REDACTED}; `text` itself when none was found. */
  replaceIn(text: string): string {
    const ends = this.#ends;
    if (ends === undefined) return text;
    let out = "";
    let kept = 0;
    for (let at = 0; at < ends.length; at++) {
      let end = ends[at] ?? 0;
      if (end === 0) continue;
      out += `${text.slice(kept, at)}${REDACTED}`;
      for (let inside = at + 1; inside < end; inside++) end = Math.max(end, ends[inside] ?? 0);
      kept = end;
      at = end - 1;
    }
    return out + text.slice(kept);
  }
}
