// diffCustomers and openListing as the toolkit's library exports them: a job diffs a saved listing
// with customers it holds elsewhere; a wrong argument is a TypeError that shows the right call.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffCustomers, ListingFileError, openListing } from "../../../src/toolkit/index.js";
import { makeCustomers } from "../../helpers/customer-server.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pc-listing-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("diffCustomers and openListing (library)", () => {
  it("diffs a listing file with customers held in memory", async () => {
    const customers = makeCustomers(4);
    const file = join(dir, "yesterday.ndjson");
    await writeFile(
      file,
      customers
        .slice(0, 3)
        .map((c) => `${JSON.stringify(c)}\n`)
        .join(""),
    );
    const listing = await openListing(file);
    expect(listing.format).toBe("ndjson");
    const diff = await diffCustomers(listing, customers.slice(1), { index: "new" });
    expect(diff.added.map((c) => c.id)).toEqual([customers[3]?.id]);
    expect(diff.removed.map((c) => c.id)).toEqual([customers[0]?.id]);
    expect(diff.unchanged).toBe(2);
  });

  it("rejects a bad line with a ListingFileError naming the file and the line", async () => {
    const file = join(dir, "bad.ndjson");
    await writeFile(file, `${JSON.stringify(makeCustomers(1)[0])}\nnot json\n`);
    const listing = await openListing(file);
    const error = await diffCustomers(listing, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListingFileError);
    expect(error).toMatchObject({ file, line: 2 });
  });

  it("turns down what is not a customer with a clear error (types guard the arguments themselves)", async () => {
    await expect(diffCustomers("old.ndjson" as never, [])).rejects.toThrow(
      /it is not a customer \(a JSON object with an id\)/,
    );
  });
});
