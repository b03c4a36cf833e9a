// createMockFetch: the in-process door of the mock. The client walks it as it walks the service,
// and every response it produces is checked against the spec with Ajv.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import {
  BadRequestError,
  createPartnerCenterClient,
  type FetchLike,
  NetworkError,
  type RetryEvent,
} from "partner-center-customers";
import { createMockFetch, FaultSyntaxError, type MockFetch } from "partner-center-customers/mock";
import { describe, expect, it } from "vitest";
import { loadSpec, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { SPEC } from "../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const FAST_RETRY = { limit: 3, baseDelayMs: 1, maxDelayMs: 5 } as const;

/** The mock, with every exchange checked against the spec (request and response) before the client sees it. */
function checked(mock: MockFetch): { fetch: FetchLike; checkedResponses: () => number } {
  let count = 0;
  const fetch: FetchLike = async (request) => {
    const headers = Object.fromEntries(request.headers);
    expect(validator.checkRequest({ method: request.method, url: request.url, headers })).toEqual([]);
    const response = await mock(request);
    const text = await response.clone().text();
    expect(
      validator.checkResponse({
        method: request.method,
        url: request.url,
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: text === "" ? undefined : JSON.parse(text),
      }),
      `${response.status} for ${request.url}`,
    ).toEqual([]);
    count++;
    return response;
  };
  return { fetch, checkedResponses: () => count };
}

async function ids(iterable: AsyncIterable<{ id: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item.id);
  return out;
}

describe("createMockFetch", () => {
  it("lets the client list the 40 customers of the data set once each, in order, on the default base URL", async () => {
    const mock = createMockFetch();
    const { fetch, checkedResponses } = checked(mock);
    const client = createPartnerCenterClient({ token: "any", fetch });
    const listed = await ids(client.customers.list({ size: 7 }));
    expect(mock.dataSet.customers).toHaveLength(40);
    expect(listed).toEqual(mock.dataSet.customers.map((c) => c.id));
    // Six pages of 7, 7, 7, 7, 7 and 5; the first without a continuation token, the rest with one.
    expect(mock.requests.map((r) => [r.index, r.continuation, r.status])).toEqual([
      [1, false, 200],
      [2, true, 200],
      [3, true, 200],
      [4, true, 200],
      [5, true, 200],
      [6, true, 200],
    ]);
    expect(mock.requests[0]?.url).toBe("/v1/customers?size=7");
    expect(checkedResponses()).toBe(6);
  });

  it("serves the same customers for the same seed and others for another seed", () => {
    const a = createMockFetch({ customers: 5, seed: 7 }).dataSet.customers.map((c) => c.id);
    const b = createMockFetch({ customers: 5, seed: 7 }).dataSet.customers.map((c) => c.id);
    const c = createMockFetch({ customers: 5, seed: 8 }).dataSet.customers.map((c) => c.id);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("filters as the service does, following the filtered next links (which lack /v1)", async () => {
    const mock = createMockFetch();
    const client = createPartnerCenterClient({ token: "any", fetch: checked(mock).fetch });
    const found: string[] = [];
    for await (const c of client.customers.list({ size: 1, filter: { field: "CompanyName", value: "cont" } }))
      found.push(c.companyProfile.companyName ?? "");
    const expected = mock.dataSet.customers
      .map((c) => c.companyProfile.companyName ?? "")
      .filter((name) => name.toLowerCase().startsWith("cont"));
    expect(expected.length).toBeGreaterThan(1);
    expect(found).toEqual(expected);
  });

  it("throttles request 2 with faults '429@2:0s': the client retries, tells onRetry once, and loses no customer", async () => {
    const mock = createMockFetch({ faults: "429@2:0s" });
    const retries: RetryEvent[] = [];
    const client = createPartnerCenterClient({
      token: "any",
      fetch: checked(mock).fetch,
      retry: FAST_RETRY,
      hooks: { onRetry: (event) => void retries.push(event) },
    });
    const listed = await ids(client.customers.list({ size: 10 }));
    expect(listed).toEqual(mock.dataSet.customers.map((c) => c.id));
    expect(retries.map((r) => [r.status, r.reason])).toEqual([[429, "throttled"]]);
    expect(mock.requests.map((r) => [r.status, r.fault])).toEqual([
      [200, undefined],
      [429, "429@2:0s"],
      [200, undefined],
      [200, undefined],
      [200, undefined],
    ]);
  });

  it("drops request 1 with a reset fault as fetch does (a TypeError): the client retries it as a network error", async () => {
    const mock = createMockFetch({ faults: [{ kind: "reset", at: 1 }], customers: 3 });
    await expect(mock("https://api.partnercenter.microsoft.com/v1/customers")).rejects.toThrow(TypeError);
    const retries: RetryEvent[] = [];
    const client = createPartnerCenterClient({
      token: "any",
      fetch: createMockFetch({ faults: "reset@1", customers: 3 }),
      retry: FAST_RETRY,
      hooks: { onRetry: (event) => void retries.push(event) },
    });
    expect(await ids(client.customers.list())).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual(["network"]);
    const failing = createPartnerCenterClient({
      token: "any",
      fetch: createMockFetch({ faults: "reset@1" }),
      retry: false,
    });
    await expect(ids(failing.customers.list())).rejects.toBeInstanceOf(NetworkError);
  });

  it("answers the documented errors: 401 without a bearer token, 400 for a bad continuation token, 403/500 as faults", async () => {
    const mock = createMockFetch({ faults: "403@3,500@4" });
    const { fetch } = checked(mock);
    const url = "https://api.partnercenter.microsoft.com/v1/customers";
    const anonymous = await fetch(new Request(url));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 800001 });
    const badToken = await fetch(
      new Request(`${url}?seekOperation=Next`, {
        headers: { authorization: "Bearer x", "ms-continuationtoken": "AQAAAA==" },
      }),
    );
    expect(badToken.status).toBe(400);
    const auth = { headers: { authorization: "Bearer x" } };
    expect((await fetch(new Request(url, auth))).status).toBe(403);
    expect((await fetch(new Request(url, auth))).status).toBe(500);
    expect((await fetch(new Request(url, auth))).status).toBe(200);
  });

  it("turns down an X-Locale that breaks the spec's pattern with a 400, as the service does, and serves a good one", async () => {
    const mock = createMockFetch({ customers: 2 });
    const url = "https://api.partnercenter.microsoft.com/v1/customers";
    const bad = await mock(url, { headers: { authorization: "Bearer x", "x-locale": "!!" } });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: number; description: string };
    expect(body.code).toBe(800002);
    expect(body.description).toContain("X-Locale");
    expect(
      validator.checkResponse({
        method: "GET",
        url,
        status: 400,
        headers: Object.fromEntries(bad.headers),
        body,
      }),
    ).toEqual([]);
    const good = await mock(url, { headers: { authorization: "Bearer x", "x-locale": "zh-Hans-CN" } });
    expect(good.status).toBe(200);
    // The client itself refuses a bad locale before sending; sent raw, the mock's 400 reaches it as one.
    const raw = createPartnerCenterClient({
      token: "any",
      fetch: (request) => {
        const headers = new Headers(request.headers);
        headers.set("x-locale", "!!");
        return mock(new Request(request, { headers }));
      },
    });
    await expect(ids(raw.customers.list())).rejects.toBeInstanceOf(BadRequestError);
  });

  it("holds every response back by latencyMs, and stops waiting when the request is aborted", async () => {
    const mock = createMockFetch({ latencyMs: 60_000, customers: 1 });
    const controller = new AbortController();
    const pending = mock("https://api.partnercenter.microsoft.com/v1/customers", {
      headers: { authorization: "Bearer x" },
      signal: controller.signal,
    });
    controller.abort(new Error("gave up"));
    await expect(pending).rejects.toThrow("gave up");
    expect(mock.requests[0]?.status).toBe(0);
  });

  it("turns down bad options at once, with messages that say what to write", () => {
    expect(() => createMockFetch({ faults: "429@x" })).toThrow(FaultSyntaxError);
    expect(() => createMockFetch({ customers: -1 })).toThrow(RangeError);
    expect(() => createMockFetch({ latencyMs: Number.NaN })).toThrow(/latencyMs must be from 0/);
  });
});

describe("the client's package entries", () => {
  const bundle = async (entry: string) => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      external: ["msw"],
    });
    return Object.keys(result.metafile.inputs);
  };

  it("the main entry loads none of the mock", async () => {
    const inputs = await bundle("../../src/client/index.ts");
    expect(inputs.some((path) => path.includes("src/client/index.ts"))).toBe(true);
    expect(inputs.filter((path) => path.includes("/mock/"))).toEqual([]);
  });

  it("the mock entry bundles for a browser with no Node built-in and without msw", async () => {
    const inputs = await bundle("../../src/client/mock/index.ts");
    expect(inputs.filter((path) => path.startsWith("node:") || path.includes("msw"))).toEqual([]);
  });
});
