/**
 * What a recording keeps of an exchange, decided by the spec: an allow-list, not a list of secret
 * shapes. Values at locations the spec declares (body properties of the operation's response,
 * documented headers, declared query parameters) are kept without the access token; a value the
 * spec marks secret (`format: password`, `writeOnly`, `x-recording: secret`) is replaced; anything
 * the spec does not declare keeps its name and JSON type, never its value. `pc-customers record`
 * and the normaliser of recordings both write through this module.
 */
import { REDACTED, redactToken } from "partner-center-customers/redact";
import { isObject } from "./is-object.js";
import { pathOf, templatePattern } from "./rules.js";
import { type OpenApiDocument, resolveRef } from "./spec.js";

/** What a body that is not JSON becomes (the spec declares JSON bodies only). */
export const TEXT_PLACEHOLDER = "[text]";

/**
 * What a replaced value becomes inside a URL (a query value, a fragment, the token in a path or a
 * declared value): REDACTED percent-encoded, so that the URL stays one the spec's patterns accept.
 */
export const URL_REDACTED = encodeURIComponent(REDACTED);

/** What an undeclared string becomes; numbers become 0, booleans false. */
export const STRING_PLACEHOLDER = "[string]";

/**
 * Headers kept although the spec does not document them: they frame a message, never identify
 * anyone (`accept` is the media type asked for: OpenAPI declares it in the responses' content,
 * never as a parameter).
 */
export const HARMLESS_HEADERS: ReadonlySet<string> = new Set(
  "accept content-type content-length date cache-control vary user-agent expect".split(" "),
);

// Data deeper than this keeps only its shape: a hostile body cannot exhaust the stack.
const MAX_DEPTH = 64;
// A recording's notes name at most this many keys, headers or parameters of each kind.
const MAX_NAMED = 20;

/** Why a value was replaced. */
export type ReplacedKind = "token" | "property" | "secret" | "header" | "query" | "text";

const SAYS: Record<ReplacedKind, string> = {
  token: `The access token, where the server echoed it, was replaced by ${REDACTED}`,
  property: `Properties the spec does not declare keep their key and type, their values were replaced (${STRING_PLACEHOLDER}, 0, false)`,
  secret: `Values the spec marks as secret were replaced by ${REDACTED}`,
  header: `Headers the spec does not document keep their name, their values were replaced by ${REDACTED}`,
  query: `Query parameters the spec does not declare keep their name, their values were replaced by ${URL_REDACTED}`,
  text: `Bodies that are not JSON were replaced by ${TEXT_PLACEHOLDER}`,
};

/** What the allow-list replaced in one recording; its notes say so in words. */
export class Replaced {
  readonly #kinds = new Map<ReplacedKind, Set<string>>();

  /** Notes that the value of `name` (a key, header or parameter; none for token and text) was replaced. */
  add(kind: ReplacedKind, name?: string): void {
    const names = this.#kinds.get(kind) ?? new Set<string>();
    this.#kinds.set(kind, name === undefined ? names : names.add(name));
  }

  /** How many kinds of replacement there were. */
  get size(): number {
    return this.#kinds.size;
  }

  /** One sentence per kind, naming at most 20 keys, headers or parameters each. */
  notes(): string[] {
    return [...this.#kinds.keys()].sort().map((kind) => {
      const names = [...(this.#kinds.get(kind) ?? [])].sort().map((n) => JSON.stringify(n));
      const more = names.length > MAX_NAMED ? ` and ${names.length - MAX_NAMED} more` : "";
      return `${SAYS[kind]}${names.length > 0 ? `: ${names.slice(0, MAX_NAMED).join(", ")}${more}` : ""}.`;
    });
  }
}

/**
 * `value` with its keys (each through `key`) and JSON types kept and every value replaced:
 * `"[string]"`, `0`, `false`, `null`; arrays and objects keep their shape.
 */
export function placeholderOf(value: unknown, key: (key: string) => string = (k) => k, depth = 0): unknown {
  if (typeof value === "string") return STRING_PLACEHOLDER;
  if (typeof value === "number" || typeof value === "bigint") return 0;
  if (typeof value === "boolean") return false;
  if (typeof value !== "object" || value === null) return null;
  const deeper = depth < MAX_DEPTH;
  if (Array.isArray(value)) return deeper ? value.map((v) => placeholderOf(v, key, depth + 1)) : [];
  // fromEntries defines its keys: a key `__proto__` is data like any other.
  const entries = deeper ? Object.entries(value) : [];
  return Object.fromEntries(entries.map(([k, v]) => [key(k), placeholderOf(v, key, depth + 1)]));
}

/** How the parts of one exchange are recorded (`Sanitiser.exchange`). */
export interface ExchangeSanitiser {
  /** A URL: path kept, declared query values kept, others' values replaced; no token. */
  url(url: string): string;
  /** A header name (or any key) without the token. */
  name(name: string): string;
  /** A header's value (lower-case name) on the request or response side. */
  header(side: "request" | "response", name: string, value: string): string;
  /** A parsed request body (the operation declares none: keys and types only). */
  requestBody(body: unknown): unknown;
  /** A parsed response body along its status's schema, or `schema` (another endpoint's body). */
  responseBody(body: unknown, schema?: unknown): unknown;
  /** A body that is not JSON. */
  text(text: string): string;
}

interface Operation {
  method: string;
  pattern: RegExp;
  /** Declared query parameters, lower case (the service binds them without case). */
  query: Set<string>;
  schemas: Map<string, unknown>;
}

/** A schema with its `allOf`, `anyOf` and `oneOf` branches merged. */
interface Shape {
  properties: Map<string, unknown>;
  additional: unknown;
  items: unknown;
  secret: boolean;
  url: boolean;
}

type Clean = (text: string) => string;

/** The spec's allow-list for recordings. Made once per document. */
export class Sanitiser {
  readonly #document: OpenApiDocument;
  readonly #operations: Operation[] = [];
  // A header the spec documents anywhere means the same on any status or endpoint of the service.
  readonly #headers = { request: new Set<string>(), response: new Set<string>() };
  // Parameters marked secret, and the schemes (`bearer`) an Authorization header may show.
  readonly #secret = new Set<string>();
  readonly #schemes = new Set<string>();
  readonly #shapes = new WeakMap<object, Shape>();

