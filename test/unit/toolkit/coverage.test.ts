import { describe, expect, it } from "vitest";
import { checkText, loadSpec, SpecValidator } from "../../../src/toolkit/conformance/index.js";
import { SPEC } from "../../helpers/paths.js";

const emptyPage = {
  totalCount: 0,
  items: [],
  links: { self: { uri: "/v1/customers?size=40", method: "GET", headers: [] } },
  attributes: { objectType: "Collection" },
};

describe("coverage of the spec by recordings", () => {
  it("counts a status as covered, and an example when a recording has its outline", () => {
    const validator = new SpecValidator(loadSpec(SPEC));
    checkText(validator, "empty.json", JSON.stringify(emptyPage));
    const coverage = validator.coverage.coverage(new Map([["Customer.tags", false]]));
    const ok = coverage.rows.find((r) => r.status === "200");
    expect(ok?.exchanges).toBe(1);
    expect(ok?.examples.filter((e) => e.covered).map((e) => e.name)).toEqual(["emptyPage"]);
    expect(coverage.rows.find((r) => r.status === "429")?.exchanges).toBe(0);
    expect(coverage.statuses).toEqual({ total: 8, covered: 1 });
    expect(coverage.optionalProperties).toEqual({ total: 1, covered: 0, missing: ["Customer.tags"] });
  });

  it("records nothing for a HAR entry that was skipped", () => {
    const validator = new SpecValidator(loadSpec(SPEC));
    const entry = {
      request: { method: "GET", url: "https://login.microsoftonline.com/x", headers: [] },
      response: { status: 200, headers: [], content: { text: "{}" } },
    };
    checkText(validator, "x.har", JSON.stringify({ log: { entries: [entry] } }));
    expect(validator.coverage.coverage(new Map()).statuses.covered).toBe(0);
  });
});
