// The credential pass: where a recording still holds a credential. It reads every entry of a
// recording (a HAR's sign-in too, which validation skips: that is where credentials are), every
// header, URL, form and body, bodies after decoding (base64, gzip, deflate, br, JSON in a string),
// text with percent-escapes decoded too, at any depth, and says where each find is, never what it
// is. Shapes are how it finds credentials nobody told it about; it only reads. Each pattern starts
// only where a run of its characters starts, so a scan costs time linear in the text, whatever the
// text.
import { decodeBody } from "./decode-body.js";
import { GUID } from "./guid.js";
import { isObject } from "./is-object.js";
import { escapePointer } from "./json-pointer.js";

/** What a credential looks like. */
export type CredentialKind = keyof typeof WORDS;

/** Something in a recording that looks like a credential: what and where, never the value. */
export interface SecretFinding {
  kind: CredentialKind;
  /** `a bearer credential in entries[0].request.headers[1] (header Authorization)`. */
  hint: string;
}

const WORDS = {
  jwt: "JWT-shaped text",
  jwe: "JWE-shaped text",
  bearer: "a bearer credential",
  basic: "a Basic credential",
  sas: "a SAS signature",
  "connection-string": "a connection string's key",
  "secret-key": "the value of a secret key",
  "secret-header": "the value of a credential header",
} as const;

