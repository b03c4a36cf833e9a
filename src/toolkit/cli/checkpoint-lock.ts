// One listing per checkpoint at a time: `FILE.lock` beside the checkpoint holds the pid (and host)
// of the run that uses it. A second run is refused while that process lives; a lock whose process
// has gone (killed, crashed, the machine restarted) is stale and taken over. Creating the lock is
// also the check that the checkpoint's folder is writable, before the first request.
import { randomBytes } from "node:crypto";
import { link, lstat, readFile, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./args.js";
import { FileWriteError } from "./atomic-write.js";
import { shellWord } from "./checkpoint.js";

/** A lock this process holds; `release()` removes it (only if it is still this process's). */
export interface CheckpointLock {
  readonly file: string;
  release(): Promise<void>;
}

interface LockContent {
  pid: number;
  host: string;
  nonce: string;
}

/** The lock file of checkpoint `file`. */
export function lockFileOf(file: string): string {
  return `${file}.lock`;
}

/**
 * Takes the lock of checkpoint `file`. Rejects with a `UsageError` when another live run holds it,
 * and with a `FileWriteError` (naming the lock file) when the folder cannot be written.
 */
export async function lockCheckpoint(file: string): Promise<CheckpointLock> {
  const lockFile = lockFileOf(file);
  const mine: LockContent = { pid: process.pid, host: hostname(), nonce: randomBytes(8).toString("hex") };
  const text = `${JSON.stringify(mine)}\n`;
  // Written whole first, then linked into place: link() fails if the lock exists, so exactly one
  // run creates it, and no run ever reads a half-written lock.
  const temporary = join(dirname(lockFile), `.${basename(lockFile)}.${mine.nonce}.tmp`);
  try {
    await writeFile(temporary, text, { flag: "wx", mode: 0o600 });
  } catch (error) {
    throw new FileWriteError(lockFile, (error as NodeJS.ErrnoException).code, error);
  }
  try {
    for (let tries = 0; ; tries++) {
      try {
        await link(temporary, lockFile);
        return { file: lockFile, release: () => release(lockFile, mine) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EEXIST") throw new FileWriteError(lockFile, code, error);
      }
      const holder = await readLock(lockFile);
      if (holder === "not a file") {
        throw new UsageError(
          `--checkpoint ${file}: its lock ${lockFile} is not a lock file pc-customers wrote (it is a symbolic link, a folder or another kind of file), so it is left alone. ` +
            `Remove it (rm ${shellWord(lockFile)}) if no pc-customers list is running, or choose another checkpoint path.`,
        );
      }
      if (holder !== undefined && holder !== "gone" && (holder.host !== mine.host || isAlive(holder.pid))) {
        throw new UsageError(
          `--checkpoint ${file} is in use by another pc-customers list (pid ${holder.pid}${holder.host !== mine.host ? ` on ${holder.host}` : ""}): ` +
            `wait for it to finish, or stop it. If no such listing is running, remove the lock (rm ${shellWord(lockFile)}) and run again.`,
        );
      }
      if (tries >= 2) {
        throw new UsageError(
          `--checkpoint ${file}: another pc-customers list is taking over its stale lock ${lockFile}. Wait for it to finish, then run again.`,
        );
      }
      // The lock vanished between link() and the read: try again (bounded by the check above).
      if (holder === "gone") continue;
      // Stale (its process is gone) or unreadable: moved aside, and removed only if what was moved
      // is still the lock that was judged stale (another run may have taken it over meanwhile).
      await takeOver(lockFile, holder);
    }
  } finally {
    await rm(temporary, { force: true }).catch(() => {});
  }
}

async function readLock(lockFile: string): Promise<LockContent | undefined | "gone" | "not a file"> {
  let text: string;
  try {
    // lstat, not stat: a symbolic link (even a dangling one) is never followed, read or moved.
    if (!(await lstat(lockFile)).isFile()) return "not a file";
    text = await readFile(lockFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw new FileWriteError(lockFile, (error as NodeJS.ErrnoException).code, error);
  }
  try {
    const value = JSON.parse(text) as Partial<LockContent>;
    if (Number.isSafeInteger(value.pid) && (value.pid as number) > 0 && typeof value.host === "string") {
      return { pid: value.pid as number, host: value.host, nonce: String(value.nonce ?? "") };
    }
  } catch {
    // not a lock this program wrote: treated as stale
  }
  return undefined;
}

async function takeOver(lockFile: string, stale: LockContent | undefined): Promise<void> {
  const aside = `${lockFile}.${randomBytes(6).toString("hex")}.stale`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new FileWriteError(lockFile, (error as NodeJS.ErrnoException).code, error);
  }
  const moved = await readLock(aside);
  const same =
    moved === undefined || stale === undefined
      ? moved === stale
      : typeof moved === "object" && moved.pid === stale.pid && moved.nonce === stale.nonce;
  if (!same) {
    // Another run's fresh lock: put back (if the place is still free) and let the loop decide.
    await link(aside, lockFile).catch(() => {});
  }
  await rm(aside, { force: true });
}

async function release(lockFile: string, mine: LockContent): Promise<void> {
  const holder = await readLock(lockFile).catch(() => undefined);
  if (typeof holder === "object" && holder.nonce === mine.nonce) {
    await rm(lockFile, { force: true });
  }
}

/** Whether process `pid` exists (one owned by another user counts). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
