// The spec flags nothing Microsoft documents: every documented customer payload (the list, the
// filtered list, the indirect reseller's list, get by id, create, create for an indirect
// reseller, the company profile) conforms to the component schema of its resource. A property
// is `required` only where every one of these payloads has it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { RECORDINGS, SPEC } from "../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const har = JSON.parse(readFileSync(join(RECORDINGS, "documented", "customer-payloads.raw.har"), "utf8")) as {
  log: {
    _provenance: { payloads: Array<{ entry: number; schema: string; source: string }> };
    entries: Array<{ response: { content: { text: string } } }>;
  };
};
const payloads = har.log._provenance.payloads.map((p) => ({
  name: p.source.replace(/^.*develop\/([^ ]+)\.md.*$/, "$1"),
  schema: p.schema,
  body: JSON.parse(har.log.entries[p.entry]?.response.content.text ?? "null") as Record<string, unknown>,
}));

describe("every documented customer payload conforms to the spec", () => {
  it("holds the five pages the issue names", () => {
    expect(payloads.map((p) => p.name)).toEqual([
      "get-customers-of-an-indirect-reseller",
      "get-a-customer-by-id",
      "create-a-customer",
      "create-a-customer-for-an-indirect-reseller",
      "get-a-customer-s-company-profile",
    ]);
  });

  it.each(payloads.map((p) => [p.name, p.schema, p.body] as const))("%s as %s", (_, schema, body) => {
    expect(validator.checkSchema(schema, body)).toEqual([]);
  });

  it("does not require a company name: create-a-customer's company profile has none", () => {
    const created = payloads.find((p) => p.name === "create-a-customer")?.body;
    expect(created?.companyProfile).not.toHaveProperty("companyName");
    const schemas = loadSpec(SPEC).components?.schemas ?? {};
    expect((schemas.CustomerCompanyProfile as { required?: string[] }).required).toEqual([
      "tenantId",
      "domain",
    ]);
  });
});
