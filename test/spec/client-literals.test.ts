// The client spells out what the generated types cannot keep: literal unions that openapi-typescript
// collapses into `string`. Each must be exactly the spec's list.
import { describe, expect, it } from "vitest";
import { KNOWN_RELATIONSHIPS_TO_PARTNER } from "../../src/client/index.js";
import { loadSpec, resolveRef } from "../../src/toolkit/conformance/spec.js";
import { SPEC } from "../helpers/paths.js";

describe("the client's literal types follow the spec", () => {
  it("offers exactly the spec's documented relationshipToPartner values", () => {
    const doc = loadSpec(SPEC);
    const schema = resolveRef<{ anyOf?: Array<{ enum?: string[] }> }>(doc, {
      $ref: "#/components/schemas/RelationshipToPartner",
    });
    const documented = (schema.anyOf ?? []).flatMap((s) => s.enum ?? []);
    expect(documented.length).toBeGreaterThan(0);
    expect([...KNOWN_RELATIONSHIPS_TO_PARTNER]).toEqual(documented);
  });
});
