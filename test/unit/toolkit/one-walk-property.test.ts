// The checker walks a recorded page once: the secret walk drives the drift walk through the
// response body (src/toolkit/conformance/alongside.ts). These properties compare what that one
// walk finds with what the two walks found apart before (the secret walk of
// test/helpers/locate-secrets-reference.ts and the drift model of test/helpers/drift-reference.ts):
// the same warnings with the same locations, the same drift in the same order, and the same
// declared properties and types seen, for exchanges, bare bodies and HAR logs.
//
// Run counts and the seed: see test/helpers/property.ts (FC_NUM_RUNS, FC_SEED).
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { checkText, type FileResult } from "../../../src/toolkit/conformance/check.js";
import { compileSpec } from "../../../src/toolkit/conformance/compile.js";
import { loadSpec, type OpenApiDocument } from "../../../src/toolkit/conformance/spec.js";
import { SpecValidator } from "../../../src/toolkit/conformance/validator.js";
import { customer } from "../../helpers/devtools-har.js";
import { foldDrift, ReferenceDriftModel } from "../../helpers/drift-reference.js";
import { referenceLocateSecrets } from "../../helpers/locate-secrets-reference.js";
import { SPEC } from "../../helpers/paths.js";
import { propertyParams } from "../../helpers/property.js";

const ID = "5d6a927d-c207-44bd-847b-3ad6339ace97";
const document: OpenApiDocument = loadSpec(SPEC);
const operations = compileSpec(document).operations;

// Keys the spec declares (at some level), keys it does not, secret keys, and a HAR header's.
const key = fc.oneof(
  fc.constantFrom(
    "totalCount",
    "items",
    "links",
    "self",
    "next",
    "uri",
    "method",
    "headers",
    "attributes",
    "objectType",
    "id",
    "companyProfile",
    "tenantId",
    "domain",
    "companyName",
    "relationshipToPartner",
    "billingProfile",
    "customDomains",
    "partnerTier",
    "name",
    "value",
    "key",
    "password",
    "authorization",
    "__proto__",
  ),
  fc.string({ maxLength: 6 }),
);
// Known and unknown enum values, credential shapes, placeholders, and text that only looks like one.
const text = fc.oneof(
  fc.constantFrom(
    ID,
    "reseller",
    "indirect_partner",
    "GET",
    "Customer",
    "Bearer [REDACTED]",
    "Bearer abcdefgh12345678",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    "a=b&sig=xyz",
    "x-api-key: s3cr3t",
    "\b",
    "",
  ),
  fc.string({ maxLength: 10 }),
);
const node: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.tuple(key, text).map(([name, value]) => ({ name, value })),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
})).value;
// A page: conforming customers, some changed, beside whatever else the body holds.
const body = fc.oneof(
  node,
  fc
    .tuple(fc.array(fc.tuple(fc.dictionary(key, node, { maxKeys: 2 }), fc.boolean()), { maxLength: 3 }), node)
    .map(([changes, extra]) => ({
      totalCount: changes.length,
      items: changes.map(([change, whole]) => (whole ? { ...customer(ID), ...change } : change)),
      links: { next: { uri: "/v1/customers?seek=1", method: "GET", headers: [{ key: "k", value: "v" }] } },
      extra,
    })),
);
const headers = fc.dictionary(
  fc.constantFrom("content-type", "MS-RequestId", "X-Partner-Tier", "authorization", "Date"),
  text,
  { maxKeys: 3 },
);
const exchange = fc.record({
  request: fc.record({
    method: fc.constantFrom("GET", "POST"),
    url: fc.constantFrom(
      "/v1/customers",
      "https://api.partnercenter.microsoft.com/v1/customers?size=2",
      "/v2/x",
    ),
    headers,
  }),
  response: fc.record({ status: fc.constantFrom(200, 400, 201), headers, body }),
});
const recording = fc.oneof(
  exchange.map((e) => ({ kind: "exchange" as const, value: e })),
  body.map((b) => ({ kind: "body" as const, value: b })),
  fc.array(exchange, { minLength: 1, maxLength: 2 }).map((entries) => ({
    kind: "har" as const,
    value: {
      log: {
        entries: entries.map((e) => ({
          request: {
            ...e.request,
            headers: Object.entries(e.request.headers).map(([name, value]) => ({ name, value })),
          },
          response: {
            status: e.response.status,
            headers: Object.entries(e.response.headers).map(([name, value]) => ({ name, value })),
            content: { text: JSON.stringify(e.response.body) ?? "" },
          },
        })),
      },
    },
  })),
);

