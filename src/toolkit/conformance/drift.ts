// Drift: where recordings say more than the spec. The schemas are open on purpose (the service
// adds fields, and a client must keep working), so an undeclared property is no violation; but
// a spec that never hears of it falls behind the API without anyone noticing. This module walks a
// response beside its schema and names, by schema location (`Customer.partnerTier`), each
// property the spec does not declare, each value outside an open enum's known list, each
// response header the spec does not list; and, over a whole run, the declared properties no
// recording ever had.
import { type DriftNode, DriftSchemas, type Schema } from "./drift-schema.js";
import { pointerOf } from "./json-pointer.js";
import type { Exchange } from "./recording.js";
import { findOperation, statusKeyFor } from "./rules.js";
import { type OpenApiDocument, resolveRef } from "./spec.js";

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

/** The declared properties (`Customer.id`) and schema types (`Customer`) some checked body had. */
export interface SeenProperties {
  properties: Set<string>;
  types: Set<string>;
}

/**
 * The drift view of a document's responses: what each response declares, derived from the spec
 * once and kept (a validator holds one). It keeps nothing of what it is shown: each walk returns
 * what it found and saw.
 */
export class DriftModel {
  readonly #document: OpenApiDocument;
  readonly #shapes = new Map<string, ResponseShape | null>();
  readonly #schemas: DriftSchemas;
  readonly #operations;

  constructor(document: OpenApiDocument, operations: Parameters<typeof findOperation>[0]) {
    this.#document = document;
    this.#operations = operations;
    this.#schemas = new DriftSchemas(document);
  }

  /** Every property the spec declares for its responses' bodies, by location, with whether it is required. */
  declared(): Map<string, { required: boolean }> {
    const out = new Map<string, { required: boolean }>();
    const visit = (node: DriftNode, depth: number) => {
      if (depth > 16) return;
      const items = node.items();
      if (items) visit(items, depth + 1);
      for (const key of Object.keys(node.properties)) {
        const property = node.property(key);
        if (property === undefined || out.has(property.location)) continue;
        out.set(property.location, { required: node.required.has(key) });
        visit(property.node, depth + 1);
      }
    };
    for (const op of this.#operations)
      for (const status of op.responses.keys()) {
        const shape = this.#shape(op.method, op.template, status);
        if (shape?.schema) visit(this.#schemas.node(shape.schema, `${shape.opName} ${status}`), 0);
      }
    return out;
  }

  /**
   * Declared properties of objects that were seen, that no exchange had (`Customer.tags`). A type
   * never seen at all (`Address`, when no recording has one) is not listed property by property.
   */
  neverSeen(seen: SeenProperties): string[] {
    const out: string[] = [];
    for (const location of this.declared().keys()) {
      const parent = location.slice(0, location.lastIndexOf("."));
      if (seen.types.has(parent) && !seen.properties.has(location)) out.push(location);
    }
    return out;
  }

  /**
   * The drift of one exchange (no `never-seen`: that is a property of the whole run), folded: a
   * page of 100 customers with the same new field is one exchange that shows it. What its body
   * had of the declared properties and types is added to `seen`.
   */
  exchange(
    method: string,
    url: string,
    status: number,
    headers: Record<string, string>,
    body: unknown,
    entry?: number,
    seen: SeenProperties = { properties: new Set(), types: new Set() },
  ): Drift[] {
    const op = findOperation(this.#operations, method, url);
    const key = op && statusKeyFor(op, status);
    const shape = op && key !== undefined ? this.#shape(op.method, op.template, key) : undefined;
    if (!shape || key === undefined) return [];
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
    if (shape.schema && body !== undefined)
      walkBody(
        this.#schemas.node(shape.schema, `${shape.opName} ${key}`),
        body,
        [],
        (d) => found.push({ ...d, exchanges: 1, ...at }),
        seen,
      );
    return foldDrift(found).map((d) => ({ ...d, exchanges: 1 }));
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

// Deeper than this, from the body, a value is not compared with its schema.
const MAX_DEPTH = 32;

// Walks `value` beside its schema node: each property the spec does not declare, each value
// outside an open enum's known list, and which declared properties and types occurred.
function walkBody(
  at: DriftNode,
  value: unknown,
  path: Array<string | number>,
  report: (d: Omit<Drift, "exchanges">) => void,
  seen: SeenProperties,
): void {
  if (typeof value === "string") {
    const known = at.knownValues();
    if (known && !known.has(value))
      report({ kind: "unlisted-value", location: at.name, pointer: pointerOf(path), value });
    return;
  }
  if (typeof value !== "object" || value === null || path.length > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    const items = at.items();
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walkBody(items, value[i], path, report, seen);
      path.pop();
    }
    return;
  }
  seen.types.add(at.name);
  for (const key of Object.keys(value)) {
    path.push(key);
    const declared = at.property(key);
    if (declared) {
      seen.properties.add(declared.location);
      walkBody(declared.node, (value as Record<string, unknown>)[key], path, report, seen);
    } else if (!at.open && !Object.hasOwn(at.properties, key))
      report({ kind: "undeclared-property", location: `${at.name}.${key}`, pointer: pointerOf(path) });
    path.pop();
  }
}

/** The drift of a file's checked exchanges, folded, and what their bodies had of the spec. */
export function driftOf(
  model: DriftModel,
  exchanges: ReadonlyArray<{ exchange: Exchange; entry?: number; body: unknown }>,
): { drift: Drift[] } & SeenProperties {
  const seen: SeenProperties = { properties: new Set(), types: new Set() };
  const drift: Drift[] = [];
  for (const { exchange, entry, body } of exchanges) {
    const { request, response } = exchange;
    drift.push(
      ...model.exchange(request.method, request.url, response.status, response.headers, body, entry, seen),
    );
  }
  return { drift: foldDrift(drift), ...seen };
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
