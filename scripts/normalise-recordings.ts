/**
 * Puts recordings in normal form (the rules: test/recordings/README.md; their implementation:
 * src/toolkit/conformance/normalise.ts).
 *
 *   npx tsx scripts/normalise-recordings.ts            rewrite every recording in place
 *   npx tsx scripts/normalise-recordings.ts --check    list recordings not in normal form (exit 1)
 *   npx tsx scripts/normalise-recordings.ts FILE…      only these files or folders
 */
import { readFile, writeFile } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { collectFiles } from "../src/toolkit/conformance/check.js";
import { normaliseText } from "../src/toolkit/conformance/normalise.js";

/** The recordings folder of this repository. */
export const RECORDINGS_DIR = join(fileURLToPath(new URL("..", import.meta.url)), "test", "recordings");

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const paths = argv.filter((a) => a !== "--check");
  const files = (await collectFiles(paths.length > 0 ? paths : [RECORDINGS_DIR])).filter((f) =>
    [".json", ".har"].includes(extname(f).toLowerCase()),
  );
  let bad = 0;
  for (const file of files) {
    const shown = relative(process.cwd(), file);
    const text = await readFile(file, "utf8");
    const result = normaliseText(text, file);
    if (!result.ok) {
      bad++;
      process.stderr.write(`${shown}: ${result.message}\n`);
      continue;
    }
    if (result.text === text) continue;
    if (check) {
      bad++;
      process.stderr.write(`${shown}: not in normal form (run: npx tsx scripts/normalise-recordings.ts)\n`);
    } else {
      await writeFile(file, result.text);
      process.stdout.write(`normalised ${shown}\n`);
    }
  }
  return bad === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
