/**
 * The drift model as it was before drift walked a body together with the secret walk (commit
 * 25df9d6, src/toolkit/conformance/drift.ts), kept as the reference a property test compares
 * the checker's one walk with (test/unit/toolkit/one-walk-property.test.ts).
 */
import { pointerOf } from "../../src/toolkit/conformance/json-pointer.js";
import { findOperation, responseRuleFor } from "../../src/toolkit/conformance/rules.js";
import { type OpenApiDocument, resolveRef } from "../../src/toolkit/conformance/spec.js";

/** What kind of drift. */
export type DriftKind = "undeclared-property" | "unlisted-value" | "undeclared-header" | "never-seen";

/** One drift finding in one file. */
export interface Drift {
  kind: DriftKind;
  /** Where in the spec: `Customer.partnerTier`, `GET /v1/customers 200 header X-Foo`. */
  location: string;
  /** Where in the first exchange it was seen: a JSON pointer into the body, or the header's name. */
  pointer: string;
  /** The HAR entry of the first exchange it was seen in. */
  entry?: number;
  /** For `unlisted-value`: the value. */
  value?: string;
  /** How many exchanges of the file showed it. */
  exchanges: number;
}

type Schema = Record<string, unknown>;

/** A schema's properties, required names and items, with allOf merged. */
interface Merged {
  properties: Record<string, unknown>;
  required: Set<string>;
  items: { schema: Schema; name: string } | undefined;
  /** No declared properties (a free-form object), or any allowed through patternProperties. */
  open: boolean;
  /** Each declared property's location (`Customer.id`), made once. */
  locations: Map<string, string>;
  /** Each declared property's schema and name, found on first use. */
  targets: Map<string, { schema: Schema; name: string }>;
}

/** A response's schema and the headers the spec lists for it. */
interface ResponseShape {
  opName: string;
  status: string;
  schema: Schema | undefined;
  headers: Set<string>;
}

// Headers about the transport, the CDN or the web server, never part of an API's contract.
const INFRASTRUCTURE_HEADERS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
  "server",
  "vary",
  "cache-control",
  "pragma",
  "expires",
  "age",
  "etag",
  "last-modified",
  "accept-ranges",
  "via",
  "alt-svc",
  "strict-transport-security",
  "x-content-type-options",
  "x-frame-options",
  "x-xss-protection",
  "content-security-policy",
  "referrer-policy",
  "report-to",
  "nel",
  "x-powered-by",
  "x-aspnet-version",
  "x-cache",
  "x-azure-ref",
  "x-msedge-ref",
  "x-fd-int-roxy-purgeid",
  "timing-allow-origin",
  "set-cookie",
  "request-context",
  "www-authenticate",
  "status",
]);

/** Whether a response header is the transport's or the infrastructure's, not the API's. */
export function isInfrastructureHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return INFRASTRUCTURE_HEADERS.has(lower) || lower.startsWith("access-control-") || lower.startsWith(":");
}

/**
 * The drift of a document's responses. One per document (`driftModel`); it also keeps, across
 * every exchange it saw, which declared properties occurred (for `neverSeen` and coverage).
 */
export class ReferenceDriftModel {
  readonly #document: OpenApiDocument;
  readonly #shapes = new Map<string, ResponseShape | null>();
  // The walk visits every value of every page: what it derives from a schema is derived once.
  readonly #mergedCache = new WeakMap<Schema, Map<string, Merged>>();
  readonly #namedCache = new WeakMap<object, Map<string, { schema: Schema; name: string }>>();
  readonly #known = new WeakMap<Schema, Set<unknown> | null>();
  readonly #operations;
  /** Declared property locations seen in some exchange. */
  readonly seen = new Set<string>();
  /** Schema locations an object was seen at (`Customer`, `CustomerCompanyProfile`). */
  readonly seenTypes = new Set<string>();

  constructor(document: OpenApiDocument, operations: Parameters<typeof findOperation>[0]) {
    this.#document = document;
    this.#operations = operations;
  }

