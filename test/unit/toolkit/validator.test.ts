import { describe, expect, it } from "vitest";
import { loadSpec, SpecValidator, type Violation } from "../../../src/toolkit/conformance/index.js";
import { SPEC } from "../../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8" };
const ID = "5d6a927d-c207-44bd-847b-3ad6339ace97";

function customer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ID,
    companyProfile: { tenantId: ID, domain: "contoso.onmicrosoft.com", companyName: "Contoso" },
    relationshipToPartner: "reseller",
    ...overrides,
  };
}

function page(body: Record<string, unknown>, status = 200, headers: Record<string, string> = JSON_HEADERS) {
  return validator.checkResponse({ method: "GET", url: "/v1/customers?size=2", status, headers, body });
}

const only = (violations: Violation[]): Violation => {
  expect(violations).toHaveLength(1);
  return violations[0] as Violation;
};

describe("response body violations name the JSON pointer, the rule in the spec, and expected vs actual", () => {
  it("a missing required property points at the property itself and at the spec's required list", () => {
    const customerWithoutId = customer();
    delete customerWithoutId.id;
    expect(only(page({ totalCount: 1, items: [customerWithoutId] }))).toEqual({
      location: "body",
      pointer: "/items/0/id",
      message: "/items/0/id: required property is missing",
      schemaPath: "#/components/schemas/Customer/required",
      expected: "property id",
    });
  });

  it("a wrong type says what it should be and what it is", () => {
    expect(only(page({ totalCount: "2", items: [] }))).toEqual({
      location: "body",
      pointer: "/totalCount",
      message: '/totalCount: must be integer, got string "2"',
      schemaPath: "#/components/schemas/CustomerCollection/properties/totalCount/type",
      expected: "integer",
      actual: "2",
    });
  });

  it("a bad format names the format and the value", () => {
    const v = only(page({ totalCount: 1, items: [customer({ id: "<guid>" })] }));
    expect(v).toMatchObject({
      pointer: "/items/0/id",
      schemaPath: "#/components/schemas/Customer/properties/id/format",
      expected: "format uuid",
      actual: "<guid>",
    });
  });

  it("a wrong array in place of an object is reported at the array", () => {
    const v = only(
      page({
        totalCount: 0,
        items: [],
        links: { self: { uri: "/v1/customers", method: "GET", headers: {} } },
      }),
    );
    expect(v).toMatchObject({
      pointer: "/links/self/headers",
      message: "/links/self/headers: must be array, got object",
      schemaPath: "#/components/schemas/Link/properties/headers/type",
    });
  });

  it("a schema reached through several $refs is named where it is written in the spec (LinkHeader)", () => {
    const links = {
      next: { uri: "/v1/customers?seekOperation=Next", method: "GET", headers: [{ value: "t" }] },
    };
    expect(only(page({ totalCount: 0, items: [], links })).schemaPath).toBe(
      "#/components/schemas/LinkHeader/required",
    );
  });

  it("every failing branch of an anyOf is reported (enum, pattern, and the anyOf itself)", () => {
    const violations = page({ totalCount: 1, items: [customer({ relationshipToPartner: "Reseller" })] });
    expect(violations.map((v) => v.schemaPath)).toEqual([
      "#/components/schemas/RelationshipToPartner/anyOf/0/enum",
      "#/components/schemas/RelationshipToPartner/anyOf/1/pattern",
      "#/components/schemas/RelationshipToPartner/anyOf",
    ]);
    expect(violations.every((v) => v.pointer === "/items/0/relationshipToPartner")).toBe(true);
  });

  it("a new lower snake_case relationship is accepted (the spec is forward-compatible)", () => {
    expect(page({ totalCount: 1, items: [customer({ relationshipToPartner: "indirect_partner" })] })).toEqual(
      [],
    );
  });

  it("properties the spec does not know are allowed", () => {
    expect(
      page({ totalCount: 1, items: [customer({ enableGDAPByDefault: true, brandNew: { x: 1 } })] }),
    ).toEqual([]);
  });

  it("all violations are reported at once, not only the first", () => {
    const violations = page({ totalCount: -1, items: [customer({ id: 7 })] });
    expect(violations.map((v) => v.pointer).sort()).toEqual(["/items/0/id", "/totalCount"]);
  });

  it("a long actual value is cut to a preview, never the whole body", () => {
    const v = only(page({ totalCount: 1, items: [customer({ id: "x".repeat(500) })] }));
    expect(String(v.actual)).toHaveLength(121);
    expect(String(v.actual).endsWith("…")).toBe(true);
  });

  it("an error body is checked against the schema of its own status", () => {
    expect(page({ code: 3000, description: "Invalid property" }, 400)).toEqual([]);
    expect(
      page({ statusCode: 429, message: "slow down" }, 429, { ...JSON_HEADERS, "Retry-After": "5" }),
    ).toEqual([]);
    const v = only(
      page({ code: 3000, description: "Invalid property" }, 429, {
        ...JSON_HEADERS,
        "Retry-After": "5",
      }).slice(0, 1),
    );
    expect(v.schemaPath).toBe("#/components/schemas/ThrottlingError/required");
  });
});

