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
 * Replaces every occurrence of `token` in `text` with {@link REDACTED}. For a token `checkToken`
 * accepts (visible ASCII), it finds the token:
 * - as sent (with or without `Bearer ` before it; the scheme word itself is kept);
 * - percent-encoded, any subset of its characters, either hex case;
 * - JSON-escaped: `\uXXXX` (either case) and the short escapes (`\/`, `\"`, …), mixed with plain
 *   characters and percent escapes;
 * - as base64 or base64url of the token or of `Bearer <token>`, alone or inside a longer base64
 *   text (any byte alignment, padding optional); the one or two characters at each end that also
 *   hold neighbouring bytes are kept.
 * Any other token is found as written and JSON-escaped only. A text without the token is returned
 * as it is (the same string). A token shorter than 8 characters is not searched for.
 */
export function redactToken(text: string, token: string): string {
  // No spelling is shorter than the token itself (an escape or a base64 core only lengthens it), so
  // the ids and URLs a request reports usually need no search at all.
  if (token.length < MIN_TOKEN_LENGTH || text.length < token.length) return text;
  if (last?.token !== token) last = { token, fallback: failureTable(token), spellings: spellingsOf(token) };
  const spans = findDecoded(text, token, last.fallback);
  for (const spelling of last.spellings)
    for (let at = text.indexOf(spelling); at !== -1; at = text.indexOf(spelling, at + 1))
      spans.push([at, at + spelling.length]);
  if (spans.length === 0) return text;
  // Spans overlap and come in any order: each run of overlapping ones becomes one REDACTED.
  let out = "";
  let kept = 0;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    if (start >= kept) out += `${text.slice(kept, start)}${REDACTED}`;
    kept = Math.max(kept, end);
  }
  return out + text.slice(kept);
}

// The last token's search (its KMP table and spellings): a client removes one token from several
// texts of each response, and preparing it costs more than searching a short text.
let last: { token: string; fallback: Int32Array; spellings: Set<string> } | undefined;

/**
 * The token's spellings a plain search finds: the token itself (a token holding `%` or `\` that a
 * text writes as it is would read as an escape below) and, for a visible-ASCII token, the base64
 * and base64url characters that depend only on it (or on `Bearer <token>`) when it starts 0, 1 or
 * 2 bytes into a longer base64 text: the characters at each end also hold a neighbour's bits.
 */
function spellingsOf(token: string): Set<string> {
  const spellings = new Set([token]);
  // Its characters are its bytes, so `btoa` encodes it as it is (and never throws).
  if (!/^[\x21-\x7e]+$/.test(token)) return spellings;
  for (const payload of [token, `Bearer ${token}`])
    for (let offset = 0; offset < 3; offset++) {
      const end = Math.floor(((offset + payload.length) * 4) / 3);
      const core = btoa("\0".repeat(offset) + payload).slice(Math.ceil((offset * 4) / 3), end);
      spellings.add(core).add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  return spellings;
}

/**
 * Reads `text` once as a stream of units (a plain UTF-16 code unit, a `%XX` byte, a `\uXXXX` or
 * short JSON escape), each decoded to one number with its source offsets, and runs
 * Knuth-Morris-Pratt over the stream against the token's characters: linear in the text, however
 * hostile. A match starts where a unit starts, so a token is found however its characters are
 * spelled, one by one. A unit that is not ASCII (a byte of a UTF-8 sequence, half of a surrogate
 * pair) never equals a character of a visible-ASCII token, so it needs no further decoding.
 */
function findDecoded(text: string, token: string, fallback: Int32Array): Array<[start: number, end: number]> {
  const spans: Array<[number, number]> = [];
  const length = token.length;
  // Where each of the last `length` units started, to map a match back to its source span.
  const starts = new Int32Array(length);
  let matched = 0;
  let unit = 0;
  for (let at = 0; at < text.length; ) {
    const read = readUnit(text, at);
    const code = read >> 4;
    while (matched > 0 && token.charCodeAt(matched) !== code) matched = fallback[matched - 1] ?? 0;
    if (token.charCodeAt(matched) === code) matched++;
    starts[unit % length] = at;
    unit++;
    at += read & 15;
    if (matched === length) {
      spans.push([starts[(unit - length) % length] ?? 0, at]);
      matched = fallback[length - 1] ?? 0;
    }
  }
  return spans;
}

function failureTable(pattern: string): Int32Array {
  const table = new Int32Array(pattern.length);
  for (let i = 1, k = 0; i < pattern.length; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = table[k - 1] ?? 0;
    if (pattern[i] === pattern[k]) k++;
    table[i] = k;
  }
  return table;
}

// JSON's short escapes: the character after `\`, and the code of the one it stands for.
const SHORT_ESCAPES: Record<string, number> = { '"': 34, "\\": 92, "/": 47, b: 8, f: 12, n: 10, r: 13, t: 9 };

/** The unit at `at`, packed as `code * 16 + sourceLength`. */
function readUnit(text: string, at: number): number {
  const char = text.charCodeAt(at);
  if (char === 0x25) {
    const byte = hex(text, at + 1, 2);
    if (byte !== -1) return byte * 16 + 3;
  } else if (char === 0x5c) {
    const next = text.charAt(at + 1);
    const escaped = next === "u" ? hex(text, at + 2, 4) : -1;
    if (escaped !== -1) return escaped * 16 + 6;
    const short = SHORT_ESCAPES[next];
    if (short !== undefined) return short * 16 + 2;
  }
  // charCodeAt, not codePointAt: the latter costs several times more per character on long texts.
  return char * 16 + 1;
}

/** The value of the `digits` hex digits (either case) at `at`, or -1. */
function hex(text: string, at: number, digits: number): number {
  let value = 0;
  for (let i = at; i < at + digits; i++) {
    const code = text.charCodeAt(i);
    const lower = code | 0x20;
    const digit =
      code >= 0x30 && code <= 0x39 ? code - 0x30 : lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}
