// diffCustomers: the library comparison behind `pc-customers diff`, over arrays and async iterables.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  diffCustomers,
  fieldChanges,
  ListingItemError,
} from "../../../src/toolkit/listing/diff-customers.js";
import { makeCustomers } from "../../helpers/customer-server.js";
import { propertyParams } from "../../helpers/property.js";

const customers = makeCustomers(6);
async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}
const clone = <T>(value: T): T => structuredClone(value);

describe("diffCustomers", () => {
  const before = customers.slice(0, 5);
  const after = clone(customers.slice(1));
  (after[0] as { companyProfile: { companyName: string } }).companyProfile.companyName = "Renamed";
  (after[2] as { relationshipToPartner: string }).relationshipToPartner = "advisor";
  (after[3] as { tags?: string[] }).tags = ["new"];

  it("finds added, removed and changed customers, each change a path with before and after", async () => {
    for (const index of ["old", "new"] as const) {
      const diff = await diffCustomers(before, slowly(after), { index });
      expect(diff.added.map((c) => c.id)).toEqual([customers[5]?.id]);
      expect(diff.removed.map((c) => c.id)).toEqual([customers[0]?.id]);
      expect(diff.unchanged).toBe(1);
      expect(diff.changed.map((c) => [c.id, c.changes])).toEqual([
        [customers[1]?.id, [{ path: "companyProfile.companyName", before: "Fabrikam 2", after: "Renamed" }]],
        [customers[3]?.id, [{ path: "relationshipToPartner", before: "reseller", after: "advisor" }]],
        [customers[4]?.id, [{ path: "tags", after: ["new"] }]],
      ]);
    }
  });

  it("names the listing and the position of a duplicate id or an item that is not a customer", async () => {
    const twice = [customers[0], customers[1], customers[0]];
    await expect(diffCustomers(twice, [])).rejects.toMatchObject({ listing: "old", position: 3 });
    await expect(diffCustomers([], twice)).rejects.toMatchObject({ listing: "new", position: 3 });
    await expect(diffCustomers([customers[0]], twice)).rejects.toMatchObject({ listing: "new", position: 3 });
    await expect(diffCustomers([customers[0], { name: "x" }], [])).rejects.toBeInstanceOf(ListingItemError);
    await expect(diffCustomers(["text"], [])).rejects.toThrow(/not a customer/);
  });

  it("gives the same result whichever listing is indexed", () => {
    const listing = fc.uniqueArray(fc.constantFrom(...makeCustomers(12)), { selector: (c) => c.id });
    fc.assert(
      fc.asyncProperty(listing, listing, async (a, b) => {
        const one = await diffCustomers(a, b, { index: "old" });
        const other = await diffCustomers(slowly(a), slowly(b), { index: "new" });
        expect(other).toEqual(one);
        expect(one.added.length + one.changed.length + one.unchanged).toBe(b.length);
        expect(one.removed.length + one.changed.length + one.unchanged).toBe(a.length);
      }),
      propertyParams(100),
    );
  });
});

describe("fieldChanges", () => {
  it("walks objects, compares arrays whole, and reports fields added or removed", () => {
    expect(
      fieldChanges({ a: { b: 1, c: [1, 2] }, gone: true }, { a: { b: 2, c: [1, 2], d: null }, new: "x" }),
    ).toEqual([
      { path: "a.b", before: 1, after: 2 },
      { path: "a.d", after: null },
      { path: "gone", before: true },
      { path: "new", after: "x" },
    ]);
  });
});