// A compact JWS (3 segments) or JWE (5); its first segment is a JOSE header, `{"` in base64url.
const JOSE = /(?<![\w-])e[wy][\w-]{6,}(?:\.[\w-]*){2,4}/g;
// A scheme and a token long enough to be one: "Bearer Logistics2Go" is a company's name.
const BEARER = /\bbearer\s{1,8}(?!e[wy][\w-]{6,}\.)[\w.~+/-]{20,}/gi;
// `Basic` and base64 of `user:password` ("Basic Solutions" decodes to no colon).
const BASIC = /\bbasic\s{1,8}([A-Za-z0-9+/]{8,}={0,2})/gi;
// key=value in a query string, a form body or a connection string (`AccountKey=…;`).
const PARAM = /(?<![\w.-])([A-Za-z][\w.-]{0,63})=([^&;\s"',]+)/g;
// Base64 worth decoding: long, with a digit (a word or a name has none), not a path (text, gzip
// and zlib never start with the byte a leading "/" encodes).
const BASE64 = /^(?!\/)[A-Za-z0-9+/_-]{16,}={0,2}$/;
// A percent-escape; decoded one byte to one character (the shapes are ASCII), so never malformed.
const PERCENT = /%[0-9A-Fa-f]{2}/;
const PERCENT_ALL = /%([0-9A-Fa-f]{2})/g;
const byte = (_: string, hex: string) => String.fromCharCode(Number.parseInt(hex, 16));
// What every shape above, and JSON, needs somewhere in a string.
const HINT = /[=[{]|e[wy][\w-]{6}|bearer|basic/i;
// A value that says it was removed (in a URL, percent-encoded: `%5BREDACTED%5D`), or a
// documentation placeholder.
const PLACEHOLDER =
  /^(?:(?:bearer|basic)\s+)?(?:\[[^\]]*\]|%5b[^%]*%5d|<[^>]*>|\{[^}]*\}|\*+|\.{3}|redacted)?$/i;
// Key names, compared without case, separators or invisible characters (`Client\u200bSecret`).
const SECRET_NAME =
  /token|secret|passw|pwd|apikey|privatekey|accountkey$|sharedaccess(?:key|signature)$|assertion|authorization|cookie|subscriptionkey|functionskey|^sig$/;
// The kind a credential's key says, when it says more than "secret key" or "header".
const KINDS: Array<[RegExp, CredentialKind]> = [
  [/^sig$/, "sas"],
  [/accountkey|sharedaccess/, "connection-string"],
  [/cookie|authorization/, "secret-header"],
];
const NOT_SECRET = /continuation|^(?:next|page|skip|sync)token|token(?:type|url|uri|endpoint|expir)|expires/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const BINARY = /[\u0000-\u0008\u000e-\u001f\ufffd]/;
// Decoded bytes one pass reads in all; decodings followed inside each other; finds listed.
const MAX_DECODED = 64 * 1024 * 1024;
const MAX_NESTED = 4;
const MAX_FINDS = 100;

type Step = string | number | { note: string };
type Path = { up: Path | undefined; step: Step } | undefined;
type Item = [value: unknown, path: Path, coding: string | undefined, nested: number];
const note = (up: Path, text: string): Path => ({ up, step: { note: text } });

/**
 * Finds credentials in a parsed recording (or any JSON value, or a text that is not JSON), each
 * located by its path: keys and indexes, a header's or parameter's name, a JSON pointer inside a
 * decoded body.
 */
export function findCredentials(root: unknown): SecretFinding[] {
  return new Pass().run(root);
}

// One pass's state: what it found, the key names it has judged, what is left to read.
class Pass {
  readonly found: SecretFinding[] = [];
  readonly names = new Map<string, boolean>();
  readonly stack: Item[] = [];
  budget = MAX_DECODED;
  more = 0;

  run(root: unknown): SecretFinding[] {
    const { stack } = this;
    const har = isObject(root) && isObject(root.log) && Array.isArray(root.log.entries);
    stack.push([har ? (root.log as object) : root, undefined, undefined, 0]);
    while (stack.length > 0) {
      const [value, path, coding, nested] = stack.pop() as Item;
      if (typeof value === "string") this.scan(value, path, undefined, nested);
      if (typeof value !== "object" || value === null) continue;
      // Strings are read where they are; objects and arrays are pushed, then put last to first,
      // so that they are read in the recording's order.
      const start = stack.length;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          if (typeof item === "string") this.scan(item, path, i, nested);
          else if (typeof item === "object" && item !== null)
            stack.push([item, { up: path, step: i }, coding, nested]);
        }
      } else {
        const record = value as Record<string, unknown>;
        const here =
          record.headers === undefined ? coding : (headerValue(record.headers, "content-encoding") ?? coding);
        // A `{ name, value }` pair: a HAR header, query parameter or cookie, a next link's header.
        const name = [record.name, record.key].find((n) => typeof n === "string") as string | undefined;
        const cookie = path?.up?.step === "cookies";
        const header = cookie || path?.step === "headers" || path?.up?.step === "headers";
        for (const key in record) {
          const child = record[key];
          if (typeof child === "object" && child !== null)
            stack.push([child, { up: path, step: key }, here, nested]);
          if (typeof child !== "string") continue;
          // Where the string is, made only for a find: its key, or the pair's name.
          const pair = key === "value" && name !== undefined;
          const step = pair ? { note: `${header ? "header" : "parameter"} ${shown(name)}` } : key;
          if (this.keyed(pair ? (cookie ? "cookie" : name) : key, child, path, step, header)) continue;
          const base64 = record.encoding === "base64";
          const decoded =
            key === "text" && (base64 || here) ? decodeBody(child, base64, here, this.budget) : undefined;
          if (decoded?.ok && decoded.text !== child)
            this.push(decoded.text, note({ up: path, step }, "decoded"), nested);
          else this.scan(child, path, step, nested);
        }
      }
      for (let a = start, b = stack.length - 1; a < b; a++, b--)
        [stack[a], stack[b]] = [stack[b], stack[a]] as [Item, Item];
    }
    if (this.more > 0) this.found.push({ kind: "secret-key", hint: `${this.more} more finds not listed` });
    return this.found;
  }

  // Whether `key` names a credential and `value` is one (then it is reported).
  keyed(key: string, value: string, up: Path, step: Step, header: boolean): boolean {
    let secret = this.names.get(key);
    if (secret === undefined) {
      const nfkc = key.normalize("NFKC");
      const k = nfkc.toLowerCase().replace(/[^a-z0-9]/g, "");
      secret = SECRET_NAME.test(k) && !NOT_SECRET.test(k);
      if (this.names.size < 4096) this.names.set(key, secret);
    }
    if (!secret || PLACEHOLDER.test(value.trim())) return false;
    const named = KINDS.find(([pattern]) => pattern.test(key.toLowerCase()))?.[1];
    const kind = /^bearer\s/i.test(value) ? "bearer" : (named ?? (header ? "secret-header" : "secret-key"));
    this.report(kind, { up, step });
    return true;
  }

  report(kind: CredentialKind, path: Path): void {
    if (this.found.length < MAX_FINDS) this.found.push({ kind, hint: `${WORDS[kind]} in ${where(path)}` });
    else this.more++;
  }

  push(value: string, path: Path, nested: number): void {
    this.budget -= value.length;
    this.stack.push([value, path, undefined, nested + 1]);
  }

  // A string at `step` of `up` (the string's own path when `step` is undefined).
  scan(s: string, up: Path, step: Step | undefined, nested: number): void {
    // Most strings of a page (ids, names, dates) can hold none of the shapes: a few tests say so.
    if (s.length === 36 && s[8] === "-" && GUID.test(s)) return;
    const hint = HINT.test(s);
    const deeper = nested < MAX_NESTED && this.budget > 0;
    const base64 = deeper && /\d/.test(s) && BASE64.test(s);
    const escaped = deeper && PERCENT.test(s);
    if (!hint && !base64 && !escaped) return;
    const path = step === undefined ? up : { up, step };
    const finds = this.found.length + this.more;
    if (hint && this.shapes(s, path, nested)) return;
    // `%2E` hides a JWT's dots: the decoded form is read too, unless the text already showed one.
    if (escaped && this.found.length + this.more === finds)
      this.push(s.replace(PERCENT_ALL, byte), note(path, "percent-decoded"), nested);
    if (!base64) return;
    // Gunzipped when it is gzip (`H4sI` is base64 for its magic number), else read as text.
    const decoded = decodeBody(s, true, "gzip", this.budget);
    if (decoded.ok && !BINARY.test(decoded.text))
      this.push(decoded.text, note(path, s.startsWith("H4sI") ? "base64, gzip" : "base64"), nested);
  }

  // The shapes in a string that may hold one; true when it is JSON, then read as such.
  shapes(s: string, path: Path, nested: number): boolean {
    if (/^\s*[[{]/.test(s))
      try {
        return this.stack.push([JSON.parse(s), note(path, ""), undefined, nested]) > 0;
      } catch {
        // Not JSON after all (cut short, say): its text is scanned.
      }
    for (const [jose = ""] of s.matchAll(JOSE)) {
      const [head = "", ...rest] = jose.split(".");
      if (joseHeader(head)) this.report(rest.length === 4 ? "jwe" : "jwt", path);
    }
    for (const _ of s.matchAll(BEARER)) this.report("bearer", path);
    for (const [, basic = ""] of s.matchAll(BASIC))
      if (latin1(basic).includes(":")) this.report("basic", path);
    if (s.includes("="))
      for (const [, key = "", value = ""] of s.matchAll(PARAM))
        this.keyed(key, value, path, { note: `parameter ${shown(key)}` }, false);
    return false;
  }
}

/** Finds credentials in a recording's text: parsed when it is JSON, else scanned as text. */
export function findSecrets(text: string): SecretFinding[] {
  try {
    return findCredentials(JSON.parse(text));
  } catch {
    return findCredentials(text);
  }
}

// `entries[0].request.headers[1] (header Authorization)`; a JSON pointer after a decoding.
function where(path: Path, none = "the recording"): string {
  const steps: Step[] = [];
  for (let p = path; p; p = p.up) steps.push(p.step);
  steps.reverse();
  let [out, pointer]: [string, string | undefined] = ["", undefined];
  for (const step of steps) {
    if (typeof step === "object") [out, pointer] = [out + (step.note && ` (${step.note})`), " "];
    else if (pointer !== undefined)
      [out, pointer] = [`${out}${pointer}/${escapePointer(shown(String(step)))}`, ""];
    else if (typeof step === "number") out += `[${step}]`;
    else
      out += /^[A-Za-z_$][\w$-]*$/.test(step) ? `${out && "."}${step}` : `[${JSON.stringify(shown(step))}]`;
  }
  return out.trim() || none;
}

// A key or a name as a location shows it: short, with no control characters.
const shown = (name: string) => JSON.stringify(name.slice(0, 64)).slice(1, -1);

// Base64 or base64url as bytes, one character each (a JOSE header, `user:password`).
const latin1 = (b64: string) => Buffer.from(b64.slice(0, 4096), "base64").toString("latin1");

function joseHeader(segment: string): boolean {
  const header = latin1(segment);
  return /^\s*\{/.test(header) && /"(alg|enc|typ|kid)"/.test(header);
}

// A HAR message's header (`[{ name, value }]`).
function headerValue(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  for (const h of headers)
    if (isObject(h) && String(h.name).toLowerCase() === name && typeof h.value === "string") return h.value;
  return undefined;
}
