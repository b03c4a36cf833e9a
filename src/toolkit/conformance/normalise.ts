/**
 * The normal form of recordings (test/recordings/**\/*.json and *.har), so that a diff of a
 * recording shows what changed in the API and nothing else. The rules are written down in
 * test/recordings/README.md; this module is their only implementation
 * (scripts/normalise-recordings.ts applies it to files, `pc-customers record` to what it records).
 * What a recording keeps of each value is the spec's allow-list (`sanitise.ts`).
 */
import { basename } from "node:path";
import { stripBom } from "./bom.js";
import { isObject } from "./is-object.js";
import { byName, type HeaderSide, normalHeader, normalHeaders } from "./normal-form.js";
import { decodeQueryPart, type ExchangeSanitiser, Replaced, Sanitiser } from "./sanitise.js";
import { loadSpec } from "./spec.js";

const TOP_ORDER = ["provenance", "request", "response"];
const REQUEST_ORDER = ["method", "url", "headers"];
const RESPONSE_ORDER = ["status", "headers", "body", "bodyText"];
const PROVENANCE_ORDER = ["source", "capturedAt", "notes", "knownDefects", "expectedViolations"];
// HAR fields that change on every capture and say nothing about the API.
const HAR_TIMINGS = { send: 0, wait: 0, receive: 0 };

/** The result of normalising one file's text. */
export type Normalised = { ok: true; text: string } | { ok: false; message: string };

/** What normalising one exchange needs besides the exchange. */
export interface NormaliseOptions {
  /** The spec's allow-list (default: the embedded spec's). */
  sanitiser?: Sanitiser;
  /** The access token the client sent, removed wherever it appears. */
  token?: string | undefined;
  /** A verbatim documentation copy: headers as printed (see `isVerbatim`). */
  verbatim?: boolean;
  /** Hears what was replaced (default: a new one, dropped). */
  replaced?: Replaced;
}

let embedded: Sanitiser | undefined;

/** The allow-list of the embedded spec, made on first use. */
export function embeddedSanitiser(): Sanitiser {
  embedded ??= new Sanitiser(loadSpec());
  return embedded;
}

/**
 * A verbatim copy of a documentation sample (`*.raw.json`) keeps its headers as printed, its
 * `content-length` and `date` included: only formatting, header-name and allow-list rules apply.
 */
export function isVerbatim(file: string): boolean {
  return basename(file).endsWith(".raw.json");
}

/**
 * The normal form of a recording's text; never throws. What the spec's allow-list replaced is
 * added to the provenance's notes.
 */
export function normaliseText(text: string, file: string, sanitiser = embeddedSanitiser()): Normalised {
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
  const verbatim = isVerbatim(file);
  let out: unknown;
  if (isObject(value) && isObject(value.log) && Array.isArray(value.log.entries)) {
    out = normaliseHar(value, verbatim, sanitiser);
  } else if (isObject(value) && isObject(value.request) && isObject(value.response)) {
    const replaced = new Replaced();
    const exchange = normaliseExchange(value, { sanitiser, verbatim, replaced });
    out = withNotes(exchange, "provenance", replaced, TOP_ORDER);
  } else {
    // A bare body: the 200 of GET /v1/customers, as `check` reads it.
    out = sanitiser.exchange("GET", "/v1/customers", 200, undefined, new Replaced()).responseBody(value);
  }
  return { ok: true, text: `${JSON.stringify(out, null, 2)}\n` };
}

/**
 * One exchange (`{ request, response }`, other keys kept) in normal form: key order, methods in
 * upper case, headers by `normalHeaders`, and every value as the spec's allow-list keeps it.
 */
export function normaliseExchange(
  exchange: Record<string, unknown>,
  options: NormaliseOptions = {},
): Record<string, unknown> {
  const request = isObject(exchange.request) ? exchange.request : {};
  const response = isObject(exchange.response) ? exchange.response : {};
  const method = typeof request.method === "string" ? request.method.toUpperCase() : "GET";
  const url = typeof request.url === "string" ? request.url : "";
  const status = typeof response.status === "number" ? response.status : undefined;
  const sanitise = (options.sanitiser ?? embeddedSanitiser()).exchange(
    method,
    url,
    status,
    options.token,
    options.replaced ?? new Replaced(),
  );
  const verbatim = options.verbatim === true;
  const out: Record<string, unknown> = { ...exchange };
  if (isObject(exchange.provenance)) out.provenance = ordered(exchange.provenance, PROVENANCE_ORDER);
  out.request = ordered(
    {
      ...request,
      ...(typeof request.method === "string" ? { method } : {}),
      ...(typeof request.url === "string" ? { url: sanitise.url(url) } : {}),
      ...(isObject(request.headers)
        ? { headers: normalHeaders(Object.entries(request.headers), "request", sanitise, verbatim) }
        : {}),
      ...("body" in request ? { body: sanitise.requestBody(request.body) } : {}),
    },
    REQUEST_ORDER,
  );
  out.response = ordered(
    {
      ...response,
      ...(isObject(response.headers)
        ? { headers: normalHeaders(Object.entries(response.headers), "response", sanitise, verbatim) }
        : {}),
      ...("body" in response ? { body: sanitise.responseBody(response.body) } : {}),
      ...(typeof response.bodyText === "string" ? { bodyText: sanitise.text(response.bodyText) } : {}),
    },
    RESPONSE_ORDER,
  );
  return ordered(out, TOP_ORDER);
}

