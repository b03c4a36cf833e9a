// `pc-customers list --checkpoint FILE`: where a listing stopped, so that a rerun continues after
// the last page it finished. The file is small JSON, replaced atomically (a temporary file in the
// same directory, then a rename), so a job killed mid-write leaves the old checkpoint, never half of one.
import { randomUUID } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import type { ListCustomersParams } from "partner-center-customers";
import { helpHint, UsageError } from "./args.js";

/** What a checkpoint holds. */
export interface Checkpoint {
  /** The continuation token of the last page whose customers were all written. */
  readonly continuationToken: string;
  /** Pages and customers written so far, over every run. */
  readonly pages: number;
  readonly customers: number;
  /** The walk's size and filter: a token continues only the walk it came from. */
  readonly size: number | undefined;
  readonly filter: ListCustomersParams["filter"] | null;
}

// A continuation token is a few hundred bytes; anything much larger is not our file.
const MAX_CHECKPOINT_BYTES = 64 * 1024;

/** Reads `file`: `undefined` when it does not exist; a `UsageError` when it is not a checkpoint or belongs to another walk. */
export async function readCheckpoint(
  file: string,
  params: ListCustomersParams,
): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(
      `--checkpoint ${file} cannot be read (${(error as Error).message}). ${helpHint("list")}`,
    );
  }
  const invalid = () =>
    new UsageError(
      `--checkpoint ${file} is not a pc-customers checkpoint. Delete it to start the listing from the first page, or give another file. ${helpHint("list")}`,
    );
  if (text.length > MAX_CHECKPOINT_BYTES) throw invalid();
  let value: Partial<Checkpoint>;
  try {
    value = JSON.parse(text) as Partial<Checkpoint>;
  } catch {
    throw invalid();
  }
  if (
    typeof value !== "object" ||
    value === null ||
    typeof value.continuationToken !== "string" ||
    !Number.isSafeInteger(value.pages) ||
    !Number.isSafeInteger(value.customers)
  ) {
    throw invalid();
  }
  if (
    value.size !== params.size ||
    JSON.stringify(value.filter ?? null) !== JSON.stringify(params.filter ?? null)
  ) {
    throw new UsageError(
      `--checkpoint ${file} was saved by a listing with other options (--size, --company or --domain): rerun with the same ones, or delete it to start again. ${helpHint("list")}`,
    );
  }
  return value as Checkpoint;
}

/** Replaces `file` with `checkpoint`, atomically. */
export async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Removes `file` once the listing is complete (a rerun then starts from the first page). */
export async function clearCheckpoint(file: string): Promise<void> {
  await rm(file, { force: true });
}
