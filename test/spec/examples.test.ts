import { describe, expect, it } from "vitest";
import { loadSpec, resolveRef, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { SPEC } from "../helpers/paths.js";

interface MediaType {
  schema?: unknown;
  examples?: Record<string, unknown>;
}
interface Response {
  headers?: Record<string, unknown>;
  content?: Record<string, MediaType>;
}
interface Parameter {
  name: string;
  in: string;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}

const spec = loadSpec(SPEC);
const validator = new SpecValidator(spec);
const operation = spec.paths?.["/v1/customers"]?.get as {
  responses: Record<string, unknown>;
  parameters: unknown[];
};

// Every named example, with the status and headers it documents (header examples included, so that
// the 429 example carries its Retry-After).
const responseExamples = Object.entries(operation.responses).flatMap(([status, raw]) => {
  const response = resolveRef<Response>(spec, raw);
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, h]) => [
      name,
      String(resolveRef<{ example?: unknown }>(spec, h).example),
    ]),
  );
  return Object.entries(response.content ?? {}).flatMap(([mediaType, media]) =>
    Object.entries(media.examples ?? {}).map(([name, ex]) => ({
      status: Number(status),
      name,
      headers: { ...headers, "content-type": mediaType },
      body: resolveRef<{ value: unknown }>(spec, ex).value,
    })),
  );
});

