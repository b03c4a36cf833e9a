/**
 * How an option's bad value is shown in its error message: a string quoted, a number as it is,
 * anything else by its type only (an object's contents could be large or sensitive).
 */
export function describeValue(value: unknown): string {
  return typeof value === "string"
    ? JSON.stringify(value)
    : typeof value === "number"
      ? String(value)
      : typeof value;
}
