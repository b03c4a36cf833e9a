// The credential pass: where a recording still holds a credential. It reads every entry of a
// recording (a HAR's sign-in too, which validation skips: that is where credentials are), every
// header, URL, form and body, bodies after decoding (base64, gzip, deflate, br, JSON in a string),
// at any depth, and says where each find is, never what it is. Shapes are how it finds credentials
// nobody told it about; it only reads. Each pattern starts only where a run of its characters
// starts, so a scan costs time linear in the text, whatever the text.
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
  sas: "a SAS signature",
  "connection-string": "a connection string's key",
  "secret-key": "the value of a secret key",
  "secret-header": "the value of a credential header",
} as const;

// A compact JWS (3 segments) or JWE (5); its first segment is a JOSE header, `{"` in base64url.
const JOSE = /(?<![\w-])e[wy][\w-]{6,}(?:\.[\w-]*){2,4}/g;
// A scheme and a token long enough to be one: "Bearer Logistics2Go" is a company's name.
const BEARER = /\bbearer\s{1,8}(?!e[wy][\w-]{6,}\.)[\w.~+/-]{20,}/gi;
// key=value in a query string, a form body or a connection string (`AccountKey=…;`).
const PARAM = /(?<![\w.-])([A-Za-z][\w.-]{0,63})=([^&;\s"',]+)/g;
// "key": "value" in JSON text cut short.
const PAIR = /"([^"\\\n]{1,64})"\s{0,8}:\s{0,8}"([^"\\\n]*)/g;
const BASE64 = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
// A value that says it was removed, or a documentation placeholder.
const PLACEHOLDER = /^(?:(?:bearer|basic)\s+)?(?:\[[^\]]*\]|<[^>]*>|\{[^}]*\}|\*+|\.{3}|redacted)?$/i;
// Key names, compared without case, separators or invisible characters (`Client\u200bSecret`).
const SECRET_NAME =
  /token|secret|passw|pwd|apikey|privatekey|accountkey$|sharedaccess(?:key|signature)$|assertion|authorization|cookie|subscriptionkey|functionskey|^sig$/;
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
  const found: SecretFinding[] = [];
  const names = new Map<string, boolean>();
  const stack: Item[] = [];
  let budget = MAX_DECODED;
  let more = 0;
  const keyed = (key: string, value: string, path: Path, header: boolean) => {
    let secret = names.get(key);
    if (secret === undefined) {
      const k = key
        .normalize("NFKC")
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "");
      secret = SECRET_NAME.test(k) && !NOT_SECRET.test(k);
      if (names.size < 4096) names.set(key, secret);
    }
    if (!secret || PLACEHOLDER.test(value.trim())) return false;
    const k = key.toLowerCase();
    report(
      /^bearer\s/i.test(value)
        ? "bearer"
        : k === "sig"
          ? "sas"
          : /accountkey|sharedaccess/.test(k)
            ? "connection-string"
            : header || /cookie|authorization/.test(k)
              ? "secret-header"
              : "secret-key",
      path,
    );
    return true;
  };
  const report = (kind: CredentialKind, path: Path) => {
    if (found.length < MAX_FINDS) found.push({ kind, hint: `${WORDS[kind]} in ${where(path)}` });
    else more++;
  };
  const push = (value: string, path: Path, nested: number) => {
    budget -= value.length;
    stack.push([value, path, undefined, nested + 1]);
  };
  const scan = (s: string, path: Path, nested: number) => {
    const json = /^\s*[[{]/.test(s);
    if (json)
      try {
        return void stack.push([JSON.parse(s), note(path, ""), undefined, nested]);
      } catch {
        // JSON cut short: its text is scanned, its "key": "value" pairs too.
      }
    for (const m of s.matchAll(JOSE)) {
      const [first = "", ...rest] = m[0].split(".");
      if (joseHeader(first)) report(rest.length === 4 ? "jwe" : "jwt", path);
    }
    for (const _ of s.matchAll(BEARER)) report("bearer", path);
    for (const m of [...(s.includes("=") ? s.matchAll(PARAM) : []), ...(json ? s.matchAll(PAIR) : [])])
      keyed(m[1] ?? "", m[2] ?? "", note(path, `${json ? "key" : "parameter"} ${shown(m[1] ?? "")}`), false);
    if (nested >= MAX_NESTED || budget <= 0 || !BASE64.test(s) || GUID.test(s)) return;
    const bytes = Buffer.from(s, "base64");
    const coding = bytes[0] === 0x1f && bytes[1] === 0x8b ? "gzip" : isZlib(bytes) ? "deflate" : undefined;
    const decoded = coding
      ? decodeBody(s, true, coding, budget)
      : { ok: true as const, text: bytes.toString() };
    if (decoded.ok && !BINARY.test(decoded.text))
      push(decoded.text, note(path, `base64${coding ? `, ${coding}` : ""}`), nested);
  };
  stack.push([
    isObject(root) && isObject(root.log) && Array.isArray(root.log.entries) ? root.log : root,
    undefined,
    undefined,
    0,
  ]);
  while (stack.length > 0) {
    const [value, path, coding, nested] = stack.pop() as Item;
    if (typeof value === "string") scan(value, path, nested);
    if (typeof value !== "object" || value === null) continue;
    const children: Item[] = [];
    if (Array.isArray(value))
      for (let i = 0; i < value.length; i++) children.push([value[i], { up: path, step: i }, coding, nested]);
    const record = Array.isArray(value) ? {} : (value as Record<string, unknown>);
    const here = headerValue(record.headers, "content-encoding") ?? coding;
    // A `{ name, value }` pair: a HAR header, query parameter or cookie, a next link's header.
    const name = [record.name, record.key].find((n) => typeof n === "string") as string | undefined;
    const cookie = path?.up?.step === "cookies";
    const header = cookie || path?.step === "headers" || path?.up?.step === "headers";
    for (const key of Object.keys(record)) {
      const child = record[key];
      const pair = key === "value" && name !== undefined;
      const at = pair
        ? note(path, `${header ? "header" : "parameter"} ${shown(name)}`)
        : { up: path, step: key };
      if (typeof child === "string") {
        if (keyed(pair ? (cookie ? "cookie" : name) : key, child, at, header)) continue;
        const base64 = record.encoding === "base64";
        const decoded =
          key === "text" && (base64 || here) ? decodeBody(child, base64, here, budget) : undefined;
        if (decoded?.ok && decoded.text !== child) {
          push(decoded.text, note(at, "decoded"), nested);
          continue;
        }
      }
      children.push([child, at, here, nested]);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Item);
  }
  if (more > 0) found.push({ kind: found[0]?.kind ?? "secret-key", hint: `${more} more finds not listed` });
  return found;
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
  for (let p = path; p; p = p.up) steps.unshift(p.step);
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

function joseHeader(segment: string): boolean {
  const header = Buffer.from(segment.slice(0, 4096), "base64url").toString("latin1");
  return /^\s*\{/.test(header) && /"(alg|enc|typ|kid)"/.test(header);
}

// A HAR message's header (`[{ name, value }]`).
function headerValue(headers: unknown, name: string): string | undefined {
  const found = Array.isArray(headers)
    ? headers.find((h) => isObject(h) && String(h.name).toLowerCase() === name)
    : undefined;
  return typeof found?.value === "string" ? found.value : undefined;
}

function isZlib(bytes: Buffer): boolean {
  const [cmf = 0, flg = 0] = bytes;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}
