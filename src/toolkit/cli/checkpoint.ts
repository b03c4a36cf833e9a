// `pc-customers list --checkpoint FILE`: where a listing stopped, down to the customer, so that a
// rerun prints each customer once. The file is small JSON holding the continuation token of the
// page being listed (none for the first page), how many of that page's customers were already
// written, the totals so far and the walk's options; never anything of the access token. It is
// replaced atomically (atomic-write.ts), so a job killed mid-write leaves the old checkpoint, and
// a digest of its content turns a hand-edited file into a clear "discard the checkpoint".
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import type { ListCustomersParams } from "partner-center-customers";
import { REDACTED, redactToken } from "partner-center-customers/redact";
import { helpHint, UsageError } from "./args.js";
import { writeFileAtomic } from "./atomic-write.js";

/** Where a listing is: the page being listed and how far into it, with the totals so far. */
export interface Checkpoint {
  /** The continuation token that fetches the page being listed; `null` for the first page. */
  readonly continuationToken: string | null;
  /** How many customers of that page were already written (they are skipped on resume). */
  readonly skip: number;
  /** Pages whose customers were all written, over every run. */
  readonly pages: number;
  /** Customers written, over every run. */
  readonly customers: number;
  /** The walk's size and filter: a token continues only the walk it came from. */
  readonly size: number | undefined;
  readonly filter: ListCustomersParams["filter"] | null;
}

/** What the file says it is; another value is another program's file (or another version's). */
export const CHECKPOINT_FORMAT = "pc-customers-checkpoint/2";

// A continuation token is a few hundred bytes; anything much larger is not our file.
const MAX_CHECKPOINT_BYTES = 64 * 1024;

/** "discard the checkpoint (rm FILE)": what to do with a checkpoint that cannot be used. */
export function discardAdvice(file: string): string {
  return `Discard the checkpoint (rm ${shellWord(file)}) to start the listing from the first page`;
}

/**
 * Reads `file`: `undefined` when it does not exist; a `UsageError` that says to discard it when it
 * is not a checkpoint, was edited, holds an impossible count or belongs to another walk.
 */
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
  const refuse = (why: string) =>
    new UsageError(`--checkpoint ${file} ${why}. ${discardAdvice(file)}, or give another file.`);
  if (text.length > MAX_CHECKPOINT_BYTES) throw refuse("is not a pc-customers checkpoint (it is too large)");
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw refuse("is not a pc-customers checkpoint (it is not JSON)");
  }
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    value.format !== CHECKPOINT_FORMAT
  ) {
    throw refuse(`is not a pc-customers checkpoint (no "format": "${CHECKPOINT_FORMAT}")`);
  }
  const { continuationToken, skip, pages, customers } = value;
  if (continuationToken !== null && (typeof continuationToken !== "string" || continuationToken === "")) {
    throw refuse("holds no usable continuation token");
  }
  for (const [name, count] of [
    ["skip", skip],
    ["pages", pages],
    ["customers", customers],
  ] as const) {
    if (!Number.isSafeInteger(count) || (count as number) < 0) {
      throw refuse(
        `holds an impossible count: "${name}" must be a whole number of 0 or more, got ${JSON.stringify(count)}`,
      );
    }
  }
  const checkpoint: Checkpoint = {
    continuationToken: continuationToken as string | null,
    skip: skip as number,
    pages: pages as number,
    customers: customers as number,
    size: value.size as number | undefined,
    filter: (value.filter ?? null) as Checkpoint["filter"],
  };
  if (
    checkpoint.skip > checkpoint.customers ||
    (checkpoint.continuationToken === null && checkpoint.pages > 0)
  ) {
    throw refuse("holds counts that contradict each other");
  }
  if (value.digest !== digestOf(checkpoint)) {
    throw refuse("was changed since pc-customers saved it (its digest does not match)");
  }
  if (
    checkpoint.size !== params.size ||
    JSON.stringify(checkpoint.filter) !== JSON.stringify(params.filter ?? null)
  ) {
    throw new UsageError(
      `--checkpoint ${file} was saved by a listing with other options (--size, --company or --domain): rerun with the same ones, or ${discardAdvice(file).replace(/^D/, "d")}. ${helpHint("list")}`,
    );
  }
  if (checkpoint.size !== undefined && checkpoint.size > 0 && checkpoint.skip >= checkpoint.size) {
    throw refuse(`holds an impossible count: "skip" must be less than the page size ${checkpoint.size}`);
  }
  return checkpoint;
}

/** A checkpoint that would hold the access token: it is not written. */
export class CheckpointSecretError extends Error {
  override readonly name = "CheckpointSecretError";
}

/**
 * Replaces `file` with `checkpoint`, atomically (a `FileWriteError` names the file when it cannot
 * be written). Refuses, with an `Error`, a checkpoint that would hold anything of `accessToken`
 * (a server that echoes it in a continuation token), or the client's REDACTED in its place: the
 * token is never written to disk, nor a position a resume could not continue from.
 */
export async function writeCheckpoint(
  file: string,
  checkpoint: Checkpoint,
  accessToken: string | undefined,
): Promise<void> {
  const text = `${JSON.stringify({ format: CHECKPOINT_FORMAT, ...checkpoint, digest: digestOf(checkpoint) }, null, 2)}\n`;
  if (accessToken && redactToken(text, accessToken) !== text) {
    throw new CheckpointSecretError(
      `refusing to save ${file}: the service's continuation token holds the access token, which is never written to a file. Check that the base URL is Partner Center's.`,
    );
  }
  // The client puts REDACTED where a page echoed the access token: resuming would send that
  // placeholder as the continuation token, so such a position is no place to continue from.
  if (checkpoint.continuationToken?.includes(REDACTED)) {
    throw new CheckpointSecretError(
      `refusing to save ${file}: the service's continuation token held the access token (removed as ${REDACTED}), which is never written to a file. Check that the base URL is Partner Center's.`,
    );
  }
  await writeFileAtomic(file, text, { mode: 0o600 });
}

/** Removes `file` once the listing is complete (a rerun then starts from the first page). */
export async function clearCheckpoint(file: string): Promise<void> {
  await rm(file, { force: true });
}

// Not a secret and not a signature: a check that the file is the one pc-customers wrote, so that a
// hand edit (a count changed, a token pasted from elsewhere) is refused instead of silently
// repeating or losing customers.
function digestOf(checkpoint: Checkpoint): string {
  const { continuationToken, skip, pages, customers, size, filter } = checkpoint;
  const canonical = JSON.stringify([continuationToken, skip, pages, customers, size ?? null, filter ?? null]);
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}

/** `word` as one word of a POSIX shell command line (quoted only when it needs to be). */
export function shellWord(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
