// How a report names a file: the one spelling for every command and step.
import { relative } from "node:path";

/** A path as reports show it: relative when it is under the working directory, else as given. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}