  constructor(document: OpenApiDocument) {
    this.#document = document;
    for (const [template, item] of Object.entries(document.paths ?? {}))
      for (const [method, raw] of Object.entries(item)) {
        const op = raw as { parameters?: unknown[]; responses?: Record<string, unknown> };
        if (typeof op !== "object" || op === null || op.responses === undefined) continue;
        const query = new Set<string>();
        const schemas = new Map<string, unknown>();
        for (const rawParam of [...((item.parameters as unknown[]) ?? []), ...(op.parameters ?? [])]) {
          const p = resolveRef<{ name?: unknown; in?: unknown; schema?: unknown }>(document, rawParam);
          if (typeof p.name !== "string") continue;
          const name = p.name.toLowerCase();
          if (p.in === "query") query.add(name);
          if (p.in === "header") this.#headers.request.add(name);
          if (isSecret(p) || isSecret(resolveRef(document, p.schema ?? {}))) this.#secret.add(name);
        }
        for (const [status, rawResponse] of Object.entries(op.responses)) {
          type Response = { headers?: object; content?: Record<string, { schema?: unknown }> };
          const response = resolveRef<Response>(document, rawResponse);
          for (const name of Object.keys(response.headers ?? {}))
            this.#headers.response.add(name.toLowerCase());
          schemas.set(status, Object.values(response.content ?? {}).find((c) => c?.schema)?.schema);
        }
        this.#operations.push({ method, pattern: templatePattern(template), query, schemas });
      }
    for (const raw of Object.values(document.components?.securitySchemes ?? {})) {
      const scheme = resolveRef<{ type?: unknown; scheme?: unknown }>(document, raw);
      if (scheme.type === "http" && typeof scheme.scheme === "string")
        this.#schemes.add(scheme.scheme.toLowerCase());
    }
  }

  /** The component schema `name` (`Customer`), for a body of an endpoint outside the spec. */
  component(name: string): unknown {
    const schemas = this.#document.components?.schemas ?? {};
    return Object.hasOwn(schemas, name) ? schemas[name] : undefined;
  }

  /**
   * How to record one exchange: `method url` picks the operation, `status` its response schema.
   * `token`, the access token the request sent, is removed from all that is kept; `replaced`
   * hears what was replaced.
   */
  exchange(
    method: string,
    url: string,
    status: number | undefined,
    token: string | undefined,
    replaced: Replaced,
  ): ExchangeSanitiser {
    const operation = this.#operation(method, url);
    const keys = status === undefined ? [] : [String(status), `${String(status)[0]}XX`, "default"];
    const schema = keys.map((key) => operation?.schemas.get(key)).find((found) => found !== undefined);
    const clean = (text: string): string => {
      const out = token ? redactToken(text, token) : text;
      if (out !== text) replaced.add("token");
      return out;
    };
    const whole = "(the whole body: the spec has no schema for it)";
    return {
      url: (value) => this.#url(value, operation, clean, replaced),
      name: clean,
      header: (side, name, value) => {
        let kept = REDACTED;
        if (name === "authorization" || name === "proxy-authorization") {
          // The scheme word is the spec's (`Bearer`); the credential never is.
          const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(value)?.[1];
          if (scheme && this.#schemes.has(scheme.toLowerCase())) kept = `${scheme} ${REDACTED}`;
        } else if (!this.#secret.has(name) && (this.#headers[side].has(name) || HARMLESS_HEADERS.has(name))) {
          return clean(value);
        }
        if (kept !== value) replaced.add("header", name);
        return kept;
      },
      requestBody: (value) => this.#body(value, undefined, 0, whole, clean, replaced),
      responseBody: (value, other) => this.#body(value, other ?? schema, 0, whole, clean, replaced),
      text: (text) => {
        if (text !== TEXT_PLACEHOLDER) replaced.add("text");
        return TEXT_PLACEHOLDER;
      },
    };
  }

  #operation(method: string, url: string): Operation | undefined {
    const path = pathOf(url);
    return this.#operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(path));
  }

