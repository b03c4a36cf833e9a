// A page is walked once: the secret walk (secrets.ts), which visits every value of a recording,
// also drives the drift walk (drift.ts) through the response body, which needs the same values in
// the same order. This is what the secret walk tells the walk beside it, step by step.

/** A path into a parsed recording: keys and indexes, from the root. */
export type WalkPath = Array<string | number>;

/**
 * A walk beside the secret walk through one subtree of a recording (`node`). `At` is its position
 * at a value (for drift: the schema node the value is checked against). Paths are the secret
 * walk's, from the recording's root; `enter` says where the subtree starts in them.
 */
export interface Alongside<At> {
  /** The subtree: the value where this walk starts, and its position there. */
  readonly node: object;
  readonly start: At;
  /** The secret walk has reached `node`, at a path of `base` steps. */
  enter(base: number): void;
  /** An object at `path`: whether its properties are walked too (false when too deep). */
  object(at: At, path: WalkPath): boolean;
  /** A property of an object (`path` ends with its key): the position of its value, if any. */
  property(at: At, key: string, path: WalkPath): At | undefined;
  /** An array at `path`: the position of its items, or undefined when they are not walked. */
  items(at: At, path: WalkPath): At | undefined;
  /** A string value at `path`. */
  string(at: At, value: string, path: WalkPath): void;
  /** A value the secret walk does not go into (a `{ name, value }` pair, too deep): walked alone. */
  alone(value: unknown, at: At, path: WalkPath): void;
}
