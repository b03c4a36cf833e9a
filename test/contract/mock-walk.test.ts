import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INDIRECT_PROVIDERS, INDIRECT_RESELLERS } from "partner-center-customers/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  AuthenticationError,
  BadRequestError,
  type Customer,
  createPartnerCenterClient,
  type FetchLike,
  type PartnerCenterClient,
} from "../../src/client/index.js";
import { loadSpec, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { type MockServer, startMock } from "../../src/toolkit/mock/start-mock.js";
import { collect, rejectionOf } from "../helpers/capturing-fetch.js";
import { SPEC } from "../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));

/** A fetch that checks every response the client receives against the spec with Ajv. */
function ajvFetch(problems: string[]): FetchLike {
  return async (request) => {
    const response = await fetch(request);
    const text = await response.clone().text();
    const where = `${response.status} for ${new URL(request.url).pathname}${new URL(request.url).search}`;
    const body = text === "" ? undefined : JSON.parse(text);
    for (const v of validator.checkResponse({
      method: request.method,
      url: request.url,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body,
    }))
      problems.push(`${where}: ${v.message}`);
    return response;
  };
}

/** What Prism said about the requests since `from`: nothing at all for a client that keeps to the spec. */
function violationsSince(mock: MockServer, from: number): string[] {
  return mock.requests
    .slice(from)
    .flatMap((r) =>
      r.violations.map((v) => `request ${r.index} ${r.url}: ${v.location.join(".")}: ${v.message}`),
    );
}

describe("the stateful mock, walked by the client through Prism", () => {
  let mock: MockServer;
  let client: PartnerCenterClient;
  const ajv: string[] = [];
  beforeAll(async () => {
    mock = await startMock({ customers: 40 });
    client = createPartnerCenterClient({ token: "mock-token", baseUrl: mock.url, fetch: ajvFetch(ajv) });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it("list({ size: 3 }) walks every customer exactly once and ends without an error", async () => {
    const from = mock.requests.length;
    const customers = await collect(client.customers.list({ size: 3 }));
    expect(customers.map((c) => c.id)).toEqual(mock.dataSet.customers.map((c) => c.id));
    expect(new Set(customers.map((c) => c.id)).size).toBe(40);
    expect(mock.requests.length - from).toBe(14);
    expect(
      mock.requests.slice(from + 1).every((r) => r.continuation && r.url.endsWith("seekOperation=Next")),
    ).toBe(true);
    expect(violationsSince(mock, from)).toEqual([]);
    expect(ajv).toEqual([]);
  });

  it("the default page size walks in one page", async () => {
    const from = mock.requests.length;
    const pages = await collect(client.customers.list().byPage());
    expect(pages.map((p) => p.totalCount)).toEqual([40]);
    expect(violationsSince(mock, from)).toEqual([]);
  });

  it.each([
    [
      "CompanyName",
      "cont",
      (c: Customer) => (c.companyProfile.companyName ?? "").toLowerCase().startsWith("cont"),
    ],
    ["Domain", "FAB", (c: Customer) => c.companyProfile.domain.startsWith("fab")],
    [
      "IndirectReseller",
      INDIRECT_RESELLERS[1] as string,
      (c: Customer) => c.associatedPartnerId === INDIRECT_RESELLERS[1],
    ],
    [
      "IndirectCloudSolutionProvider",
      INDIRECT_PROVIDERS[0] as string,
      (c: Customer) => c.associatedPartnerId === INDIRECT_PROVIDERS[0],
    ],
  ] as const)("a %s filter walk returns only the matches, each once", async (field, value, matches) => {
    const from = mock.requests.length;
    const found = await collect(client.customers.list({ size: 1, filter: { field, value } }));
    const expected = mock.dataSet.customers.filter(matches).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(found.map((c) => c.id)).toEqual(expected);
    expect(violationsSince(mock, from)).toEqual([]);
    expect(ajv).toEqual([]);
  });

  it("a bad filter, an unknown continuation token and a missing token get the documented 400 and 401", async () => {
    const from = mock.requests.length;
    const badFilter = await client.raw.GET("/v1/customers", {
      params: { query: { filter: '{"Field":"Name","Value":"x","Operator":"starts_with"}' } },
    });
    expect(badFilter.response.status).toBe(400);
    expect(badFilter.error).toMatchObject({ code: 800002, source: "PartnerFD" });
    const unknownToken = await client.raw.GET("/v1/customers", {
      params: { query: { seekOperation: "Next" }, header: { "MS-ContinuationToken": "AQAAAA==" } },
    });
    expect(unknownToken.response.status).toBe(400);
    expect(unknownToken.error).toMatchObject({
      description: expect.stringMatching(/continuation token is not valid/),
    });
    // These requests keep to the spec: Prism has nothing to say about either direction.
    expect(violationsSince(mock, from)).toEqual([]);

    const noToken = await fetch(`${mock.url}/v1/customers`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 800001, source: "PartnerFD" });
    const anonymous = createPartnerCenterClient({
      token: "mock-token",
      baseUrl: mock.url,
      fetch: (request) => {
        const headers = new Headers(request.headers);
        headers.delete("authorization");
        return ajvFetch(ajv)(new Request(request, { headers }));
      },
    });
    expect(await rejectionOf(() => collect(anonymous.customers.list()))).toBeInstanceOf(AuthenticationError);
    // Prism flags the request (no bearer token) and finds the 401 it got back valid.
    const last = mock.requests.at(-1);
    expect(last?.status).toBe(401);
    expect(last?.violations.filter((v) => v.location[0] !== "request")).toEqual([]);
    expect(ajv).toEqual([]);
  });

  it("anything but GET /v1/customers is a 404 with a Partner Center error body", async () => {
    const response = await fetch(`${mock.url}/v1/customers/abc`, { headers: { authorization: "Bearer x" } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 1000, source: "PartnerFD" });
  });

  it("a response that breaks the spec reaches the client as Prism's violation error", async () => {
    // The mock's own responses never break the embedded spec, so a stricter spec shows the path:
    // pages of at most one customer.
    const dir = await mkdtemp(join(tmpdir(), "pc-mock-spec-"));
    const doc = parse(await readFile(SPEC, "utf8"));
    doc.components.schemas.CustomerCollection.properties.totalCount.maximum = 1;
    const strictSpec = join(dir, "strict.yaml");
    await writeFile(strictSpec, stringify(doc));
    const strict = await startMock({ customers: 5, spec: strictSpec });
    try {
      const ok = await fetch(`${strict.url}/v1/customers?size=1`, { headers: { authorization: "Bearer x" } });
      expect(ok.status).toBe(200);
      const broken = await fetch(`${strict.url}/v1/customers?size=3`, {
        headers: { authorization: "Bearer x" },
      });
      expect(broken.status).toBe(500);
      expect(broken.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await broken.json()) as { type: string; validation: Array<{ location: string[] }> };
      expect(problem.type).toBe("https://stoplight.io/prism/errors#VIOLATIONS");
      expect(problem.validation.map((v) => v.location.join("."))).toEqual(["response.body.totalCount"]);
      expect(strict.requests.at(-1)?.status).toBe(500);
    } finally {
      await strict.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the stateful mock's faults", () => {
  it("the client retries a 429 and a 503, and loses or repeats no customer", async () => {
    const mock = await startMock({ customers: 12, faults: "429@2,503@4,reset@6,slow@7:200ms" });
    try {
      const problems: string[] = [];
      const client = createPartnerCenterClient({
        token: "mock-token",
        baseUrl: mock.url,
        fetch: ajvFetch(problems),
        retry: { baseDelayMs: 10, maxDelayMs: 50 },
      });
      const customers = await collect(client.customers.list({ size: 3 }));
      expect(customers.map((c) => c.id)).toEqual(mock.dataSet.customers.map((c) => c.id));
      const log = mock.requests.map((r) => [r.index, r.status, r.fault ?? ""]);
      expect(log).toEqual([
        [1, 200, ""],
        [2, 429, "429@2:1s"],
        [3, 200, ""],
        [4, 503, "503@4"],
        [5, 200, ""],
        [6, 0, "reset@6"],
        [7, 200, "slow@7:200ms"],
      ]);
      expect(mock.requests.flatMap((r) => r.violations)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it("an expired continuation token ends the walk with a 400 the client reports", async () => {
    const mock = await startMock({ customers: 9, faults: "expire-token@2" });
    try {
      const client = createPartnerCenterClient({ token: "mock-token", baseUrl: mock.url });
      const error = await rejectionOf(() => collect(client.customers.list({ size: 3 })));
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).description).toMatch(/continuation token has expired/);
      expect(mock.requests.flatMap((r) => r.violations)).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it("latency delays every response", async () => {
    const mock = await startMock({ customers: 1, latencyMs: 300 });
    try {
      const started = performance.now();
      const response = await fetch(`${mock.url}/v1/customers`, { headers: { authorization: "Bearer x" } });
      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await mock.close();
    }
  });
});