  /** Every property the spec declares for its responses' bodies, by location, with whether it is required. */
  declared(): Map<string, { required: boolean }> {
    const out = new Map<string, { required: boolean }>();
    const visit = (schema: Schema | undefined, name: string, depth: number) => {
      if (!schema || depth > 16) return;
      const { properties, required, items } = this.#merged(schema, name);
      if (items) visit(items.schema, items.name, depth + 1);
      for (const [key, property] of Object.entries(properties)) {
        const at = `${name}.${key}`;
        if (out.has(at)) continue;
        out.set(at, { required: required.has(key) });
        const target = this.#named(property, at);
        visit(target.schema, target.name, depth + 1);
      }
    };
    for (const op of this.#operations)
      for (const status of op.responses.keys()) {
        const shape = this.#shape(op.method, op.template, status);
        if (shape?.schema) {
          const { schema, name } = this.#named(shape.schema, `${shape.opName} ${status}`);
          visit(schema, name, 0);
        }
      }
    return out;
  }

  /**
   * Declared properties of objects that were seen, that no exchange had (`Customer.tags`). A type
   * never seen at all (`Address`, when no recording has one) is not listed property by property.
   */
  neverSeen(): string[] {
    const out: string[] = [];
    for (const location of this.declared().keys()) {
      const parent = location.slice(0, location.lastIndexOf("."));
      if (this.seenTypes.has(parent) && !this.seen.has(location)) out.push(location);
    }
    return out;
  }

  /** The drift of one exchange (no `never-seen`: that is a property of the whole run). */
  exchange(
    method: string,
    url: string,
    status: number,
    headers: Record<string, string>,
    body: unknown,
    entry?: number,
  ): Drift[] {
    const op = findOperation(this.#operations, method, url);
    if (!op) return [];
    const rule = responseRuleFor(op, status);
    const key = rule && [...op.responses].find(([, r]) => r === rule)?.[0];
    if (key === undefined) return [];
    const shape = this.#shape(op.method, op.template, key);
    if (!shape) return [];
    const found: Drift[] = [];
    const at = entry === undefined ? {} : { entry };
    for (const name of Object.keys(headers)) {
      if (shape.headers.has(name.toLowerCase()) || isInfrastructureHeader(name)) continue;
      found.push({
        kind: "undeclared-header",
        location: `${shape.opName} ${key} header ${name}`,
        pointer: name,
        exchanges: 1,
        ...at,
      });
    }
    if (shape.schema && body !== undefined) {
      const { schema, name } = this.#named(shape.schema, `${shape.opName} ${key}`);
      this.#walk(body, schema, name, [], (d) => found.push({ ...d, exchanges: 1, ...at }));
    }
    // A page of 100 customers with the same new field is one exchange that shows it, not 100.
    return foldDrift(found).map((d) => ({ ...d, exchanges: 1 }));
  }

  // `path` is the walk's position (keys and indexes), turned into a pointer only for a report.
  #walk(
    node: unknown,
    schema: Schema,
    name: string,
    path: Array<string | number>,
    report: (d: Omit<Drift, "exchanges">) => void,
  ): void {
    if (typeof node !== "object" || node === null || path.length > 32) {
      if (typeof node === "string" && Array.isArray(schema.anyOf)) {
        const known = this.#knownValues(schema);
        if (known && !known.has(node))
          report({ kind: "unlisted-value", location: name, pointer: pointerOf(path), value: node });
      }
      return;
    }
    const merged = this.#merged(schema, name);
    if (Array.isArray(node)) {
      const { items } = merged;
      if (!items) return;
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        this.#walk(node[i], items.schema, items.name, path, report);
        path.pop();
      }
      return;
    }
    this.seenTypes.add(name);
    const { properties, open, locations, targets } = merged;
    // Object.keys: the own enumerable keys, in the order for-in with hasOwn gave them, without a call per key.
    for (const key of Object.keys(node)) {
      const at = locations.get(key);
      path.push(key);
      if (at === undefined) {
        if (!open && !Object.hasOwn(properties, key))
          report({ kind: "undeclared-property", location: `${name}.${key}`, pointer: pointerOf(path) });
      } else {
        this.seen.add(at);
        let target = targets.get(key);
        if (target === undefined) {
          target = this.#named(properties[key], at);
          targets.set(key, target);
        }
        this.#walk((node as Record<string, unknown>)[key], target.schema, target.name, path, report);
      }
      path.pop();
    }
  }