// What the two walks apart found for a recording `checkText` has read (its skipped entries and
// exchanges are the checker's own, which this change did not touch).
function reference(model: ReferenceDriftModel, value: unknown, result: FileResult) {
  const skipped = new Set(result.skipped.map((s) => s.index));
  const warnings = referenceLocateSecrets(value, { skippedEntries: skipped }).map(
    (f) => `${f.hint}: remove credentials from recordings`,
  );
  const exchanges =
    result.kind === "har"
      ? (
          value as { log: { entries: Array<{ request: never; response: { content: { text: string } } }> } }
        ).log.entries
          .map((entry, index) => ({ entry, index }))
          .filter(({ index }) => !skipped.has(index))
          .map(({ entry, index }) => {
            const e = entry as unknown as {
              request: { method: string; url: string; headers: Array<{ name: string; value: string }> };
              response: {
                status: number;
                headers: Array<{ name: string; value: string }>;
                content: { text: string };
              };
            };
            const text = e.response.content.text;
            return {
              method: e.request.method,
              url: e.request.url,
              status: e.response.status,
              headers: Object.fromEntries(e.response.headers.map((h) => [h.name, h.value])),
              body: text === "" ? undefined : JSON.parse(text),
              entry: index,
            };
          })
      : result.kind === "exchange"
        ? [
            {
              ...(value as { request: { method: string; url: string } }).request,
              ...(value as { response: { status: number; headers: Record<string, string>; body: unknown } })
                .response,
              entry: undefined,
            },
          ]
        : [
            {
              method: "GET",
              url: "/v1/customers",
              status: 200,
              headers: { "content-type": "application/json" },
              body: value,
              entry: undefined,
            },
          ];
  const drift = foldDrift(
    exchanges.flatMap((e) => model.exchange(e.method, e.url, e.status, e.headers, e.body, e.entry)),
  );
  return { warnings, drift };
}

// A spec whose open enum also stands as an array's items and under allOf, which the embedded spec
// does not have.
const tiers: OpenApiDocument = {
  openapi: "3.1.0",
  paths: {
    "/v1/customers": {
      get: {
        responses: {
          "200": {
            description: "a page",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Page" } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Tier: { anyOf: [{ type: "string", enum: ["gold", "silver"] }, { type: "string" }] },
      Page: {
        type: "object",
        allOf: [{ $ref: "#/components/schemas/Base" }],
        properties: {
          tiers: { type: "array", items: { $ref: "#/components/schemas/Tier" } },
          items: { type: "array", items: { $ref: "#/components/schemas/Page" } },
          free: { type: "object", additionalProperties: true },
        },
      },
      Base: {
        type: "object",
        properties: { tier: { $ref: "#/components/schemas/Tier" }, name: { type: "string" } },
      },
    },
  },
};
const tierText = fc.oneof(fc.constantFrom("gold", "silver", "bronze", "Bearer abcdefgh12345678"), text);
const tierNode: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    tierText,
    fc.integer(),
    fc.tuple(fc.constantFrom("tier", "x"), tierText).map(([name, value]) => ({ name, value })),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("tiers", "items", "tier", "name", "value", "free", "other"), tie("value"), {
      maxKeys: 4,
    }),
  ),
})).value;

