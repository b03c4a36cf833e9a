/**
 * What keeps a walk from running forever against a server that never ends it: a next link that
 * repeats an earlier one, a page that repeats the previous page's customers, and a run of empty
 * pages that still carry a next link. Memory stays flat however long the walk: the guard keeps a
 * fixed number of 53-bit hashes of recent next links (never the tokens themselves, which may be
 * 16,000 characters each) and the ids of one page.
 */

/** How many recent next links a walk remembers to spot a loop (a cycle up to this many pages long). */
export const LOOP_WINDOW = 4096;

/** How many empty pages in a row with a next link a walk accepts; the next one ends it. */
export const MAX_EMPTY_PAGES = 3;

/** Why a walk cannot go on; the walk turns it into an `UnexpectedResponseError` for the page. */
export type WalkProblem = string;

/** The state one walk keeps to see that it is going somewhere. */
export class WalkGuard {
  // The hashes of the last LOOP_WINDOW next links, and of the id lists of the last LOOP_WINDOW pages.
  private readonly links = new HashWindow(LOOP_WINDOW);
  private readonly pages = new HashWindow(LOOP_WINDOW);
  private previousIds: readonly string[] | undefined;
  private emptyPages = 0;

  constructor(first: string) {
    this.links.add(hash53(first));
  }

  /** How many hashes the guard holds for next links (and at most as many for pages): never more than `LOOP_WINDOW`. */
  get size(): number {
    return this.links.size;
  }

  /**
   * Checks a page before it is handed out: `items` are its items, `hasNext` whether it carries a
   * next link. Returns what is wrong with it, or `undefined`.
   */
  checkPage(items: readonly unknown[], hasNext: boolean): WalkProblem | undefined {
    if (items.length === 0) {
      this.previousIds = undefined;
      if (!hasNext) return undefined;
      this.emptyPages++;
      return this.emptyPages > MAX_EMPTY_PAGES
        ? `it is empty and still has a next link, after ${MAX_EMPTY_PAGES} empty pages like it in a row, so the walk would not end; it was stopped`
        : undefined;
    }
    this.emptyPages = 0;
    const ids = idsOf(items);
    const previous = this.previousIds;
    this.previousIds = ids;
    if (ids === undefined) return undefined;
    if (previous !== undefined && sameIds(ids, previous)) {
      return "its items are the same customers (same ids, same order) as the previous page's, so the walk would repeat them without end; it was stopped";
    }
    // Pages that take turns (A, B, A, B…) under fresh tokens: no page of a walk repeats an earlier one.
    const h = hash53(ids.join("\n"));
    if (this.pages.has(h)) {
      return "its items are the same customers (same ids, same order) as an earlier page's, so the walk would go round them without end; it was stopped";
    }
    this.pages.add(h);
    return undefined;
  }

  /**
   * Remembers the key of the next request (its continuation token, or its URL when it has none).
   * Returns `true` when a recent page had the same key: following it would loop.
   */
  repeats(key: string): boolean {
    const h = hash53(key);
    if (this.links.has(h)) return true;
    this.links.add(h);
    return false;
  }
}

/** The last `capacity` distinct numbers added: a ring for their order, a set to look them up. */
class HashWindow {
  private readonly ring: number[] = [];
  private readonly members = new Set<number>();
  private next = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.ring.length;
  }

  has(h: number): boolean {
    return this.members.has(h);
  }

  /** Adds `h` (not already present), letting go of the oldest once full. */
  add(h: number): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(h);
    } else {
      this.members.delete(this.ring[this.next] as number);
      this.ring[this.next] = h;
      this.next = (this.next + 1) % this.capacity;
    }
    this.members.add(h);
  }
}

// The ids of a page's items, when every item has a string id; otherwise the page cannot be compared.
function idsOf(items: readonly unknown[]): string[] | undefined {
  const ids: string[] = [];
  for (const item of items) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== "string") return undefined;
    ids.push(id);
  }
  return ids;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * cyrb53: a fast 53-bit string hash. Two different next links share a hash with a chance of about
 * 1 in 2^53 per pair, far below anything a walk of a few thousand pages could meet.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
