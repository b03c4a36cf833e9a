// Drift: where recordings say more than the spec. The schemas are open on purpose (the service
// adds fields, and a client must keep working), so an undeclared property is no violation; but
// a spec that never hears of it falls behind the API without anyone noticing. This module walks a
// response beside its schema and names, by schema location (`Customer.partnerTier`), each
// property the spec does not declare, each value outside an open enum's known list, each
// response header the spec does not list; and, over a whole run, the declared properties no
// recording ever had.
import type { Alongside, WalkPath } from "./alongside.js";
import { type DriftNode, DriftSchemas, type Schema } from "./drift-schema.js";
import { pointerOf } from "./json-pointer.js";
import { findOperation, responseRuleFor } from "./rules.js";
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

/**
 * The drift of a document's responses. One per document (`driftModel`); it also keeps, across
 * every exchange it saw, which declared properties occurred (for `neverSeen` and coverage).
 */
export class DriftModel {
  readonly #document: OpenApiDocument;
  readonly #shapes = new Map<string, ResponseShape | null>();
  readonly #schemas: DriftSchemas;
  readonly #operations;
  // Written only by the walks of this model's bodies, which mark each schema node and property
  // once it is in here (so a page's walk adds nothing it already holds); never emptied.
  readonly #seen = new Set<string>();
  readonly #seenTypes = new Set<string>();

  /** Declared property locations seen in some exchange, in the order first seen. */
  get seen(): ReadonlySet<string> {
    return this.#seen;
  }