describe("one walk of a page for its secrets and its drift finds what the two walks found apart", () => {
  let validator: SpecValidator;
  let model: ReferenceDriftModel;
  beforeEach(() => {
    validator = new SpecValidator(document);
    model = new ReferenceDriftModel(document, operations);
  });

  it("gives the same warnings, drift and seen properties for exchanges, bare bodies and HAR logs", () => {
    fc.assert(
      fc.property(recording, ({ value }) => {
        const text = JSON.stringify(value);
        const result = checkText(validator, "page.json", text);
        if (result.kind === undefined) return; // not read as a recording: no walk at all
        const expected = reference(model, JSON.parse(text), result);
        expect(result.warnings).toEqual(expected.warnings);
        expect(result.drift).toEqual(expected.drift);
        expect([...validator.drift.seen]).toEqual([...model.seen]);
        expect([...validator.drift.seenTypes]).toEqual([...model.seenTypes]);
        expect(validator.drift.neverSeen()).toEqual(model.neverSeen());
      }),
      propertyParams(600),
    );
  });

  it("gives the same findings for a spec with an open enum as an array's items and under allOf", () => {
    const tierValidator = new SpecValidator(tiers);
    const tierModel = new ReferenceDriftModel(tiers, compileSpec(tiers).operations);
    fc.assert(
      fc.property(tierNode, fc.boolean(), (body, bare) => {
        const value = bare
          ? body
          : {
              request: { method: "GET", url: "/v1/customers", headers: {} },
              response: { status: 200, headers: {}, body },
            };
        const result = checkText(tierValidator, "page.json", JSON.stringify(value));
        if (result.kind === undefined) return;
        expect(result).toMatchObject(reference(tierModel, JSON.parse(JSON.stringify(value)), result));
        expect([...tierValidator.drift.seen]).toEqual([...tierModel.seen]);
        expect([...tierValidator.drift.seenTypes]).toEqual([...tierModel.seenTypes]);
      }),
      propertyParams(600),
    );
  });

  it("walks a body for drift that the secret walk does not go into (a response that is a name and a value)", () => {
    const body = { totalCount: 1, items: [{ ...customer(ID), partnerTier: "gold" }] };
    const response = { name: "n", value: "v", status: 200, headers: {}, body };
    const value = { request: { method: "GET", url: "/v1/customers", headers: {} }, response };
    const result = checkText(validator, "page.json", JSON.stringify(value));
    expect(result.drift.map((d) => d.pointer)).toEqual(["/items/0/partnerTier"]);
    expect(result).toMatchObject(reference(model, value, result));
  });

  it("walks a body kept as text (bodyText), which is not in the recording's value, for drift alone", () => {
    const body = { totalCount: 1, items: [{ ...customer(ID), partnerTier: "gold" }] };
    const request = { method: "GET", url: "/v1/customers", headers: {} };
    const value = { request, response: { status: 200, headers: {}, bodyText: JSON.stringify(body) } };
    const result = checkText(validator, "page.json", JSON.stringify(value));
    expect(result.drift.map((d) => d.pointer)).toEqual(["/items/0/partnerTier"]);
    expect(result.drift).toEqual(foldDrift(model.exchange("GET", "/v1/customers", 200, {}, body)));
    expect(result.warnings).toEqual([]);
  });

  it("walks a bare body that is itself a name and a value, and a page nested deeper than drift goes", () => {
    let deep: unknown = { partnerTier: "gold" };
    for (let i = 0; i < 40; i++) deep = { items: [deep] };
    for (const value of [{ name: "n", value: "v", extra: 1 }, deep]) {
      const result = checkText(validator, "page.json", JSON.stringify(value));
      expect(result).toMatchObject(reference(model, value, result));
    }
    expect([...validator.drift.seenTypes]).toEqual([...model.seenTypes]);
  });
});
