/**
 * The normal form of recordings (test/recordings/**\/*.json and *.har), so that a diff of a
 * recording shows what changed in the API and nothing else. The rules are written down in
 * test/recordings/README.md; this module is their only implementation
 * (scripts/normalise-recordings.ts applies it to files). Secrets go through the client's one
 * redaction core.
 */
import { basename } from "node:path";
import { redactShapes, redactValue } from "partner-center-customers/redact";
import { stripBom } from "./bom.js";
import {
  ID_HEADERS,
  LENGTH_HEADER,
  redactedHeaderValue,
  SECRET_HEADERS,
  TRANSPORT_HEADERS,
} from "./normal-form.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TOP_ORDER = ["provenance", "request", "response"];
const REQUEST_ORDER = ["method", "url", "headers"];
const RESPONSE_ORDER = ["status", "headers", "body", "bodyText"];
const PROVENANCE_ORDER = ["source", "capturedAt", "notes", "knownDefects", "expectedViolations"];
// HAR fields that change on every capture and say nothing about the API.
const HAR_TIMINGS = { send: 0, wait: 0, receive: 0 };

/** The result of normalising one file's text. */
export type Normalised = { ok: true; text: string } | { ok: false; message: string };

/**
 * A verbatim copy of a documentation sample (`*.raw.json`) keeps its headers as printed, its
 * `content-length` and `date` included: only formatting, header-name and secret rules apply.
 */
export function isVerbatim(file: string): boolean {
  return basename(file).endsWith(".raw.json");
}

/** The normal form of a recording's text; never throws. */
export function normaliseText(text: string, file: string): Normalised {
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
  const verbatim = isVerbatim(file);
  let out: unknown;
  if (isObject(value) && isObject(value.log) && Array.isArray(value.log.entries)) {
    out = normaliseHar(value, verbatim);
  } else if (isObject(value) && isObject(value.request) && isObject(value.response)) {
    out = normaliseExchange(value, verbatim);
  } else {
    out = redactDeep(value);
  }
  return { ok: true, text: `${JSON.stringify(out, null, 2)}\n` };
}

function normaliseExchange(exchange: Record<string, unknown>, verbatim: boolean): Record<string, unknown> {
  const request = exchange.request as Record<string, unknown>;
  const response = exchange.response as Record<string, unknown>;
  const out: Record<string, unknown> = { ...exchange };
  if (isObject(exchange.provenance)) out.provenance = ordered(exchange.provenance, PROVENANCE_ORDER);
  out.request = ordered(
    {
      ...request,
      ...(typeof request.method === "string" ? { method: request.method.toUpperCase() } : {}),
      ...(typeof request.url === "string" ? { url: redactText(request.url) } : {}),
      ...(isObject(request.headers) ? { headers: normaliseHeaderObject(request.headers, verbatim) } : {}),
      ...("body" in request ? { body: redactDeep(request.body) } : {}),
    },
    REQUEST_ORDER,
  );
  out.response = ordered(
    {
      ...response,
      ...(isObject(response.headers) ? { headers: normaliseHeaderObject(response.headers, verbatim) } : {}),
      ...("body" in response ? { body: redactDeep(response.body) } : {}),
      ...(typeof response.bodyText === "string" ? { bodyText: redactText(response.bodyText) } : {}),
    },
    RESPONSE_ORDER,
  );
  return ordered(out, TOP_ORDER);
}

function normaliseHar(har: Record<string, unknown>, verbatim: boolean): Record<string, unknown> {
  const log = har.log as Record<string, unknown>;
  const entries = (log.entries as unknown[]).map((raw) => {
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
    for (const part of ["request", "response"] as const) {
      const message = entry[part];
      if (!isObject(message)) continue;
      const next: Record<string, unknown> = { ...message };
      if (typeof next.url === "string") next.url = redactText(next.url);
      if (Array.isArray(next.headers)) next.headers = normaliseHeaderList(next.headers, verbatim);
      if (Array.isArray(next.cookies)) next.cookies = [];
      if ("headersSize" in next) next.headersSize = -1;
      if ("bodySize" in next) next.bodySize = -1;
      if (isObject(next.content) && typeof next.content.text === "string") {
        next.content = { ...next.content, text: redactText(next.content.text) };
      }
      if (isObject(next.postData) && typeof next.postData.text === "string") {
        next.postData = { ...next.postData, text: redactText(next.postData.text) };
      }
      entry[part] = next;
    }
    return entry;
  });
  return { ...har, log: { ...log, entries } };
}

/** Header object: names lower-cased and sorted, transport headers dropped, secrets redacted. */
export function normaliseHeaderObject(
  headers: Record<string, unknown>,
  verbatim = false,
): Record<string, unknown> {
  const pairs = Object.entries(headers)
    .map(([name, value]) => normaliseHeader(name, value, verbatim))
    .filter((pair): pair is [string, unknown] => pair !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(pairs);
}

function normaliseHeaderList(headers: unknown[], verbatim: boolean): unknown[] {
  const out: Array<Record<string, unknown>> = [];
  for (const h of headers) {
    if (!isObject(h) || typeof h.name !== "string") continue;
    const pair = normaliseHeader(h.name, h.value, verbatim);
    if (pair) out.push({ ...h, name: pair[0], value: pair[1] });
  }
  // Stable: repeated headers keep their relative order.
  return out.sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
}

function normaliseHeader(rawName: string, value: unknown, verbatim: boolean): [string, unknown] | undefined {
  const name = rawName.trim().toLowerCase();
  if (TRANSPORT_HEADERS.has(name)) return undefined;
  if (name === LENGTH_HEADER && !verbatim) return undefined;
  if (typeof value !== "string") return [name, value];
  let v = value.trim();
  if (SECRET_HEADERS.has(name)) return [name, redactedHeaderValue(name, v)];
  v = redactText(v);
  if (!verbatim && name === "date") {
    const time = Date.parse(v);
    if (!Number.isNaN(time)) v = new Date(time).toUTCString();
  }
  if (!verbatim && ID_HEADERS.has(name) && GUID.test(v)) v = v.toLowerCase();
  return [name, v];
}

const redactText = redactShapes;

function redactDeep(value: unknown): unknown {
  return redactValue(value, redactShapes);
}

function ordered(object: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in object) out[key] = object[key];
  for (const [key, value] of Object.entries(object)) if (!(key in out)) out[key] = value;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