  // A URL keeps its path and the values of the query parameters `operation` declares; a fragment
  // is not the API's.
  #url(url: string, operation: Operation | undefined, cleanText: Clean, replaced: Replaced): string {
    const clean: Clean = (text) => cleanText(text).split(REDACTED).join(URL_REDACTED);
    const placeholder = (text: string) => text === URL_REDACTED || text === REDACTED;
    const [beforeHash = "", ...fragment] = url.split("#");
    if (fragment.length > 0 && !placeholder(fragment.join("#"))) replaced.add("query", "#");
    const [path = "", ...query] = beforeHash.split("?");
    const search = query.join("?");
    const pairs = search.split("&").map((pair) => {
      const [rawName = "", ...value] = pair.split("=");
      const name = decodeQueryPart(rawName).toLowerCase();
      if (value.length === 0) return clean(rawName);
      if (operation?.query.has(name) && !this.#secret.has(name))
        return `${clean(rawName)}=${clean(value.join("="))}`;
      if (!placeholder(value.join("="))) replaced.add("query", decodeQueryPart(clean(rawName)));
      return `${clean(rawName)}=${URL_REDACTED}`;
    });
    return `${clean(path)}${query.length > 0 ? `?${pairs.join("&")}` : ""}${fragment.length > 0 ? `#${URL_REDACTED}` : ""}`;
  }

  #body(data: unknown, raw: unknown, depth: number, name: string, clean: Clean, replaced: Replaced): unknown {
    if (raw === undefined || depth >= MAX_DEPTH) {
      if (!isPlaceholder(data)) replaced.add("property", name);
      return placeholderOf(data, clean);
    }
    const shape = this.#shape(raw);
    if (shape.secret) {
      if (data !== REDACTED && !isPlaceholder(data)) replaced.add("secret", name);
      return typeof data === "string" ? REDACTED : placeholderOf(data, clean);
    }
    if (typeof data === "string") {
      if (!shape.url) return clean(data);
      // A link's query is judged by the operation its path names (with `/v1` when it lacks it).
      const v1 = `/v1${data.startsWith("/") ? "" : "/"}${data}`;
      return this.#url(data, this.#operation("get", data) ?? this.#operation("get", v1), clean, replaced);
    }
    if (typeof data !== "object" || data === null) return data;
    if (Array.isArray(data))
      return data.map((item) => this.#body(item, shape.items ?? {}, depth + 1, name, clean, replaced));
    // As in `placeholderOf`, fromEntries keeps a key `__proto__` as data.
    const entries = Object.entries(data).map(([key, child]) => {
      const declared = shape.properties.get(key) ?? shape.additional;
      return [clean(key), this.#body(child, declared, depth + 1, clean(key), clean, replaced)];
    });
    return Object.fromEntries(entries);
  }

  #shape(raw: unknown): Shape {
    const key = typeof raw === "object" && raw !== null ? raw : {};
    let shape = this.#shapes.get(key);
    if (!shape) {
      shape = { properties: new Map(), additional: undefined, items: undefined, secret: false, url: false };
      this.#merge(raw, shape, 0);
      this.#shapes.set(key, shape);
    }
    return shape;
  }

  #merge(raw: unknown, shape: Shape, depth: number): void {
    const schema = depth > 16 ? undefined : resolveRef(this.#document, raw);
    if (!isObject(schema)) return;
    shape.secret ||= isSecret(schema);
    shape.url ||=
      schema["x-recording"] === "url" || schema.format === "uri" || schema.format === "uri-reference";
    for (const [name, child] of Object.entries(isObject(schema.properties) ? schema.properties : {}))
      if (!shape.properties.has(name)) shape.properties.set(name, child);
    if (isObject(schema.additionalProperties)) shape.additional ??= schema.additionalProperties;
    if (isObject(schema.patternProperties)) shape.additional ??= {};
    if (isObject(schema.items)) shape.items ??= schema.items;
    for (const branch of [schema.allOf, schema.anyOf, schema.oneOf])
      if (Array.isArray(branch)) for (const part of branch) this.#merge(part, shape, depth + 1);
  }
}

/** Whether the spec marks a schema's (or a parameter's) value as secret. */
function isSecret(schema: unknown): boolean {
  const s = schema as Record<string, unknown> | null;
  return s?.format === "password" || s?.writeOnly === true || s?.["x-recording"] === "secret";
}

// Whether `value` is already what `placeholderOf` makes of it (a recording normalised twice).
function isPlaceholder(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value === STRING_PLACEHOLDER;
  if (typeof value === "number") return value === 0;
  if (typeof value === "boolean") return value === false;
  if (typeof value !== "object" || value === null) return true;
  return depth < MAX_DEPTH && Object.values(value).every((child) => isPlaceholder(child, depth + 1));
}

/** A query string's name or value, decoded (`+` is a space); as it is when it is not valid. */
export function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
