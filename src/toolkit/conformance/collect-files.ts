// Expands `check`'s operands into the files to check: files named directly, folders walked for
// recordings, and glob patterns (`recordings/*.json`, `**/*.har`, `{a,b}`), which CI YAML and
// Windows shells pass unexpanded. A folder that cannot be read is reported, not fatal; symlinked
// folders are followed once each (a loop ends where a folder comes round again).
import { type Dirent, existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import picomatch from "picomatch";

/** Recording files: `.json` and `.har`. */
export const RECORDING_EXTENSIONS: ReadonlySet<string> = new Set([".json", ".har"]);

/** A path to check, or one that could not be looked into (`problem` says why). */
export interface CollectedPath {
  file: string;
  /** Why the path was not read (an unreadable folder); absent for a file to check. */
  problem?: string;
}

/** The operands, expanded. */
export interface CollectedFiles {
  paths: CollectedPath[];
  /** Glob operands that matched no file. */
  unmatched: string[];
}

/** Whether an operand is a glob pattern rather than a path (a path that exists is a path). */
export function isGlob(operand: string): boolean {
  return picomatch.scan(operand).isGlob && !existsSync(operand);
}

/**
 * Expands files, folders and glob patterns into the paths to check, in a stable order. A folder is
 * walked recursively for `.json` and `.har` files (not dot folders nor node_modules); a path named
 * directly is always included, whatever its extension or type, and a path that does not exist is
 * kept so that its check reports it.
 */
export function collectRecordings(operands: readonly string[]): CollectedFiles {
  const paths: CollectedPath[] = [];
  const unmatched: string[] = [];
  for (const operand of operands) {
    if (isGlob(operand)) {
      const { base, glob } = picomatch.scan(operand);
      const root = base === "" ? "." : base;
      const matches = picomatch(glob, { dot: false });
      const found = walkFolder(root, (file) => matches(relative(root, file).split(sep).join("/")));
      if (found.some((p) => p.problem === undefined)) paths.push(...found);
      else unmatched.push(operand);
      continue;
    }
    let directory = false;
    try {
      directory = statSync(operand).isDirectory();
    } catch {
      // Kept as a file: its check says why it cannot be read.
    }
    if (directory)
      paths.push(...walkFolder(operand, (file) => RECORDING_EXTENSIONS.has(extname(file).toLowerCase())));
    else paths.push({ file: operand });
  }
  return { paths, unmatched };
}

/** `collectRecordings`' files and unreadable folders as paths (the check of each says what is wrong). */
export async function collectFiles(paths: string[]): Promise<string[]> {
  return collectRecordings(paths).paths.map((p) => p.file);
}

function walkFolder(root: string, wanted: (file: string) => boolean): CollectedPath[] {
  const out: CollectedPath[] = [];
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      out.push({
        file: dir,
        problem: `cannot read the folder (${code}): the recordings in it were not checked; give the user read and execute permission on it, or leave it out`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // join(dir, name) for every entry, normalising `dir` once: an entry's name is one plain
    // segment (never empty, `.`, `..`, nor holding a separator), which join appends as it is.
    const prefix = join(dir, "x").slice(0, -1);
    for (const entry of entries) {
      const full = prefix + entry.name;
      let folder = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          folder = statSync(full).isDirectory();
        } catch {
          // A dangling link is a file that cannot be read, which its check reports.
        }
      }
      if (folder) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) visit(full);
      } else if (wanted(full)) {
        out.push({ file: full });
      }
    }
  };
  visit(root);
  return out;
}
