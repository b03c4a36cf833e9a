/**
 * What a recording keeps of an exchange, decided by the spec: an allow-list, not a list of secret
 * shapes. Values at locations the spec declares (the operation's query parameters and headers, the
 * response's headers and body schema) are kept, with only the exact access token removed; a value
 * the spec marks as secret (`format: password`, `writeOnly`, `x-recording: secret`) is replaced; a
 * property the spec does not declare keeps its key and its JSON type, never its value; a header the
 * spec does not document keeps its name, not its value, unless it is one of `HARMLESS_HEADERS`; a
 * query parameter the spec does not declare keeps its name, not its value. `pc-customers record`
 * and the normaliser of recordings both write through this module.
 */
import { REDACTED, redactToken } from "partner-center-customers/redact";
import { pathOf, templatePattern } from "./rules.js";
import { type OpenApiDocument, resolveRef } from "./spec.js";

/** The value a recording keeps of a body that is not JSON (the spec declares JSON bodies only). */
export const TEXT_PLACEHOLDER = "[text]";

/** The value an undeclared string is replaced with; numbers become 0, booleans false. */
export const STRING_PLACEHOLDER = "[string]";

/**
 * Headers whose value is kept although the spec does not document them: they say how a message is
 * framed and when it was sent, never who sent it.
 */
export const HARMLESS_HEADERS: ReadonlySet<string> = new Set([
  "content-type",
  "content-length",
  "date",
  "cache-control",
  "vary",
  "user-agent",
  "expect",
]);

// Deeper than this, data is not walked: its value is not kept (a hostile body cannot exhaust the stack).
const MAX_DEPTH = 64;
// A recording's notes name at most this many keys or headers of each kind.
const MAX_NAMED = 20;

/**
 * `value` with its JSON type and keys kept (each through `key`) and every value replaced by a
 * placeholder of its type: `"[string]"`, `0`, `false`, `null`; arrays and objects keep their shape.
 */
export function placeholderOf(value: unknown, key: (key: string) => string = (k) => k, depth = 0): unknown {
  switch (typeof value) {
    case "string":
      return STRING_PLACEHOLDER;
    case "number":
    case "bigint":
      return 0;
    case "boolean":
      return false;
    case "object":
      if (value === null) return null;
      if (depth >= MAX_DEPTH) return Array.isArray(value) ? [] : {};
      if (Array.isArray(value)) return value.map((item) => placeholderOf(item, key, depth + 1));
      return mapKeys(value as Record<string, unknown>, key, (child) => placeholderOf(child, key, depth + 1));
    default:
      return null;
  }
}

/** What the sanitiser replaced in one recording, by kind; the recording's notes say it in words. */
export class Replaced {
  readonly #kinds = new Map<string, Set<string>>();
  #token = false;

  /** Notes that `name` (a key, header or parameter) had its value replaced for `kind`'s reason. */
  add(kind: ReplacedKind, name: string): void {
    const names = this.#kinds.get(kind) ?? new Set<string>();
    this.#kinds.set(kind, names.add(name));
  }

  /** Notes that the access token was found (and removed) somewhere. */
  token(): void {
    this.#token = true;
  }

  /** Whether anything was replaced. */
  get size(): number {
    return this.#kinds.size + (this.#token ? 1 : 0);
  }

