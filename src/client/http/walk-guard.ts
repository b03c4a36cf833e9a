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
  // A ring of the hashes of the last LOOP_WINDOW next links (all different), and the same as a set.
  private readonly ring: number[] = [];
  private readonly recent = new Set<number>();
  private next = 0;
  private previousIds: readonly string[] | undefined;
  private emptyPages = 0;

  constructor(first: string) {
    this.remember(hash53(first));
  }

  /** How many next-link hashes the guard holds: never more than `LOOP_WINDOW`. */
  get size(): number {
    return this.ring.length;
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
    if (ids !== undefined && previous !== undefined && sameIds(ids, previous)) {
      return "its items are the same customers (same ids, same order) as the previous page's, so the walk would repeat them without end; it was stopped";
    }
    return undefined;
  }

  /**
   * Remembers the key of the next request (its continuation token, or its URL when it has none).
   * Returns `true` when a recent page had the same key: following it would loop.
   */
  repeats(key: string): boolean {
    const h = hash53(key);
    if (this.recent.has(h)) return true;
    this.remember(h);
    return false;
  }

  private remember(h: number): void {
    if (this.ring.length < LOOP_WINDOW) {
      this.ring.push(h);
    } else {
      this.recent.delete(this.ring[this.next] as number);
      this.ring[this.next] = h;
      this.next = (this.next + 1) % LOOP_WINDOW;
    }
    this.recent.add(h);
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
