// The spec's response schemas as the drift walk meets them. The walk visits every value of every
// page, so what it needs of a schema (allOf merged, each property's location and schema, an open
// enum's documented values) is derived once per schema and name, the first time it is met, and
// kept on one node: a page's key then costs one lookup. The nodes hold only what the spec says,
// never what a walk saw, so one set of nodes serves any number of walks.
import { type OpenApiDocument, resolveRef } from "./spec.js";

/** A schema object of the spec, as parsed. */
export type Schema = Record<string, unknown>;

/** A property a node declares: where in the spec it is (`Customer.id`) and what its value is. */
export interface DriftProperty {
  readonly location: string;
  /** The node of the property's schema. */
  readonly node: DriftNode;
}

// A declared property before its schema's node is first needed (schemas refer to each other).
interface PendingProperty {
  location: string;
  raw: unknown;
  node?: DriftNode;
}

/** Where a schema's allOf parts are merged: properties, required names, items, openness. */
interface Merged {
  properties: Record<string, unknown>;
  required: Set<string>;
  items: { raw: unknown; name: string } | undefined;
  open: boolean;
  byKey: Map<string, PendingProperty>;
}

/**
 * One schema under the name drift calls it by (`Customer`, `CustomerCollection.items[]`), with
 * what the walk asks of it made on first use.
 */
export class DriftNode {
  readonly #schemas: DriftSchemas;
  #merged: Merged | undefined;
  #items: DriftNode | null | undefined;
  #known: Set<unknown> | null | undefined;

  constructor(
    schemas: DriftSchemas,
    readonly schema: Schema,
    readonly name: string,
  ) {
    this.#schemas = schemas;
  }

  /** The declared properties, allOf merged. */
  get properties(): Record<string, unknown> {
    return this.#merge().properties;
  }

  /** The required property names, allOf merged. */
  get required(): ReadonlySet<string> {
    return this.#merge().required;
  }

  /** No declared properties (a free-form object), or any allowed through patternProperties. */
  get open(): boolean {
    return this.#merge().open;
  }

  /** The node of an array's items (`Name[]` unless a component), if the schema has items. */
  items(): DriftNode | undefined {
    if (this.#items === undefined) {
      const items = this.#merge().items;
      this.#items = items ? this.#schemas.node(items.raw, items.name) : null;
    }
    return this.#items ?? undefined;
  }

  /** A declared property by its key, or undefined when the schema does not declare it. */
  property(key: string): DriftProperty | undefined {
    const pending = this.#merge().byKey.get(key);
    if (pending === undefined) return undefined;
    pending.node ??= this.#schemas.node(pending.raw, pending.location);
    return pending as DriftProperty;
  }

  /**
   * The documented values of an open enum (`anyOf` with some branches `enum`, some not): a value
   * outside them is valid (another branch takes it) but not known. Undefined for any other schema.
   */
  knownValues(): Set<unknown> | undefined {
    if (this.#known === undefined) this.#known = this.#schemas.knownValues(this.schema);
    return this.#known ?? undefined;
  }

  #merge(): Merged {
    this.#merged ??= this.#schemas.merge(this.schema, this.name);
    return this.#merged;
  }
}

/** The drift nodes of one document, each made once. */
export class DriftSchemas {
  readonly #document: OpenApiDocument;
  // By the raw schema (a `$ref` or an inline schema) and the name it would have if not a component.
  readonly #byRaw = new WeakMap<object, Map<string, DriftNode>>();
  // By the resolved schema and its name: two references to one component share a node.
  readonly #byResolved = new WeakMap<Schema, Map<string, DriftNode>>();
  readonly #empty = new Map<string, DriftNode>();

  constructor(document: OpenApiDocument) {
    this.#document = document;
  }

  /** The node of a schema, named by its component when it is a `$ref` to one, else `fallback`. */
  node(raw: unknown, fallback: string): DriftNode {
    if (typeof raw !== "object" || raw === null) return this.#resolved({}, fallback, this.#empty);
    let byName = this.#byRaw.get(raw);
    if (!byName) {
      byName = new Map();
      this.#byRaw.set(raw, byName);
    }
    let node = byName.get(fallback);
    if (!node) {
      const ref = (raw as { $ref?: unknown }).$ref;
      const name =
        typeof ref === "string" && ref.startsWith("#/components/schemas/")
          ? ref.slice("#/components/schemas/".length)
          : fallback;
      const schema = resolveRef<Schema>(this.#document, raw) ?? {};
      node = this.#resolved(schema, name);
      byName.set(fallback, node);
    }
    return node;
  }

  #resolved(schema: Schema, name: string, cache?: Map<string, DriftNode>): DriftNode {
    let byName = cache ?? this.#byResolved.get(schema);
    if (!byName) {
      byName = new Map();
      this.#byResolved.set(schema, byName);
    }
    let node = byName.get(name);
    if (!node) {
      node = new DriftNode(this, schema, name);
      byName.set(name, node);
    }
    return node;
  }

  /** A schema's properties, required names and items with allOf merged (for `DriftNode`). */
  merge(schema: Schema, name: string): Merged {
    const properties: Record<string, unknown> = {};
    const required = new Set<string>();
    let items: Merged["items"];
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
      if (s.items && typeof s.items === "object") items = { raw: s.items, name: `${name}[]` };
      for (const part of Array.isArray(s.allOf) ? s.allOf : [])
        take(resolveRef<Schema>(this.#document, part), depth + 1);
    };
    take(schema, 0);
    const byKey = new Map<string, PendingProperty>(
      Object.keys(properties).map((key) => [key, { location: `${name}.${key}`, raw: properties[key] }]),
    );
    return { properties, required, items, open: open || !declares, byKey };
  }

  /** An open enum's documented values (see `DriftNode.knownValues`), or null. */
  knownValues(schema: Schema): Set<unknown> | null {
    if (!Array.isArray(schema.anyOf)) return null;
    const branches = schema.anyOf as unknown[];
    const lists = branches.map((b) => resolveRef<Schema>(this.#document, b).enum).filter(Array.isArray);
    return lists.length === 0 || lists.length === branches.length ? null : new Set<unknown>(lists.flat());
  }
}