  /** One sentence per kind of replacement, sorted, naming at most 20 keys or headers each. */
  notes(): string[] {
    const out: string[] = [];
    if (this.#token) out.push(`The access token, where the server echoed it, was replaced by ${REDACTED}.`);
    for (const kind of [...this.#kinds.keys()].sort()) {
      if (kind === "text") {
        out.push(`${KIND_TEXT.text}.`);
        continue;
      }
      const names = [...(this.#kinds.get(kind) ?? [])].sort();
      const shown = names.slice(0, MAX_NAMED).map((n) => JSON.stringify(n));
      const more = names.length > MAX_NAMED ? ` and ${names.length - MAX_NAMED} more` : "";
      out.push(`${KIND_TEXT[kind as ReplacedKind]}: ${shown.join(", ")}${more}.`);
    }
    return out;
  }
}

/** Why a value was replaced. */
export type ReplacedKind = "property" | "secret" | "header" | "query" | "text";

const KIND_TEXT: Record<ReplacedKind, string> = {
  property: `Properties the spec does not declare keep their key and type, their values were replaced (${STRING_PLACEHOLDER}, 0, false)`,
  secret: `Values the spec marks as secret were replaced by ${REDACTED}`,
  header: `Headers the spec does not document keep their name, their values were replaced by ${REDACTED}`,
  query: `Query parameters the spec does not declare keep their name, their values were replaced by ${REDACTED}`,
  text: `Bodies that are not JSON were replaced by ${TEXT_PLACEHOLDER}`,
};

/** One operation of the spec as the sanitiser reads it. */
interface OperationShape {
  method: string;
  pattern: RegExp;
  /** Declared query parameters, lower case (the service binds them case-insensitively). */
  query: Set<string>;
  /** Declared request headers, lower case. */
  headers: Set<string>;
  /** Parameters marked secret, lower case. */
  secret: Set<string>;
  responses: Map<string, { headers: Set<string>; schema: unknown }>;
}

/** A schema with its `allOf`, `anyOf` and `oneOf` branches merged, as the body walk needs it. */
interface Shape {
  properties: Map<string, unknown>;
  additional: unknown;
  items: unknown;
  secret: boolean;
  url: boolean;
}

/** How one exchange's parts are recorded: built by `Sanitiser.exchange`. */
export interface ExchangeSanitiser {
  /** The request URL: declared query values kept, the others' values replaced, the token removed. */
  url(url: string): string;
  /** A header's name (or any key) with the token removed. */
  name(name: string): string;
  /** A request header's value (name in lower case). */
  requestHeader(name: string, value: string): string;
  /** A response header's value (name in lower case). */
  responseHeader(name: string, value: string): string;
  /** A parsed request body: the operation declares none, so only keys and types are kept. */
  requestBody(body: unknown): unknown;
  /** A parsed response body, along the schema of its status (or, for another endpoint, `schema`). */
  responseBody(body: unknown, schema?: unknown): unknown;
  /** A body that is not JSON. */
  text(text: string): string;
}

/** The spec's allow-list for recordings. Made once per document. */
export class Sanitiser {
  readonly #document: OpenApiDocument;
  readonly #operations: OperationShape[];
  readonly #schemes: Set<string>;
  readonly #schemeHeaders: Set<string>;
  readonly #shapes = new WeakMap<object, Shape>();
  // A header the spec documents anywhere (any operation, any status) says what it means wherever
  // it occurs: an undeclared status or another endpoint of the same service sends the same ids.
  readonly #requestHeaders = new Set<string>();
  readonly #responseHeaders = new Set<string>();
  readonly #secretHeaders = new Set<string>();

  constructor(document: OpenApiDocument) {
    this.#document = document;
    this.#operations = operationsOf(document);
    for (const operation of this.#operations) {
      for (const name of operation.headers) this.#requestHeaders.add(name);
      for (const response of operation.responses.values())
        for (const name of response.headers) this.#responseHeaders.add(name);
      for (const name of operation.secret) this.#secretHeaders.add(name);
    }
    this.#schemes = new Set();
    this.#schemeHeaders = new Set(["authorization", "proxy-authorization"]);
    for (const raw of Object.values(document.components?.securitySchemes ?? {})) {
      const scheme = resolveRef<Record<string, unknown>>(document, raw);
      if (scheme.type === "http" && typeof scheme.scheme === "string")
        this.#schemes.add(scheme.scheme.toLowerCase());
      if (scheme.type === "apiKey" && scheme.in === "header" && typeof scheme.name === "string")
        this.#schemeHeaders.add(scheme.name.toLowerCase());
    }
  }

  /** The component schema `name` (`Customer`), for a body of an endpoint outside the spec. */
  component(name: string): unknown {
    const schemas = this.#document.components?.schemas ?? {};
    return Object.hasOwn(schemas, name) ? schemas[name] : undefined;
  }

  /**
   * How to record one exchange: `method url` picks the operation and `status` its response.
   * `token` (the access token the client sent) is removed from everything kept; `replaced`
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
    const response =
      operation && status !== undefined
        ? (operation.responses.get(String(status)) ??
          operation.responses.get(`${String(status)[0]}XX`) ??
          operation.responses.get("default"))
        : undefined;
    const clean = (text: string): string => {
      if (!token) return text;
      const out = redactToken(text, token);
      if (out !== text) replaced.token();
      return out;
    };
    const header = (name: string, value: string, declared: Set<string>): string => {
      if (this.#schemeHeaders.has(name)) {
        // The scheme word is the spec's (`Bearer`); the credential never is.
        const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value)?.[1];
        const kept = scheme && this.#schemes.has(scheme.toLowerCase()) ? `${scheme} ${REDACTED}` : REDACTED;
        if (kept !== value) replaced.add("header", name);
        return kept;
      }
      if (this.#secretHeaders.has(name) || !(declared.has(name) || HARMLESS_HEADERS.has(name))) {
        if (value !== REDACTED) replaced.add("header", name);
        return REDACTED;
      }
      return clean(value);
    };
    const body = (value: unknown, schema: unknown): unknown =>
      this.#body(value, schema, 0, "(the whole body: the spec has no schema for it)", clean, replaced);
    return {
      url: (value) => this.#url(value, operation, clean, replaced),
      name: clean,
      requestHeader: (name, value) => header(name, value, this.#requestHeaders),
      responseHeader: (name, value) => header(name, value, this.#responseHeaders),
      requestBody: (value) => body(value, undefined),
      responseBody: (value, schema) => body(value, schema ?? response?.schema),
      text: (text) => {
        if (text !== TEXT_PLACEHOLDER) replaced.add("text", "body");
        return TEXT_PLACEHOLDER;
      },
    };
  }

  #operation(method: string, url: string): OperationShape | undefined {
    const m = method.toLowerCase();
    const path = pathOf(url);
    return this.#operations.find((o) => o.method === m && o.pattern.test(path));
  }

  // A URL keeps its path (token removed) and the values of the query parameters `operation`
  // declares; a fragment is not the API's.
  #url(
    url: string,
    operation: OperationShape | undefined,
    clean: (text: string) => string,
    replaced: Replaced,
  ): string {
    const hash = url.indexOf("#");
    const withoutFragment = hash < 0 ? url : url.slice(0, hash);
    const question = withoutFragment.indexOf("?");
    const base = clean(question < 0 ? withoutFragment : withoutFragment.slice(0, question));
    const fragment = hash < 0 ? "" : `#${REDACTED}`;
    if (hash >= 0 && url.slice(hash + 1) !== REDACTED) replaced.add("query", "#");
    if (question < 0) return `${base}${fragment}`;
    const pairs = withoutFragment
      .slice(question + 1)
      .split("&")
      .map((pair) => {
        const equals = pair.indexOf("=");
        const rawName = equals < 0 ? pair : pair.slice(0, equals);
        const name = clean(rawName);
        if (equals < 0) return name;
        const value = pair.slice(equals + 1);
        const declared = operation?.query.has(decoded(rawName).toLowerCase()) === true;
        if (declared && !operation?.secret.has(decoded(rawName).toLowerCase()))
          return `${name}=${clean(value)}`;
        if (value !== REDACTED) replaced.add("query", decoded(name));
        return `${name}=${REDACTED}`;
      });
    return `${base}?${pairs.join("&")}${fragment}`;
  }

  #body(
    value: unknown,
    raw: unknown,
    depth: number,
    name: string,
    clean: (text: string) => string,
    replaced: Replaced,
  ): unknown {
    if (raw === undefined || depth >= MAX_DEPTH) {
      if (!isPlaceholder(value)) replaced.add("property", name);
      return placeholderOf(value, clean);
    }
    const shape = this.#shape(raw);
    if (shape.secret) {
      if (value !== REDACTED && !isPlaceholder(value)) replaced.add("secret", name);
      return typeof value === "string" ? REDACTED : placeholderOf(value, clean);
    }
    if (typeof value === "string") return shape.url ? this.#linkUri(value, clean, replaced) : clean(value);
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value))
      return value.map((item) => this.#body(item, shape.items ?? {}, depth + 1, name, clean, replaced));
    const out: Record<string, unknown> = {};
    for (const [rawKey, child] of Object.entries(value)) {
      const key = clean(rawKey);
      const kept = this.#body(
        child,
        shape.properties.get(rawKey) ?? shape.additional,
        depth + 1,
        key,
        clean,
        replaced,
      );
      // Defined, not assigned: a key `__proto__` is data like any other.
      Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  // A link's uri: its query is judged by the operation its path names (with `/v1` when it lacks it).
  #linkUri(uri: string, clean: (text: string) => string, replaced: Replaced): string {
    const operation =
      this.#operation("get", uri) ?? this.#operation("get", `/v1${uri.startsWith("/") ? "" : "/"}${uri}`);
    return this.#url(uri, operation, clean, replaced);
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
    if (depth > 16 || typeof raw !== "object" || raw === null) return;
    const schema = resolveRef<Record<string, unknown>>(this.#document, raw);
    if (typeof schema !== "object" || schema === null) return;
    if (isSecretSchema(schema)) shape.secret = true;
    if (schema["x-recording"] === "url" || schema.format === "uri" || schema.format === "uri-reference")
      shape.url = true;
    if (typeof schema.properties === "object" && schema.properties !== null)
      for (const [name, child] of Object.entries(schema.properties))
        if (!shape.properties.has(name)) shape.properties.set(name, child);
    if (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null)
      shape.additional ??= schema.additionalProperties;
    if (typeof schema.patternProperties === "object" && schema.patternProperties !== null)
      shape.additional ??= {};
    if (typeof schema.items === "object" && schema.items !== null) shape.items ??= schema.items;
    for (const branch of ["allOf", "anyOf", "oneOf"])
      if (Array.isArray(schema[branch]))
        for (const part of schema[branch]) this.#merge(part, shape, depth + 1);
  }
}

/** Whether the spec marks a schema's value as secret. */
function isSecretSchema(schema: Record<string, unknown>): boolean {
  return schema.format === "password" || schema.writeOnly === true || schema["x-recording"] === "secret";
}

function operationsOf(document: OpenApiDocument): OperationShape[] {
  const out: OperationShape[] = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    for (const method of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) {
      const operation = item[method] as
        | { parameters?: unknown[]; responses?: Record<string, unknown> }
        | undefined;
      if (!operation) continue;
      const shape: OperationShape = {
        method,
        pattern: templatePattern(template),
        query: new Set(),
        headers: new Set(),
        secret: new Set(),
        responses: new Map(),
      };
      for (const raw of [
        ...((item.parameters as unknown[] | undefined) ?? []),
        ...(operation.parameters ?? []),
      ]) {
        const p = resolveRef<{ name?: unknown; in?: unknown; schema?: unknown }>(document, raw);
        if (typeof p.name !== "string") continue;
        const name = p.name.toLowerCase();
        if (p.in === "query") shape.query.add(name);
        else if (p.in === "header") shape.headers.add(name);
        const schema = p.schema === undefined ? {} : resolveRef<Record<string, unknown>>(document, p.schema);
        if (isSecretSchema(p as Record<string, unknown>) || isSecretSchema(schema)) shape.secret.add(name);
      }
      for (const [status, raw] of Object.entries(operation.responses ?? {})) {
        const response = resolveRef<{
          headers?: Record<string, unknown>;
          content?: Record<string, { schema?: unknown }>;
        }>(document, raw);
        const content = Object.values(response.content ?? {}).find((c) => c?.schema !== undefined);
        shape.responses.set(status, {
          headers: new Set(Object.keys(response.headers ?? {}).map((h) => h.toLowerCase())),
          schema: content?.schema,
        });
      }
      out.push(shape);
    }
  }
  return out;
}

function mapKeys(
  object: Record<string, unknown>,
  key: (key: string) => string,
  value: (value: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object))
    Object.defineProperty(out, key(k), {
      value: value(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

// Whether `value` is already what `placeholderOf` makes of it (a recording normalised twice).
function isPlaceholder(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value === STRING_PLACEHOLDER;
  if (typeof value === "number") return value === 0;
  if (typeof value === "boolean") return value === false;
  if (typeof value !== "object" || value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  return Object.values(value).every((child) => isPlaceholder(child, depth + 1));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
