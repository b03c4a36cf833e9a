import { describe, expect, it } from "vitest";
import {
  addSeen,
  checkText,
  emptySeen,
  loadSpec,
  SpecValidator,
} from "../../../src/toolkit/conformance/index.js";
import { summarizeDrift } from "../../../src/toolkit/conformance/report-drift.js";
import { jsonCheckReport } from "../../../src/toolkit/conformance/report-json.js";
import { junitCheckReport } from "../../../src/toolkit/conformance/report-junit.js";
import { prettyCheckReport } from "../../../src/toolkit/conformance/report-pretty.js";
import { customer } from "../../helpers/devtools-har.js";
import { SPEC } from "../../helpers/paths.js";

const ID = "5d6a927d-c207-44bd-847b-3ad6339ace97";
const exchange = (body: unknown, headers: Record<string, string> = {}) =>
  JSON.stringify({
    request: { method: "GET", url: "/v1/customers", headers: {} },
    response: { status: 200, headers: { "content-type": "application/json", ...headers }, body },
  });

describe("drift: what the recordings hold that the spec does not declare", () => {
  it("names an undeclared property by its schema location and counts the exchanges, without failing", () => {
    const validator = new SpecValidator(loadSpec(SPEC));
    const items = [1, 2, 3].map(() => ({ ...customer(ID), partnerTier: "gold" }));
    const result = checkText(validator, "page.json", exchange({ totalCount: 3, items }));
    expect(result.ok).toBe(true);
    expect(result.drift).toEqual([
      {
        kind: "undeclared-property",
        location: "Customer.partnerTier",
        pointer: "/items/0/partnerTier",
        exchanges: 1,
      },
    ]);
  });

  it("reports a relationshipToPartner value outside the documented list, which still conforms", () => {
    const validator = new SpecValidator(loadSpec(SPEC));
    const body = { totalCount: 1, items: [{ ...customer(ID), relationshipToPartner: "indirect_partner" }] };
    const result = checkText(validator, "page.json", exchange(body));
    expect(result.ok).toBe(true);
    expect(result.drift).toEqual([
      {
        kind: "unlisted-value",
        location: "RelationshipToPartner",
        pointer: "/items/0/relationshipToPartner",
        value: "indirect_partner",
        exchanges: 1,
      },
    ]);
  });

  it("reports a response header the spec does not list, but not the transport's", () => {
    const validator = new SpecValidator(loadSpec(SPEC));
    const result = checkText(
      validator,
      "page.json",
      exchange(
        { totalCount: 0, items: [] },
        { "X-Partner-Tier": "gold", Date: "Tue, 01 Dec 2026 09:00:00 GMT" },
      ),
    );
    expect(result.drift.map((d) => [d.kind, d.location])).toEqual([
      ["undeclared-header", "GET /v1/customers 200 header X-Partner-Tier"],
    ]);
  });

  it("says in every reporter what it saw and which spec edits it suggests", () => {
    const validator = new SpecValidator(loadSpec(SPEC));
    const body = { totalCount: 1, items: [{ ...customer(ID), partnerTier: "gold" }] };
    const files = [
      checkText(validator, "a.json", exchange(body)),
      checkText(validator, "b.json", exchange(body)),
    ];
    const seen = emptySeen();
    for (const f of files) if (f.seen) addSeen(seen, f.seen);
    const drift = summarizeDrift(files, validator.drift.neverSeen(seen));
    const report = { ok: true, spec: "spec.yaml", files, durationMs: 0, drift };
    const pretty = prettyCheckReport(report);
    expect(pretty).toContain(
      "    drift: Customer.partnerTier is not declared by the spec (/items/0/partnerTier, seen in 1 exchange)",
    );
    expect(pretty).toContain(
      "  - Declare the property partnerTier in Customer (optional, with its type and a description) (seen in 2 exchanges of 2 files).",
    );
    // Customers were seen, but none had tags: the spec may declare what the service no longer sends.
    expect(drift.neverSeen).toContain("Customer.tags");
    expect(drift.neverSeen).not.toContain("Address.city");
    const json = JSON.parse(jsonCheckReport(report));
    expect(json.files[0].drift[0]).toMatchObject({
      kind: "undeclared-property",
      pointer: "/items/0/partnerTier",
    });
    expect(json.summary.drift.items).toEqual([
      { kind: "undeclared-property", location: "Customer.partnerTier", exchanges: 2, files: 2 },
    ]);
    expect(junitCheckReport(report)).toContain(
      "<system-out>drift: Customer.partnerTier is not declared by the spec",
    );
  });
});
