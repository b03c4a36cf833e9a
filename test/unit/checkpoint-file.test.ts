// The checkpoint file: what it holds, and what it refuses to hold (anything of the access token).
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REDACTED } from "partner-center-customers/redact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Checkpoint, readCheckpoint, writeCheckpoint } from "../../src/toolkit/cli/checkpoint.js";

const TOKEN = "opaque-access-token-0123456789";
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pc-checkpoint-file-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const position = (continuationToken: string | null): Checkpoint => ({
  continuationToken,
  skip: 2,
  pages: 1,
  customers: 7,
  size: 5,
  filter: null,
});

describe("the checkpoint file", () => {
  it("reads back what it wrote", async () => {
    const file = join(dir, "cp.json");
    await writeCheckpoint(file, position("next-page-token"), TOKEN);
    expect(await readCheckpoint(file, { size: 5 })).toEqual(position("next-page-token"));
  });

  it.each([
    ["as it is", `abc.${TOKEN}`],
    ["base64-encoded", `abc${Buffer.from(TOKEN).toString("base64")}`],
    ["percent-encoded", `abc${encodeURIComponent(TOKEN).replace(/-/g, "%2D")}`],
  ])("refuses a continuation token that holds the access token %s, and writes nothing", async (_, token) => {
    const file = join(dir, "cp.json");
    await expect(writeCheckpoint(file, position(token), TOKEN)).rejects.toThrow(
      `refusing to save ${file}: the service's continuation token holds the access token, which is never written to a file.`,
    );
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a continuation token in which the client replaced the access token by [REDACTED], and writes nothing", async () => {
    const file = join(dir, "cp.json");
    await expect(writeCheckpoint(file, position(`abc.${REDACTED}`), TOKEN)).rejects.toThrow(
      `refusing to save ${file}: the service's continuation token held the access token (removed as ${REDACTED}), which is never written to a file.`,
    );
    await expect(writeCheckpoint(file, position(REDACTED), undefined)).rejects.toThrow("refusing to save");
    expect(existsSync(file)).toBe(false);
  });

  it("holds nothing of the access token when the walk's tokens do not", async () => {
    const file = join(dir, "cp.json");
    await writeCheckpoint(file, position(null), TOKEN);
    expect(await readFile(file, "utf8")).not.toContain(TOKEN);
  });
});
