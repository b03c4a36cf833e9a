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

  it("every parameter example is a valid value of its parameter (the filter example's JSON included)", () => {
    const params = operation.parameters.map((p) => resolveRef<Parameter>(spec, p));
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const p of params) {
      expect(p.example, `parameter ${p.name} has an example`).toBeDefined();
      if (p.in === "query") query.set(p.name, String(p.example));
      else headers[p.name] = String(p.example);
    }
    expect(validator.checkRequest({ method: "GET", url: `/v1/customers?${query}`, headers })).toEqual([]);
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
