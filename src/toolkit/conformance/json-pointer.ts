// JSON pointers (RFC 6901), the one spelling of their escapes for the spec's paths, the body's
// locations and the drift report.

/** One reference token of a pointer: `~` as `~0`, `/` as `~1`. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** A reference token back to the key it names. */
export function unescapePointer(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** A pointer made of keys and indexes (`["items", 0, "id"]` to `/items/0/id`). */
export function pointerOf(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${escapePointer(String(s))}`).join("");
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[unescapePointer(raw)];
  }
  return node;
}