  // The documented values of an open enum (`anyOf` with some branches `enum`, some not): a value
  // outside them is valid (another branch takes it) but not known.
  #knownValues(schema: Schema): Set<unknown> | undefined {
    const cached = this.#known.get(schema);
    if (cached !== undefined) return cached ?? undefined;
    const branches = schema.anyOf as unknown[];
    const lists = branches.map((b) => resolveRef<Schema>(this.#document, b).enum).filter(Array.isArray);
    const known =
      lists.length === 0 || lists.length === branches.length ? null : new Set<unknown>(lists.flat());
    this.#known.set(schema, known);
    return known ?? undefined;
  }

  // A schema's properties, required names and items, with allOf merged; `open` when the schema
  // declares no properties (a free-form object) or allows any through patternProperties.
  #merged(schema: Schema, name: string): Merged {
    let byName = this.#mergedCache.get(schema);
    if (!byName) {
      byName = new Map();
      this.#mergedCache.set(schema, byName);
    }
    let merged = byName.get(name);
    if (!merged) {
      merged = this.#merge(schema, name);
      byName.set(name, merged);
    }
    return merged;
  }

  #merge(schema: Schema, name: string): Merged {
    const properties: Record<string, unknown> = {};
    const required = new Set<string>();
    let items: { schema: Schema; name: string } | undefined;
    let declares = false;
    let open = false;
    const take = (s: Schema, depth: number) => {
      if (depth > 8) return;
      if (s.properties && typeof s.properties === "object") {
        declares = true;
        Object.assign(properties, s.properties);
      }
      if (Array.isArray(s.required)) for (const r of s.required) required.add(String(r));
      if (
        s.patternProperties ||
        (typeof s.additionalProperties === "object" && s.additionalProperties !== null)
      )
        open = true;
      if (s.items && typeof s.items === "object") items = this.#named(s.items, `${name}[]`);
      for (const part of Array.isArray(s.allOf) ? s.allOf : [])
        take(resolveRef<Schema>(this.#document, part), depth + 1);
    };
    take(schema, 0);
    const locations = new Map(Object.keys(properties).map((key) => [key, `${name}.${key}`]));
    return { properties, required, items, open: open || !declares, locations, targets: new Map() };
  }

  // A schema and the name drift calls it by: its component's name when it is a `$ref` to one.
  #named(raw: unknown, fallback: string): { schema: Schema; name: string } {
    if (typeof raw !== "object" || raw === null) return { schema: {}, name: fallback };
    let byName = this.#namedCache.get(raw);
    if (!byName) {
      byName = new Map();
      this.#namedCache.set(raw, byName);
    }
    let named = byName.get(fallback);
    if (!named) {
      named = this.#name(raw, fallback);
      byName.set(fallback, named);
    }
    return named;
  }

  #name(raw: object, fallback: string): { schema: Schema; name: string } {
    const ref = (raw as { $ref?: unknown } | null)?.$ref;
    const name =
      typeof ref === "string" && ref.startsWith("#/components/schemas/")
        ? ref.slice("#/components/schemas/".length)
        : fallback;
    return { schema: resolveRef<Schema>(this.#document, raw) ?? {}, name };
  }

  #shape(method: string, template: string, status: string): ResponseShape | undefined {
    const key = `${method} ${template} ${status}`;
    const cached = this.#shapes.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const operation = this.#document.paths?.[template]?.[method] as
      | { responses?: Record<string, unknown> }
      | undefined;
    const raw = operation?.responses?.[status];
    if (raw === undefined) {
      this.#shapes.set(key, null);
      return undefined;
    }
    const response = resolveRef<{
      content?: Record<string, { schema?: unknown }>;
      headers?: Record<string, unknown>;
    }>(this.#document, raw);
    const media = Object.values(response.content ?? {}).find((m) => m?.schema !== undefined);
    const shape: ResponseShape = {
      opName: `${method.toUpperCase()} ${template}`,
      status,
      schema: media?.schema as Schema | undefined,
      headers: new Set(Object.keys(response.headers ?? {}).map((h) => h.toLowerCase())),
    };
    this.#shapes.set(key, shape);
    return shape;
  }
}

/** Folds one file's per-exchange drift into one finding per kind, location and value, counted. */
export function foldDrift(findings: readonly Drift[]): Drift[] {
  const byKey = new Map<string, Drift>();
  for (const d of findings) {
    const key = `${d.kind}\u0000${d.location}\u0000${d.value ?? ""}`;
    const known = byKey.get(key);
    if (known) known.exchanges += d.exchanges;
    else byKey.set(key, { ...d });
  }
  return [...byKey.values()];
}
