import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkExchange,
  type Exchange,
  loadSpec,
  SpecValidator,
} from "../../src/toolkit/conformance/index.js";
import { RECORDINGS, SPEC } from "../helpers/paths.js";

const DOCUMENTED = join(RECORDINGS, "documented");
const validator = new SpecValidator(loadSpec(SPEC));
const read = (name: string): Exchange => JSON.parse(readFileSync(join(DOCUMENTED, name), "utf8")) as Exchange;
const files = readdirSync(DOCUMENTED).filter((f) => f.endsWith(".json"));

interface Page {
  totalCount: number;
  items: Array<{ id: string; companyProfile: { tenantId: string } }>;
  links: { self: { uri: string } };
}

describe("the documented Partner Center samples, kept as recordings", () => {
  it("keeps the list and filter samples, raw and corrected", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "get-a-list-of-customers.raw.json",
        "get-a-list-of-customers.json",
        "get-a-list-of-customers.2017-11-06.raw.json",
        "get-a-customer-by-name.raw.json",
      ]),
    );
  });

  it.each(files)("%s says where it came from", (file) => {
    const { provenance } = read(file);
    expect(provenance?.source).toMatch(/partner-center-sdk .*@ [0-9a-f]{7}/);
  });

  it.each(files)("%s has exactly the schema violations its provenance lists as known defects", (file) => {
    const exchange = read(file);
    const found = checkExchange(validator, exchange).map((v) => v.pointer);
    expect(found.sort()).toEqual((exchange.provenance?.knownDefects ?? []).map((d) => d.pointer).sort());
  });
});

// Each defect the facts sheet names, stated as a test against the raw copy.
describe("defects of the documented samples (facts sheet §7)", () => {
  it("the list sample prints the placeholder <guid> as every tenantId, which is not a UUID", () => {
    const page = read("get-a-list-of-customers.raw.json").response.body as Page;
    expect(page.items.map((c) => c.companyProfile.tenantId)).toEqual(["<guid>", "<guid>"]);
    const violations = checkExchange(validator, read("get-a-list-of-customers.raw.json"));
    expect(violations.map((v) => [v.pointer, v.expected])).toEqual([
      ["/items/0/companyProfile/tenantId", "format uuid"],
      ["/items/1/companyProfile/tenantId", "format uuid"],
    ]);
  });

  it("the corrected list sample uses each customer's id as its tenantId and conforms", () => {
    const page = read("get-a-list-of-customers.json").response.body as Page;
    for (const c of page.items) expect(c.companyProfile.tenantId).toBe(c.id);
    expect(checkExchange(validator, read("get-a-list-of-customers.json"))).toEqual([]);
  });

  it("the list sample's Content-Length (15650) does not match its ~1.1 kB body", () => {
    const exchange = read("get-a-list-of-customers.raw.json");
    const bodyBytes = Buffer.byteLength(JSON.stringify(exchange.response.body));
    expect(Number(exchange.response.headers["content-length"])).toBe(15650);
    expect(bodyBytes).toBeLessThan(2000);
  });

  it("the 2017 list sample says totalCount 25 for a page of 2 customers", () => {
    const page = read("get-a-list-of-customers.2017-11-06.raw.json").response.body as Page;
    expect(page.totalCount).toBe(25);
    expect(page.items).toHaveLength(2);
  });

  it("the filter sample asks for CompanyName/Cont but its self link shows Domain/cont, without /v1", () => {
    const exchange = read("get-a-customer-by-name.raw.json");
    const asked = JSON.parse(new URL(exchange.request.url).searchParams.get("filter") ?? "{}");
    const self = (exchange.response.body as Page).links.self.uri;
    const shown = JSON.parse(new URLSearchParams(self.split("?")[1]).get("filter") ?? "{}");
    expect(asked).toEqual({ Field: "CompanyName", Value: "Cont", Operator: "starts_with" });
    expect(shown).toEqual({ Field: "Domain", Value: "cont", Operator: "starts_with" });
    expect(self.startsWith("/v1/")).toBe(false);
  });

  it("the filter sample's response MS-RequestId differs from the one the request sent", () => {
    const exchange = read("get-a-customer-by-name.raw.json");
    expect(exchange.response.headers["ms-requestid"]).not.toBe(exchange.request.headers["ms-requestid"]);
  });

  it("the filter sample's body conforms to the spec", () => {
    expect(checkExchange(validator, read("get-a-customer-by-name.raw.json"))).toEqual([]);
  });
});
