// The `--out` folder of `record`: a new recording goes into an empty (or new) folder, so that it is
// never mixed with an earlier run's pages (which `check` would pass as one recording). `--force`
// replaces an earlier recording: it removes the files `record` writes, and only those.
import { lstatSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { plural } from "../conformance/report.js";
import { helpHint, UsageError } from "./args.js";

/**
 * The names of the files `record` writes in `--out`: a page (`page-001.json`), a failed attempt
 * kept beside it (`page-001.attempt-1.429.json`), and the temporary file of a write that was
 * interrupted (`.page-001.json.<12 hex digits>.tmp`). A file `record` starts writing (an index, a
 * manifest) is added here, so that `--force` replaces it too.
 */
export const RECORD_FILE = /^\.?page-\d{3,}(?:\.attempt-\d+\.\d{3})?\.json(?:\.[0-9a-f]{12}\.tmp)?$/;

/** What `prepareOutDir` did: the files of an earlier recording it removed, the others it kept. */
export interface PreparedOut {
  removed: string[];
  kept: string[];
}

/**
 * Readies `out` for a new recording. A folder that does not exist or is empty is used as it is.
 * One that holds anything is refused (a usage error) unless `force`, which removes the regular
 * files named like `record`'s ({@link RECORD_FILE}) and keeps everything else.
 */
export function prepareOutDir(out: string, force: boolean): PreparedOut {
  let names: string[];
  try {
    names = readdirSync(out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Created later by `record`, which reports a path it cannot create.
    if (code === "ENOENT" || code === "ENOTDIR") return { removed: [], kept: [] };
    throw new UsageError(
      `cannot read --out ${out} (${code ?? (error as Error).message}): name a directory you can read and write. ${helpHint("record")}`,
    );
  }
  names.sort();
  if (names.length === 0) return { removed: [], kept: [] };
  const ours = names.filter((name) => RECORD_FILE.test(name) && isFile(join(out, name)));
  if (!force) {
    const sample = names
      .slice(0, 3)
      .map((n) => `'${n}'`)
      .join(", ");
    throw new UsageError(
      `--out ${out} is not empty (${plural(names.length, "entry", "entries")}: ${sample}${names.length > 3 ? ", …" : ""}): ` +
        "a new recording would be mixed with what is there. Name a new or empty directory, or pass --force to replace " +
        `an earlier recording (it removes only the page files 'record' writes, ${ours.length} of the ${names.length} here). ${helpHint("record")}`,
    );
  }
  for (const name of ours) rmSync(join(out, name), { force: true });
  return { removed: ours, kept: names.filter((name) => !ours.includes(name)) };
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** What `--force` did, for stderr: the files removed and those kept. */
export function describePreparedOut(out: string, { removed, kept }: PreparedOut): string {
  const lines = [`--force: removed ${plural(removed.length, "file")} of an earlier recording from ${out}.`];
  if (kept.length > 0)
    lines.push(
      `Kept ${plural(kept.length, "entry", "entries")} that 'record' did not write: ${kept
        .slice(0, 5)
        .map((n) => `'${n}'`)
        .join(", ")}${kept.length > 5 ? ", …" : ""}.`,
    );
  return `${lines.join(" ")}\n`;
}
