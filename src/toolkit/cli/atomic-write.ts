// Files the CLI writes (recordings, checkpoints) are written whole or not at all: into a temporary
// file beside the target (same directory, so the rename cannot cross file systems), then renamed
// over it. A reader, `check` or an interrupted run never sees half a file. A failure is a
// `FileWriteError` that names the file and says what to do: never a network failure, never retried.
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A file the CLI could not write: `file` names it, `code` is the system's (ENOSPC, EACCES…). */
export class FileWriteError extends Error {
  override readonly name = "FileWriteError";
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`cannot write ${file}: ${fileProblem(code, cause)}.`, { cause });
  }
}

/** Whether `error` is a `FileWriteError` (also across copies of this module). */
export function isFileWriteError(error: unknown): error is FileWriteError {
  return error instanceof FileWriteError || (error as Error | undefined)?.name === "FileWriteError";
}

/** What a file-system error code means for the user, and what to do about it. */
export function fileProblem(code: string | undefined, cause?: unknown): string {
  switch (code) {
    case "ENOSPC":
      return "the disk is full (ENOSPC). Free some space or write somewhere else, then run again";
    case "EDQUOT":
      return "the disk quota is used up (EDQUOT). Free some space or write somewhere else, then run again";
    case "EACCES":
    case "EPERM":
      return `permission denied (${code}). Choose a folder you can write to, or fix its permissions`;
    case "EROFS":
      return "the file system is read-only (EROFS). Choose a folder on a writable file system";
    case "EISDIR":
      return "a folder of that name is in the way (EISDIR). Choose another file name";
    case "ENOTDIR":
      return "a file is in the way of its folder (ENOTDIR). Choose another path";
    case "ENOENT":
      return "its folder does not exist (ENOENT). Create the folder or choose another path";
    case "EMFILE":
    case "ENFILE":
      return `too many open files (${code}). Close other programs, then run again`;
    default:
      return `${code ?? (cause as Error | undefined)?.message ?? String(cause)}. Check the folder, then run again`;
  }
}

/**
 * Writes `text` to `file` whole or not at all. Rejects with a `FileWriteError` naming `file`; the
 * temporary file is removed then.
 */
export async function writeFileAtomic(
  file: string,
  text: string,
  options: { mode?: number } = {},
): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, { flag: "wx", mode: options.mode ?? 0o666 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw new FileWriteError(file, (error as NodeJS.ErrnoException).code, error);
  }
}