describe("status, headers and content type", () => {
  it("an undeclared status lists the declared ones", () => {
    expect(only(page({ code: 1, description: "x" }, 409))).toEqual({
      location: "status",
      pointer: "",
      message:
        "status 409 is not declared for GET /v1/customers (declared: 200, 400, 401, 403, 404, 429, 500, 503)",
      schemaPath: "#/paths/~1v1~1customers/get/responses",
      expected: ["200", "400", "401", "403", "404", "429", "500", "503"],
      actual: 409,
    });
  });

  it("Retry-After is read as a number of seconds; anything else is named with the header", () => {
    const throttled = { statusCode: 429, message: "slow down" };
    expect(page(throttled, 429, { "retry-after": "57" })).toEqual([]);
    expect(only(page(throttled, 429, { "retry-after": "57 seconds" }))).toMatchObject({
      location: "headers",
      pointer: "Retry-After",
      message: 'response header Retry-After must be integer (got "57 seconds")',
      schemaPath: "#/paths/~1v1~1customers/get/responses/429/headers/Retry-After/schema/type",
      actual: "57 seconds",
    });
    expect(only(page(throttled, 429, { "retry-after": "-1" })).expected).toBe("minimum 0");
  });

  it("a content type the spec does not declare is reported", () => {
    expect(only(page({ totalCount: 0, items: [] }, 200, { "content-type": "text/html" }))).toMatchObject({
      location: "headers",
      pointer: "Content-Type",
      expected: ["application/json"],
      actual: "text/html",
    });
  });

  it("a missing body where the spec declares one is reported", () => {
    const violations = validator.checkResponse({ method: "GET", url: "/v1/customers", status: 200 });
    expect(only(violations).message).toBe(
      "the 200 response has no body, but the spec declares application/json content",
    );
  });

  it("a request for an operation the spec does not have says which operations it has", () => {
    const v = only(validator.checkResponse({ method: "POST", url: "/v1/customers", status: 201, body: {} }));
    expect(v).toMatchObject({
      location: "request",
      message: expect.stringContaining("(it has GET /v1/customers)"),
    });
  });

  it("the host, query and trailing slash of the URL do not matter", () => {
    for (const url of [
      "https://api.partnercenter.microsoft.com/v1/customers?size=2",
      "/v1/customers/",
      "/v1/customers#x",
    ]) {
      expect(validator.hasOperation("get", url), url).toBe(true);
    }
    expect(validator.hasOperation("GET", "/v1/customers/123")).toBe(false);
  });

  it("lists its operations and their statuses", () => {
    expect(validator.operations()).toEqual([
      {
        method: "GET",
        path: "/v1/customers",
        operationId: "listCustomers",
        statuses: ["200", "400", "401", "403", "404", "429", "500", "503"],
      },
    ]);
  });
});

describe("request parameters", () => {
  const request = (query: string, headers: Record<string, string> = {}) =>
    validator.checkRequest({ method: "GET", url: `/v1/customers${query}`, headers });

  it("what the client sends for a first page, a filtered page and a seek is valid", () => {
    const filter = encodeURIComponent(
      JSON.stringify({ Field: "CompanyName", Value: "Cont", Operator: "starts_with" }),
    );
    expect(request("?size=40", { "MS-RequestId": ID, "MS-CorrelationId": ID, "X-Locale": "en-US" })).toEqual(
      [],
    );
    expect(request(`?size=0&filter=${filter}`)).toEqual([]);
    expect(request("?size=2&seekOperation=Next", { "MS-ContinuationToken": "AQAAAA==" })).toEqual([]);
  });

  it("a parameter value that breaks its schema names the parameter and its rule in the spec", () => {
    expect(only(request("?seekOperation=next"))).toMatchObject({
      location: "request",
      pointer: "seekOperation",
      schemaPath: "#/components/parameters/seekOperation/schema/enum",
      expected: ["Next"],
      actual: "next",
    });
    // Over int32's bound: both `maximum` and `format: int32` say so.
    expect(new Set(request("?size=3000000000").map((v) => v.pointer))).toEqual(new Set(["size"]));
  });

  it("header names are matched in any case", () => {
    expect(only(request("", { "ms-requestid": "nope" }))).toMatchObject({
      pointer: "MS-RequestId",
      expected: "format uuid",
    });
  });

  it("the filter's JSON is checked against CustomerFilter, with the pointer inside the filter", () => {
    const filter = encodeURIComponent(JSON.stringify({ Field: "Phone", Value: "", Operator: "equals" }));
    const violations = request(`?filter=${filter}`);
    expect(violations.map((v) => [v.pointer, v.schemaPath])).toEqual([
      ["filter/Field", "#/components/schemas/CustomerFilter/properties/Field/enum"],
      ["filter/Value", "#/components/schemas/CustomerFilter/properties/Value/minLength"],
      ["filter/Operator", "#/components/schemas/CustomerFilter/properties/Operator/const"],
    ]);
    expect(violations[2]).toMatchObject({ expected: "starts_with", actual: "equals" });
  });

  it("a filter that is not JSON text is reported as such", () => {
    expect(only(request("?filter=Contoso"))).toMatchObject({
      pointer: "filter",
      message: 'query parameter filter must be JSON text (got "Contoso")',
      schemaPath: "#/components/parameters/filter/schema/contentMediaType",
    });
  });

  it("parameters the spec does not declare are ignored, as servers ignore them", () => {
    expect(request("?size=2&debug=true", { "X-Anything": "1" })).toEqual([]);
  });
});
