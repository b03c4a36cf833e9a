// The spec and the stateful mock agree, as an example-driven contract tool (Specmatic) sees them:
// every request example paired by name with a response example gets that response's status and a
// body the spec accepts, and every seekOperation the .NET SDK can send is served exactly when the
// spec declares it. docs/specmatic.md has Specmatic's own figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec, resolveRef, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { type MockServer, startMock } from "../../src/toolkit/mock/start-mock.js";
import { SPEC } from "../helpers/paths.js";

interface Parameter {
  name: string;
  in: "query" | "header";
  examples?: Record<string, { value: unknown }>;
}
interface Response {
  content?: Record<string, { examples?: Record<string, unknown> }>;
}

const spec = loadSpec(SPEC);
const validator = new SpecValidator(spec);
const operation = spec.paths?.["/v1/customers"]?.get as {
  responses: Record<string, unknown>;
  parameters: unknown[];
};
const params = operation.parameters.map((p) => resolveRef<Parameter>(spec, p));

/** Every response example that has request examples of the same name: the request they make. */
const pairs = Object.entries(operation.responses).flatMap(([status, raw]) =>
  Object.values(resolveRef<Response>(spec, raw).content ?? {}).flatMap((media) =>
    Object.keys(media.examples ?? {}).flatMap((name) => {
      const parts = params.filter((p) => p.examples?.[name] !== undefined);
      if (parts.length === 0) return [];
      const query = new URLSearchParams();
      const headers: Record<string, string> = {};
      for (const p of parts) {
        const value = String(p.examples?.[name]?.value);
        if (p.in === "query") query.set(p.name, value);
        else headers[p.name] = value;
      }
      return [{ name, status: Number(status), query: query.toString(), headers }];
    }),
  ),
);

/** The values of the .NET SDK's SeekOperation enumeration (Source/PartnerSdk.Models/Query/SeekOperation.cs). */
const SDK_SEEK_OPERATIONS = ["Next", "Previous", "First", "Last", "PageIndex"];

describe("the spec's examples and the stateful mock agree", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ customers: 5 });
  });
  afterAll(async () => {
    await mock?.close();
  });

  async function get(query: string, headers: Record<string, string> = {}) {
    const url = `/v1/customers${query === "" ? "" : `?${query}`}`;
    const response = await fetch(`${mock.url}${url}`, {
      headers: { authorization: "Bearer example-token", ...headers },
    });
    const body: unknown = await response.json();
    const violations = validator.checkResponse({
      method: "GET",
      url,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body,
    });
    return { status: response.status, body, violations };
  }

  it("pairs the 200 filteredPage and the 400 badRequest examples with a request", () => {
    expect(pairs.map((p) => `${p.status} ${p.name}`).sort()).toEqual(["200 filteredPage", "400 badRequest"]);
  });

  it.each(pairs.map((p) => [`${p.status} ${p.name}`, p] as const))(
    "the request example %s gets that status and a body the spec accepts",
    async (_, pair) => {
      const answer = await get(pair.query, pair.headers);
      expect(answer.status).toBe(pair.status);
      expect(answer.violations).toEqual([]);
    },
  );

  it.each(SDK_SEEK_OPERATIONS)(
    "seekOperation=%s with a valid continuation token: served (200) exactly when the spec declares it, else 400",
    async (value) => {
      const first = await get("size=2");
      const next = (first.body as { links: { next: { headers: Array<{ key: string; value: string }> } } })
        .links.next;
      const headers = Object.fromEntries(next.headers.map((h) => [h.key, h.value]));
      const query = `seekOperation=${value}`;
      const declared =
        validator.checkRequest({ method: "GET", url: `/v1/customers?${query}`, headers }).length === 0;
      const answer = await get(query, headers);
      expect(answer.status).toBe(declared ? 200 : 400);
      expect(answer.violations).toEqual([]);
    },
  );

  it("the spec declares Next and the mock serves it (so the check above compares both verdicts)", () => {
    const declared = SDK_SEEK_OPERATIONS.filter(
      (value) =>
        validator.checkRequest({
          method: "GET",
          url: `/v1/customers?seekOperation=${value}`,
          headers: { "MS-ContinuationToken": "AQAAAA==" },
        }).length === 0,
    );
    expect(declared).toEqual(["Next"]);
  });
});