function normaliseHar(
  har: Record<string, unknown>,
  verbatim: boolean,
  sanitiser: Sanitiser,
): Record<string, unknown> {
  const log = har.log as Record<string, unknown>;
  const replaced = new Replaced();
  // An entry of another endpoint is kept along the component schema its provenance names.
  const payloads =
    isObject(log._provenance) && Array.isArray(log._provenance.payloads) ? log._provenance.payloads : [];
  const schemaOf = (index: number): unknown => {
    const named = payloads.find((p) => isObject(p) && p.entry === index);
    return isObject(named) && typeof named.schema === "string"
      ? sanitiser.component(named.schema)
      : undefined;
  };
  const entries = (log.entries as unknown[]).map((raw, index) => {
    if (!isObject(raw)) return raw;
    const entry: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      // Browser-private fields (`_initiator`, `_priority`, …) and connection details change on
      // every capture.
      if (key.startsWith("_") || key === "serverIPAddress" || key === "connection") continue;
      entry[key] = value;
    }
    if ("time" in entry) entry.time = 0;
    if ("timings" in entry) entry.timings = { ...HAR_TIMINGS };
    if ("cache" in entry) entry.cache = {};
    const request = isObject(entry.request) ? entry.request : {};
    const response = isObject(entry.response) ? entry.response : {};
    const sanitise = sanitiser.exchange(
      typeof request.method === "string" ? request.method : "GET",
      typeof request.url === "string" ? request.url : "",
      typeof response.status === "number" ? response.status : undefined,
      undefined,
      replaced,
    );
    for (const side of ["request", "response"] as const) {
      const message = entry[side];
      if (!isObject(message)) continue;
      const next: Record<string, unknown> = { ...message };
      if (typeof next.url === "string") next.url = sanitise.url(next.url);
      if (Array.isArray(next.headers)) next.headers = harHeaders(next.headers, side, sanitise, verbatim);
      if (Array.isArray(next.queryString)) next.queryString = harQuery(next.url, next.queryString);
      if (Array.isArray(next.cookies)) next.cookies = [];
      if ("headersSize" in next) next.headersSize = -1;
      if ("bodySize" in next) next.bodySize = -1;
      if (isObject(next.content) && typeof next.content.text === "string") {
        const text = bodyText(next.content.text, next.content.encoding, (body) =>
          sanitise.responseBody(body, schemaOf(index)),
        );
        next.content = { ...next.content, text: text ?? sanitise.text(next.content.text) };
      }
      if (isObject(next.postData)) {
        const postData = { ...next.postData };
        if (typeof postData.text === "string")
          postData.text =
            bodyText(postData.text, undefined, (body) => sanitise.requestBody(body)) ??
            sanitise.text(postData.text);
        // A form's fields: no request body is declared, so only their names are kept.
        if (Array.isArray(postData.params))
          postData.params = postData.params.map((p) =>
            isObject(p) && "value" in p ? { ...p, value: sanitise.requestBody(p.value) } : p,
          );
        next.postData = postData;
      }
      entry[side] = next;
    }
    return entry;
  });
  return withNotes({ ...har, log: { ...log, entries } }, "log", replaced, []);
}

/**
 * A HAR body's text with its JSON kept through `keep`, in the capture's encoding; the same text
 * when nothing changed (the capture's own spacing stays); undefined when it is not JSON.
 */
function bodyText(text: string, encoding: unknown, keep: (body: unknown) => unknown): string | undefined {
  const base64 = encoding === "base64";
  let body: unknown;
  try {
    body = JSON.parse(base64 ? Buffer.from(text, "base64").toString("utf8") : text);
  } catch {
    return undefined;
  }
  const kept = JSON.stringify(keep(body));
  if (kept === JSON.stringify(body)) return text;
  return base64 ? Buffer.from(kept, "utf8").toString("base64") : kept;
}

function harHeaders(
  headers: unknown[],
  side: HeaderSide,
  sanitise: ExchangeSanitiser,
  verbatim: boolean,
): unknown[] {
  const out: Array<Record<string, unknown>> = [];
  for (const h of headers) {
    if (!isObject(h) || typeof h.name !== "string") continue;
    const pair = normalHeader(h.name, h.value, side, sanitise, verbatim);
    if (pair) out.push({ ...h, name: pair[0], value: pair[1] });
  }
  return byName(out, (h) => String(h.name));
}

// A HAR's `queryString` repeats the URL's query: it is rebuilt from the (already kept) URL.
function harQuery(url: unknown, list: unknown[]): unknown[] {
  if (typeof url !== "string" || list.length === 0) return list;
  const query = url.split("#", 1)[0]?.split("?")[1];
  if (query === undefined) return [];
  return query.split("&").map((pair) => {
    const equals = pair.indexOf("=");
    return equals < 0
      ? { name: decodeQueryPart(pair), value: "" }
      : { name: decodeQueryPart(pair.slice(0, equals)), value: decodeQueryPart(pair.slice(equals + 1)) };
  });
}

// The provenance (`provenance`, or a HAR's `log._provenance`) says what the allow-list replaced.
function withNotes(
  value: Record<string, unknown>,
  where: "provenance" | "log",
  replaced: Replaced,
  order: string[],
): Record<string, unknown> {
  if (replaced.size === 0) return value;
  const holder = where === "log" ? (value.log as Record<string, unknown>) : value;
  const key = where === "log" ? "_provenance" : "provenance";
  const provenance: Record<string, unknown> = isObject(holder[key])
    ? { ...holder[key] }
    : { source: "unknown" };
  const notes = Array.isArray(provenance.notes) ? [...provenance.notes] : [];
  for (const note of replaced.notes()) if (!notes.includes(note)) notes.push(note);
  provenance.notes = notes;
  holder[key] = provenance;
  return where === "log" ? value : ordered(value, order);
}

function ordered(object: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in object) out[key] = object[key];
  for (const [key, value] of Object.entries(object)) if (!(key in out)) out[key] = value;
  return out;
}
