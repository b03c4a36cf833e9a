// Reads one recording file as untrusted input: only a regular file, only up to a size limit, and
// never blocking (a FIFO opened for reading waits for a writer; O_NONBLOCK makes the open return).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { formatBytes } from "./decode-body.js";

/** A file's text, or why it was not read, in words. */
export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/** What a file that is not a regular file is, for the message. */
export function fileTypeName(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Reads `file` as UTF-8 when it is a regular file of at most `maxBytes`. Synchronous on purpose:
 * checking is CPU-bound, and for small files a synchronous read costs a fraction of fs/promises
 * readFile (measured by `npm run bench`, checker breakdown).
 */
export function readRecordingFile(file: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, message: cannotRead(error) };
  }
  try {
    const info = fstatSync(fd);
    const type = fileTypeName(info);
    if (type !== undefined)
      return { ok: false, message: `it is ${type}, not a regular file: only recording files are read` };
    if (info.size > maxBytes)
      return {
        ok: false,
        message: `the file is ${formatBytes(info.size)}, more than the limit of ${formatBytes(maxBytes)} for one recording: split it, or raise the limit`,
      };
    // One byte more than the size: a file that grows while it is read is cut at the limit.
    const buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length)
        return { ok: false, message: "the file grew while it was read: check it once it is complete" };
    }
    return { ok: true, text: buffer.toString("utf8", 0, length) };
  } catch (error) {
    return { ok: false, message: cannotRead(error) };
  } finally {
    closeSync(fd);
  }
}

/** Why a file could not be read, from the error of the read: its code and what that code means. */
export function cannotRead(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const hint =
    code === "ENOENT"
      ? ": no such file"
      : code === "EACCES" || code === "EPERM"
        ? ": permission denied"
        : code === "EISDIR"
          ? ": it is a directory"
          : "";
  return `cannot read the file (${code ?? (error as Error).message})${hint}`;
}
