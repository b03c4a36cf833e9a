// The CLI's one atomic writer: a file is replaced whole, and a file-system failure is a
// FileWriteError that names the file and says what to do, with no temporary file left behind.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileWriteError, isFileWriteError, writeFileAtomic } from "../../src/toolkit/cli/atomic-write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pc-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("replaces a file whole and leaves nothing else beside it", async () => {
    const file = join(dir, "cp.json");
    await writeFile(file, "old");
    await writeFileAtomic(file, "new");
    expect(await readFile(file, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["cp.json"]);
  });

  it.each([
    [
      "a folder in the way",
      "EISDIR",
      "a folder of that name is in the way (EISDIR). Choose another file name",
    ],
    [
      "a missing folder",
      "ENOENT",
      "its folder does not exist (ENOENT). Create the folder or choose another path",
    ],
  ])("names the file and says what to do for %s", async (what, code, problem) => {
    const file = what === "a missing folder" ? join(dir, "missing", "cp.json") : join(dir, "taken");
    if (code === "EISDIR") await mkdir(file);
    const error = await writeFileAtomic(file, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileWriteError);
    expect(isFileWriteError(error)).toBe(true);
    expect((error as FileWriteError).code).toBe(code);
    expect((error as Error).message).toBe(`cannot write ${file}: ${problem}.`);
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
