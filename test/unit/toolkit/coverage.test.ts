import { describe, expect, it } from "vitest";
import {
  addSeen,
  checkText,
  coverageOf,
  emptySeen,
  type FileResult,
  loadSpec,
  SpecValidator,
} from "../../../src/toolkit/conformance/index.js";
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
    const coverage = coverageOf(
      validator,
      seenIn(checkText(validator, "empty.json", JSON.stringify(emptyPage))),
    );
    const ok = coverage.rows.find((r) => r.status === "200");
    expect(ok?.exchanges).toBe(1);
    expect(ok?.examples.filter((e) => e.covered).map((e) => e.name)).toEqual(["emptyPage"]);
    expect(coverage.rows.find((r) => r.status === "429")?.exchanges).toBe(0);
    expect(coverage.statuses).toEqual({ total: 8, covered: 1 });
    expect(coverage.optionalProperties.missing).toContain("Customer.tags");
    expect(coverage.optionalProperties.missing).not.toContain("CustomerCollection.links");
  });

  it("records nothing for a HAR entry that was skipped", () => {
    const validator = new SpecValidator(loadSpec(SPEC));
    const entry = {
      request: { method: "GET", url: "https://login.microsoftonline.com/x", headers: [] },
      response: { status: 200, headers: [], content: { text: "{}" } },
    };
    const result = checkText(validator, "x.har", JSON.stringify({ log: { entries: [entry] } }));
    expect(coverageOf(validator, seenIn(result)).statuses.covered).toBe(0);
  });

  it("is the sum of what each file saw: a validator keeps nothing between checks", () => {
    const validator = new SpecValidator(loadSpec(SPEC));
    const page = JSON.stringify(emptyPage);
    const a = checkText(validator, "a.json", page);
    const b = checkText(validator, "b.json", page);
    // Two runs sharing the validator, one of one file and one of two, each count only their own.
    expect(coverageOf(validator, seenIn(a)).rows.find((r) => r.status === "200")?.exchanges).toBe(1);
    expect(coverageOf(validator, seenIn(a, b)).rows.find((r) => r.status === "200")?.exchanges).toBe(2);
    expect(coverageOf(validator, emptySeen()).statuses.covered).toBe(0);
  });
});

function seenIn(...results: FileResult[]) {
  const seen = emptySeen();
  for (const r of results) if (r.seen) addSeen(seen, r.seen);
  return seen;
}
