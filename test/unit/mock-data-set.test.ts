import { createDataSet, INDIRECT_PROVIDERS, INDIRECT_RESELLERS } from "partner-center-customers/mock";
import { describe, expect, it } from "vitest";
import { loadSpec, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { SPEC } from "../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const DOCUMENTED = ["none", "reseller", "advisor", "syndication", "microsoft_support"];

describe("the mock's data set", () => {
  it("has a few dozen customers by default, and the same ones in the same order for the same seed", () => {
    const a = createDataSet();
    expect(a.customers).toHaveLength(40);
    expect(createDataSet().customers).toEqual(a.customers);
    const other = createDataSet({ seed: 2 });
    expect(other.customers.map((c) => c.id)).not.toEqual(a.customers.map((c) => c.id));
  });

  it("looks like Partner Center's customers: GUID ids equal to the tenant id, unique onmicrosoft.com domains, documented relationships", () => {
    const { customers } = createDataSet({ customers: 300, seed: 7 });
    expect(customers).toHaveLength(300);
    for (const c of customers) {
      expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(c.companyProfile.tenantId).toBe(c.id);
      expect(c.companyProfile.domain).toMatch(/^[a-z0-9]+\.onmicrosoft\.com$/);
      expect(DOCUMENTED).toContain(c.relationshipToPartner);
    }
    expect(new Set(customers.map((c) => c.id)).size).toBe(300);
    expect(new Set(customers.map((c) => c.companyProfile.domain)).size).toBe(300);
  });

  it("conforms to the spec as a page of GET /v1/customers", () => {
    const { customers } = createDataSet({ customers: 100 });
    const body = { totalCount: customers.length, items: customers, attributes: { objectType: "Collection" } };
    expect(validator.checkResponse({ method: "GET", url: "/v1/customers", status: 200, body })).toEqual([]);
  });

  it("has customers of every indirect reseller and provider, and they carry associatedPartnerId", () => {
    const { customers } = createDataSet();
    for (const partner of [...INDIRECT_RESELLERS, ...INDIRECT_PROVIDERS]) {
      const theirs = customers.filter((c) => c.associatedPartnerId === partner);
      expect(theirs.length, partner).toBeGreaterThan(0);
      for (const c of theirs) expect(c.relationshipToPartner).toBe("reseller");
    }
  });

  it.each([
    [{ customers: -1 }, "customers must be a whole number from 0 to 100000, got -1."],
    [{ customers: 100_001 }, "customers must be a whole number from 0 to 100000, got 100001."],
    [{ customers: 1.5 }, "customers must be a whole number from 0 to 100000, got 1.5."],
    [{ seed: -1 }, "seed must be a whole number from 0 to 4294967295, got -1."],
  ])("refuses %j", (options, message) => {
    expect(() => createDataSet(options)).toThrow(message);
  });
});