describe("every example in the spec validates against its schema (Ajv, JSON Schema 2020-12)", () => {
  it("documents the pages a user meets: first, middle, last, filtered and empty", () => {
    expect(responseExamples.filter((e) => e.status === 200).map((e) => e.name)).toEqual([
      "firstPage",
      "middlePage",
      "lastPage",
      "filteredPage",
      "emptyPage",
    ]);
  });

  it("documents one example for every error status", () => {
    const declared = Object.keys(operation.responses).filter((s) => s !== "200");
    const exemplified = new Set(
      responseExamples.filter((e) => e.status !== 200).map((e) => String(e.status)),
    );
    expect([...exemplified].sort()).toEqual(declared.sort());
  });

  it.each(responseExamples.map((e) => [`${e.status} ${e.name}`, e] as const))("%s conforms", (_, example) => {
    const violations = validator.checkResponse({ method: "GET", url: "/v1/customers", ...example });
    expect(violations).toEqual([]);
  });

  it("the first page's next link carries an MS-ContinuationToken header and the last page has no next link", () => {
    const first = responseExamples.find((e) => e.name === "firstPage")?.body as {
      links: { next: { headers: Array<{ key: string }> } };
    };
    const last = responseExamples.find((e) => e.name === "lastPage")?.body as {
      links: Record<string, unknown>;
    };
    expect(first.links.next.headers.map((h) => h.key)).toContain("MS-ContinuationToken");
    expect(last.links).not.toHaveProperty("next");
  });

  const params = operation.parameters.map((p) => resolveRef<Parameter>(spec, p));
  const errorExampleNames = new Set(responseExamples.filter((e) => e.status >= 400).map((e) => e.name));
  // A parameter's example for a successful request: its `example`, or its first named example that
  // is not paired with an error response.
  const validExample = (p: Parameter): unknown =>
    p.example ?? Object.entries(p.examples ?? {}).find(([name]) => !errorExampleNames.has(name))?.[1].value;

  it("every parameter example is a valid value of its parameter (the filter example's JSON included)", () => {
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const p of params) {
      const example = validExample(p);
      expect(example, `parameter ${p.name} has an example`).toBeDefined();
      if (p.in === "query") query.set(p.name, String(example));
      else headers[p.name] = String(example);
    }
    expect(validator.checkRequest({ method: "GET", url: `/v1/customers?${query}`, headers })).toEqual([]);
  });

  it("names every request example after a response example, as example-driven tools pair them", () => {
    const responseNames = new Set(responseExamples.map((e) => e.name));
    const requestNames = params.flatMap((p) => Object.keys(p.examples ?? {}));
    expect(requestNames.length).toBeGreaterThan(0);
    expect(requestNames.filter((name) => !responseNames.has(name))).toEqual([]);
  });

  it("pairs the 400 example with a request that breaks the spec, and only the errors no parameter can provoke go without one", () => {
    const requestNames = new Set(params.flatMap((p) => Object.keys(p.examples ?? {})));
    const unpaired = responseExamples.filter((e) => e.status >= 400 && !requestNames.has(e.name));
    // The credentials, the account, the request rate and the service's health cause these.
    expect(unpaired.map((e) => e.status).sort()).toEqual([401, 403, 404, 429, 500, 503]);
    const bad = params.filter((p) => p.examples?.badRequest !== undefined);
    expect(bad.map((p) => p.name)).toEqual(["filter"]);
    const query = new URLSearchParams(
      bad.map((p): [string, string] => [p.name, String(p.examples?.badRequest?.value)]),
    );
    const violations = validator.checkRequest({ method: "GET", url: `/v1/customers?${query}`, headers: {} });
    expect(violations.map((v) => v.pointer)).toEqual(["filter/Operator"]);
  });

  it("declares only seekOperation=Next, the one value with evidence for customers", () => {
    const seek = params.find((p) => p.name === "seekOperation");
    expect(resolveRef<{ schema: { enum: string[] } }>(spec, seek).schema.enum).toEqual(["Next"]);
    for (const value of ["Previous", "First", "Last", "PageIndex"]) {
      const violations = validator.checkRequest({
        method: "GET",
        url: `/v1/customers?seekOperation=${value}`,
        headers: { "MS-ContinuationToken": "AQAAAA==" },
      });
      expect(violations.map((v) => v.pointer)).toEqual(["seekOperation"]);
    }
  });

  it("declares no Accept header parameter (OpenAPI ignores one) and bounds size at int32's maximum", () => {
    expect(params.map((p) => p.name.toLowerCase())).not.toContain("accept");
    const at = (size: string) =>
      validator.checkRequest({ method: "GET", url: `/v1/customers?size=${size}`, headers: {} }).length;
    const size = params.find((p) => p.name === "size");
    // Stated as keywords, not only as format: int32, which tools that ignore formats cannot see.
    expect(resolveRef<{ schema: object }>(spec, size).schema).toMatchObject({
      minimum: 0,
      maximum: 2147483647,
    });
    expect(at("2147483647")).toBe(0);
    expect(at("2147483648")).toBeGreaterThan(0);
  });

  it("accepts a next link only in the service's relative and absolute forms (a stub's random 'RTPFF' is not one)", () => {
    const withNext = (uri: string) =>
      validator
        .checkResponse({
          method: "GET",
          url: "/v1/customers",
          status: 200,
          headers: { "content-type": "application/json" },
          body: { totalCount: 0, items: [], links: { next: { uri, method: "GET", headers: [] } } },
        })
        .map((v) => v.pointer);
    for (const uri of [
      "/v1/customers?size=500&seekOperation=Next",
      "/customers?size=0&filter=%7B%22Field%22%3A%22Domain%22%7D&seekOperation=Next",
      "/customers/c5757d70-06f3-4f23-8367-5a9e55019f94/profiles/company",
      "/v1/customers",
      "https://api.partnercenter.microsoft.com/v1/customers?size=40&seekOperation=Next",
      "https://127.0.0.1:4010/customers?seekOperation=Next",
    ])
      expect(withNext(uri), uri).toEqual([]);
    for (const uri of [
      "RTPFF",
      "customers?size=2",
      "//evil.example/v1/customers",
      "http://api.partnercenter.microsoft.com/v1/customers",
      "https://evil.example/steal?size=2",
      "/v1/invoices?size=2",
      "/v1/customers?size=2 Next",
      "/v1/customers?\u0006",
      "/v1/customers/太",
    ])
      expect(withNext(uri), uri).toEqual(["/links/next/uri"]);
  });

  it("a wrong parameter value is reported with the parameter's name (so the check above can fail)", () => {
    const filter = JSON.stringify({ Field: "Phone", Value: "1", Operator: "starts_with" });
    const violations = validator.checkRequest({
      method: "GET",
      url: `/v1/customers?size=-1&filter=${encodeURIComponent(filter)}&seekOperation=Sideways`,
      headers: { "MS-RequestId": "not-a-guid" },
    });
    expect(violations.map((v) => v.pointer).sort()).toEqual([
      "MS-RequestId",
      "filter/Field",
      "seekOperation",
      "size",
    ]);
  });
});