  /** Schema locations an object was seen at (`Customer`, `CustomerCompanyProfile`), in the order first seen. */
  get seenTypes(): ReadonlySet<string> {
    return this.#seenTypes;
  }

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
    const drift = this.begin(method, url, status, headers, entry);
    if (drift === undefined) return [];
    drift.walk(body);
    return drift.finish();
  }

  /**
   * The drift of one exchange, begun: its headers' drift is found, its body's is found by a walk
   * beside the body's schema, alone (`walk`) or driven by the secret walk (`beside`). Undefined
   * when the spec has no response for the exchange (nothing to compare with).
   */
  begin(
    method: string,
    url: string,
    status: number,
    headers: Record<string, string>,
    entry?: number,
  ): ExchangeDrift | undefined {
    const op = findOperation(this.#operations, method, url);
    if (!op) return undefined;
    const rule = responseRuleFor(op, status);
    const key = rule && [...op.responses].find(([, r]) => r === rule)?.[0];
    if (key === undefined) return undefined;
    const shape = this.#shape(op.method, op.template, key);
    if (!shape) return undefined;
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
    const root = shape.schema && this.#schemas.node(shape.schema, `${shape.opName} ${key}`);
    return new ExchangeDrift(found, root && { root, seen: this.#seen, seenTypes: this.#seenTypes, entry });
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

/** What a body's walk needs of its model: where it starts and what it records as seen. */
interface BodyContext {
  root: DriftNode;
  seen: Set<string>;
  seenTypes: Set<string>;
  entry: number | undefined;
}

/** One exchange's drift, begun by `DriftModel.begin`: its headers' found, its body's to find. */
export class ExchangeDrift {
  readonly #found: Drift[];
  readonly #context: BodyContext | undefined;
  #body: BodyDrift | undefined;

  constructor(found: Drift[], context: BodyContext | undefined) {
    this.#found = found;
    this.#context = context;
  }

  /**
   * The walk of `body` beside its schema, for the secret walk to drive (`LocateOptions.alongside`);
   * undefined when the spec declares no body schema. Call it once, then `finish`.
   */
  beside(body: object): BodyDrift | undefined {
    if (this.#context === undefined) return undefined;
    this.#body = new BodyDrift(body, this.#context);
    return this.#body;
  }

  /** Walks `body` (undefined: there is none) beside its schema, alone. */
  walk(body: unknown): void {
    if (body === undefined || this.#context === undefined) return;
    this.#body = new BodyDrift(typeof body === "object" && body !== null ? body : {}, this.#context);
    this.#body.enter(0);
    this.#body.alone(body, this.#context.root, []);
  }

  /** The exchange's drift, folded: a page of 100 customers with the same new field is one exchange that shows it. */
  finish(): Drift[] {
    // A body the secret walk did not reach (inside a value it does not go into) is walked now.
    if (this.#body !== undefined && !this.#body.entered) {
      this.#body.enter(0);
      this.#body.alone(this.#body.node, this.#body.start, []);
    }
    const found = this.#body === undefined ? this.#found : [...this.#found, ...this.#body.found];
    return foldDrift(found).map((d) => ({ ...d, exchanges: 1 }));
  }
}

// Deeper than this, from the body, a value is not compared with its schema.
const MAX_DEPTH = 32;

/**
 * The walk of one body beside its schema, step by step (see `Alongside`): each property the spec
 * does not declare, each value outside an open enum's known list, and which declared properties
 * and types occurred.
 */
export class BodyDrift implements Alongside<DriftNode> {
  readonly start: DriftNode;
  /** What the walk found, in the order it met it. */
  readonly found: Drift[] = [];
  #base = 0;
  #entered = false;
  readonly #seen: Set<string>;
  readonly #seenTypes: Set<string>;
  readonly #at: { entry?: number };

  constructor(
    readonly node: object,
    context: BodyContext,
  ) {
    this.start = context.root;
    this.#seen = context.seen;
    this.#seenTypes = context.seenTypes;
    this.#at = context.entry === undefined ? {} : { entry: context.entry };
  }

  /** Whether the walk has begun. */
  get entered(): boolean {
    return this.#entered;
  }

  enter(base: number): void {
    this.#base = base;
    this.#entered = true;
  }

  object(at: DriftNode, path: WalkPath): boolean {
    if (path.length - this.#base > MAX_DEPTH) return false;
    if (!at.recorded) {
      this.#seenTypes.add(at.name);
      at.recorded = true;
    }
    return true;
  }

  property(at: DriftNode, key: string, path: WalkPath): DriftNode | undefined {
    const declared = at.property(key);
    if (declared === undefined) {
      if (!at.open && !Object.hasOwn(at.properties, key))
        this.#report({
          kind: "undeclared-property",
          location: `${at.name}.${key}`,
          pointer: this.#pointer(path),
        });
      return undefined;
    }
    if (!declared.recorded) {
      this.#seen.add(declared.location);
      declared.recorded = true;
    }
    return declared.node;
  }

  items(at: DriftNode, path: WalkPath): DriftNode | undefined {
    return path.length - this.#base > MAX_DEPTH ? undefined : at.items();
  }

  string(at: DriftNode, value: string, path: WalkPath): void {
    const known = at.knownValues();
    if (known && !known.has(value))
      this.#report({ kind: "unlisted-value", location: at.name, pointer: this.#pointer(path), value });
  }

  alone(value: unknown, at: DriftNode, path: WalkPath): void {
    if (typeof value === "string") {
      this.string(at, value, path);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      const items = this.items(at, path);
      if (!items) return;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        this.alone(value[i], items, path);
        path.pop();
      }
      return;
    }
    if (!this.object(at, path)) return;
    // Object.keys: the own enumerable keys, in the order for-in with hasOwn gives them.
    for (const key of Object.keys(value)) {
      path.push(key);
      const child = this.property(at, key, path);
      if (child) this.alone((value as Record<string, unknown>)[key], child, path);
      path.pop();
    }
  }

  #pointer(path: WalkPath): string {
    return pointerOf(this.#base === 0 ? path : path.slice(this.#base));
  }

  #report(d: Omit<Drift, "exchanges">): void {
    this.found.push({ ...d, exchanges: 1, ...this.#at });
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
