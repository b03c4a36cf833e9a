// openListing: the three formats list writes, the layouts other tools give them, and the limits.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  customerCsvHeader,
  customerCsvRecord,
  projectToCsv,
} from "../../../src/toolkit/listing/customer-csv.js";
import { type ListingFileError, openListing } from "../../../src/toolkit/listing/read-listing.js";
import { makeCustomers } from "../../helpers/customer-server.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pc-read-listing-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const customers = makeCustomers(5);
async function read(name: string, text: string, limits = {}) {
  const file = join(dir, name);
  await writeFile(file, text);
  const listing = await openListing(file, limits);
  const items: unknown[] = [];
  for await (const item of listing) items.push(item);
  return { format: listing.format, items };
}
async function failure(name: string, text: string, limits = {}) {
  return read(name, text, limits).then(
    () => undefined,
    (error: unknown) => error as ListingFileError,
  );
}

describe("openListing", () => {
  it("reads NDJSON with CRLF line ends, blank lines and a byte order mark", async () => {
    const text = `\ufeff${customers.map((c) => JSON.stringify(c)).join("\r\n\r\n")}\r\n`;
    expect(await read("crlf.ndjson", text)).toEqual({ format: "ndjson", items: customers });
  });

  it("reads JSON in list's layout line by line, and in any other layout whole", async () => {
    const listLayout = `[${customers.map((c, i) => `${i ? "," : ""}\n  ${JSON.stringify(c)}`).join("")}\n]\n`;
    expect(await read("list.json", listLayout)).toEqual({ format: "json", items: customers });
    expect(await read("pretty.json", JSON.stringify(customers, null, 2))).toEqual({
      format: "json",
      items: customers,
    });
    expect(await read("one-line.json", JSON.stringify(customers))).toEqual({
      format: "json",
      items: customers,
    });
    expect(await read("empty.json", "[]\n")).toEqual({ format: "json", items: [] });
    const pretty = await failure("pretty-bad.json", JSON.stringify([customers[0], 7], null, 2));
    expect(pretty?.message).toMatch(/pretty-bad\.json: element 2 of the array is not a customer/);
    const whole = await failure("too-big.json", JSON.stringify(customers, null, 2), {
      maxWholeJsonBytes: 100,
    });
    expect(whole?.message).toMatch(/is read whole, and this one is more than 100 bytes: save it as NDJSON/);
    const syntax = await failure("syntax.json", '[\n  {"id": "a"},\n  {"id": \n]');
    expect(syntax).toMatchObject({ name: "ListingFileError" });
  });

  it("reads the CSV list writes, with or without a byte order mark, as its columns", async () => {
    const text = `${customerCsvHeader()}${customers.map(customerCsvRecord).join("")}`;
    const expected = { format: "csv", items: customers.map(projectToCsv) };
    expect(await read("plain.csv", text)).toEqual(expected);
    expect(await read("bom.csv", `\ufeff${text}`)).toEqual(expected);
  });

  it("refuses a line longer than the limit and a file larger than the limit", async () => {
    const long = await failure("long.ndjson", `${JSON.stringify(customers[0])}\n${"x".repeat(2000)}\n`, {
      maxLineBytes: 1000,
    });
    expect(long).toMatchObject({ line: 2 });
    expect(long?.message).toContain("the line is longer than 1000 bytes");
    const large = await failure("large.ndjson", `${JSON.stringify(customers[0])}\n`, { maxBytes: 10 });
    expect(large?.message).toMatch(/more than the limit of 10 bytes for a listing/);
  });
});
