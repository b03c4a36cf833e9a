// Two listings of customers compared by id: who was added, who was removed, and for each customer
// in both, which fields changed. One listing is indexed by id, the other streamed past it, so memory
// grows with the indexed one (give it the smaller) and with the differences, never with the other.
import type { Customer } from "partner-center-customers";

/** Customers to compare: an array, any iterable, or an async iterable (a file read as it goes). */
export type CustomerSource = Iterable<unknown> | AsyncIterable<unknown>;

/** One field that differs: its path (`companyProfile.companyName`), and its values. */
export interface FieldChange {
  /** Dot-separated path of the field in the customer; an array is compared as one value. */
  readonly path: string;
  /** The old value; absent when the field was added. */
  readonly before?: unknown;
  /** The new value; absent when the field was removed. */
  readonly after?: unknown;
}

/** A customer in both listings whose fields differ. */
export interface ChangedCustomer {
  readonly id: string;
  /** The customer as it is in the new listing. */
  readonly customer: Customer;
  readonly changes: readonly FieldChange[];
}

/** What changed from the old listing to the new one; each list sorted by id. */
export interface CustomerDiff {
  /** In the new listing only. */
  readonly added: readonly Customer[];
  /** In the old listing only. */
  readonly removed: readonly Customer[];
  readonly changed: readonly ChangedCustomer[];
  /** How many customers are in both, unchanged. */
  readonly unchanged: number;
}

/** Which listing a bad item is in, and where (1 for its first item). */
export class ListingItemError extends Error {
  override name = "ListingItemError";
  constructor(
    message: string,
    /** `old` or `new`. */
    readonly listing: "old" | "new",
    /** The item's number in its listing, from 1. */
    readonly position: number,
  ) {
    super(message);
  }
}

/** How to compare. */
export interface DiffOptions {
  /**
   * The listing held in memory, indexed by id, while the other is streamed (default `old`): give
   * the smaller one. The result is the same either way.
   */
  readonly index?: "old" | "new";
}

/**
 * Compares two listings of customers by id: added, removed and changed customers, each change as
 * a field path with its old and new values. Either listing may be an array, an iterable or an async
 * iterable (such as a file read line by line, or rows from a database mapped to customers). Throws a
 * `ListingItemError` naming the listing and the item's position when an item is not an object with
 * a string `id`, or when an id appears twice in one listing.
 *
 * @example
 * const diff = await diffCustomers(yesterday, client.customers.list());
 * for (const customer of diff.added) console.log("new:", customer.id);
 */
export async function diffCustomers(
  oldCustomers: CustomerSource,
  newCustomers: CustomerSource,
  options: DiffOptions = {},
): Promise<CustomerDiff> {
  const indexedSide = options.index ?? "old";
  const streamedSide = indexedSide === "old" ? "new" : "old";
  // id → the customer, until the streamed listing has it too (then null: matched).
  const index = new Map<string, Customer | null>();
  let position = 0;
  for await (const item of indexedSide === "old" ? oldCustomers : newCustomers) {
    position++;
    const customer = asCustomer(item, indexedSide, position);
    if (index.has(customer.id))
      throw new ListingItemError(`the id ${customer.id} appears twice`, indexedSide, position);
    index.set(customer.id, customer);
  }
  const onlyStreamed: Customer[] = [];
  const onlyStreamedIds = new Set<string>();
  const changed: ChangedCustomer[] = [];
  let unchanged = 0;
  position = 0;
  for await (const item of indexedSide === "old" ? newCustomers : oldCustomers) {
    position++;
    const customer = asCustomer(item, streamedSide, position);
    const twin = index.get(customer.id);
    if (twin === null || onlyStreamedIds.has(customer.id))
      throw new ListingItemError(`the id ${customer.id} appears twice`, streamedSide, position);
    if (twin === undefined) {
      onlyStreamedIds.add(customer.id);
      onlyStreamed.push(customer);
      continue;
    }
    index.set(customer.id, null);
    const [before, after] = indexedSide === "old" ? [twin, customer] : [customer, twin];
    const changes = fieldChanges(before, after);
    if (changes.length === 0) unchanged++;
    else changed.push({ id: customer.id, customer: after, changes });
  }
  const onlyIndexed = [...index.values()].filter((c): c is Customer => c !== null);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const [added, removed] = indexedSide === "old" ? [onlyStreamed, onlyIndexed] : [onlyIndexed, onlyStreamed];
  return {
    added: added.sort(byId),
    removed: removed.sort(byId),
    changed: changed.sort(byId),
    unchanged,
  };
}

/** Whether a diff found no difference at all. */
export function isSameListing(diff: CustomerDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

function asCustomer(item: unknown, listing: "old" | "new", position: number): Customer {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    throw new ListingItemError("it is not a customer (a JSON object with an id)", listing, position);
  const id = (item as { id?: unknown }).id;
  if (typeof id !== "string" || id === "")
    throw new ListingItemError("it is a JSON object without an id: not a customer", listing, position);
  return item as Customer;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The fields that differ between two customers, objects walked, arrays and values compared whole. */
export function fieldChanges(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const changes: FieldChange[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      const at = path === "" ? key : `${path}.${key}`;
      const [b, a] = [before[key], after[key]];
      if (!(key in after)) changes.push({ path: at, before: b });
      else if (!(key in before)) changes.push({ path: at, after: a });
      else changes.push(...fieldChanges(b, a, at));
    }
    return changes;
  }
  return sameValue(before, after) ? [] : [{ path, before, after }];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
