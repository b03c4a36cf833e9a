import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trackTempDir } from "./children.js";
import { recordingOf } from "./fixtures.js";

/** A temporary directory of generated recordings. */
export interface RecordingSet {
  dir: string;
  files: string[];
  /** Total size on disk, in bytes. */
  bytes: number;
  remove(): Promise<void>;
}

/** Writes `count` recorded pages (exchange files, page `i` of `count`) into a new temporary directory. */
export async function generateRecordings(count: number): Promise<RecordingSet> {
  const dir = await mkdtemp(join(tmpdir(), "pc-bench-recordings-"));
  const untrack = trackTempDir(dir);
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const file = join(dir, `page-${String(i).padStart(5, "0")}.json`);
    const text = recordingOf(i, count);
    bytes += Buffer.byteLength(text);
    await writeFile(file, text);
    files.push(file);
  }
  return {
    dir,
    files,
    bytes,
    remove: async () => {
      untrack();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
