import type { Customer, CustomerCollection } from "partner-center-customers";
import {
  createDataSet,
  INDIRECT_RESELLERS,
  StandIn,
  type StandInResponse,
} from "partner-center-customers/mock";
import { describe, expect, it } from "vitest";
import { loadSpec, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { SPEC } from "../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const AUTH = { authorization: "Bearer test" };

/** Sends a request and checks the answer against the spec with Ajv before handing it back. */
function send(standIn: StandIn, url: string, headers: Record<string, string> = AUTH): StandInResponse {
  const response = standIn.handle({ method: "GET", url, headers });
  if (url.startsWith("/v1/customers")) {
    expect(
      validator.checkResponse({
        method: "GET",
        url,
        status: response.status,
        headers: response.headers,
        body: response.body,
      }),
      `${response.status} for ${url}`,
    ).toEqual([]);
  }
  return response;
}

/** Follows next links as a client does (the /v1 prefix added when missing), collecting every page. */
function walk(standIn: StandIn, first: string): CustomerCollection[] {
  const pages: CustomerCollection[] = [];
  let url: string | undefined = first;
  let headers: Record<string, string> = AUTH;
  while (url !== undefined) {
    const response = send(standIn, url, headers);
    expect(response.status, url).toBe(200);
    const page = response.body as CustomerCollection;
    pages.push(page);
    const next = page.links?.next;
    if (next === undefined) break;
    url = next.uri.startsWith("/v1") ? next.uri : `/v1${next.uri}`;
    headers = { ...AUTH, ...Object.fromEntries(next.headers.map((h) => [h.key.toLowerCase(), h.value])) };
  }
  return pages;
}

const ids = (pages: CustomerCollection[]) => pages.flatMap((p) => p.items.map((c: Customer) => c.id));
const filter = (Field: string, Value: string) =>
  encodeURIComponent(JSON.stringify({ Field, Value, Operator: "starts_with" }));

describe("the mock's stand-in of GET /v1/customers", () => {
  const data = createDataSet({ customers: 40 });

  it("pages every customer exactly once with seek paging, as the service sends it", () => {
    const pages = walk(new StandIn(data), "/v1/customers?size=3");
    expect(pages).toHaveLength(14);
    expect(ids(pages)).toEqual(data.customers.map((c) => c.id));
    const [first, second] = pages as [CustomerCollection, CustomerCollection];
    expect(first.totalCount).toBe(3);
    expect(first.links?.self?.uri).toBe("/v1/customers?size=3");
    expect(first.links?.next?.uri).toBe("/v1/customers?size=3&seekOperation=Next");
    expect(first.links?.next?.headers).toEqual([
      { key: "MS-ContinuationToken", value: first.continuationToken },
    ]);
    expect(second.continuationToken).not.toBe(first.continuationToken);
    const last = pages.at(-1) as CustomerCollection;
    expect(last.totalCount).toBe(1);
    expect(last.links?.next).toBeUndefined();
    expect(last).not.toHaveProperty("continuationToken");
  });

  it("pages at 500 when size is omitted or 0", () => {
    const big = createDataSet({ customers: 1201 });
    for (const first of ["/v1/customers", "/v1/customers?size=0"]) {
      const pages = walk(new StandIn(big), first);
      expect(pages.map((p) => p.totalCount)).toEqual([500, 500, 201]);
      expect(pages[0]?.links?.next?.uri).toBe("/v1/customers?size=500&seekOperation=Next");
    }
  });

  it("filters by company name and domain prefix, case ignored, with /v1-less links as the filter sample has", () => {
    const pages = walk(new StandIn(data), `/v1/customers?size=2&filter=${filter("CompanyName", "cONT")}`);
    const names = pages.flatMap((p) => p.items.map((c) => c.companyProfile.companyName));
    expect(names.sort()).toEqual(["Contoso", "Contoso 2", "Contoso Café", "Contoso Pharmaceuticals"]);
    expect(pages[0]?.links?.next?.uri).toBe(
      `/customers?size=2&filter=${filter("CompanyName", "cONT")}&seekOperation=Next`,
    );
    const domains = walk(new StandIn(data), `/v1/customers?filter=${filter("Domain", "FABRIKAM")}`);
    expect(domains.flatMap((p) => p.items.map((c) => c.companyProfile.domain)).sort()).toEqual([
      "fabrikam.onmicrosoft.com",
      "fabrikam2.onmicrosoft.com",
      "fabrikamresidences.onmicrosoft.com",
    ]);
  });

  it("filters indirect resellers' customers by the reseller's tenant id", () => {
    const reseller = INDIRECT_RESELLERS[0] as string;
    const pages = walk(
      new StandIn(data),
      `/v1/customers?filter=${filter("IndirectReseller", reseller.toUpperCase())}`,
    );
    const expected = data.customers.filter((c) => c.associatedPartnerId === reseller).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(pages)).toEqual(expected);
    // A reseller is not a provider.
    expect(
      ids(
        walk(new StandIn(data), `/v1/customers?filter=${filter("IndirectCloudSolutionProvider", reseller)}`),
      ),
    ).toEqual([]);
  });

  it("answers a filter that matches nothing with an empty page and no next link", () => {
    const [page, ...rest] = walk(new StandIn(data), `/v1/customers?filter=${filter("CompanyName", "zzz")}`);
    expect(rest).toEqual([]);
    expect(page).toMatchObject({ totalCount: 0, items: [] });
    expect(page?.links?.next).toBeUndefined();
  });

  it.each([
    ["a filter that is not JSON", "/v1/customers?filter=xx", {}, 800002, /not JSON/],
    [
      "an unknown filter field",
      `/v1/customers?filter=${encodeURIComponent('{"Field":"Name","Value":"a","Operator":"starts_with"}')}`,
      {},
      800002,
      /Field must be one of/,
    ],
    [
      "another operator",
      `/v1/customers?filter=${encodeURIComponent('{"Field":"Domain","Value":"a","Operator":"equals"}')}`,
      {},
      800002,
      /starts_with/,
    ],
    [
      "a reseller id that is not a GUID",
      `/v1/customers?filter=${filter("IndirectReseller", "abc")}`,
      {},
      2000,
      /Tenant Id must be a GUID/,
    ],
    ["a negative size", "/v1/customers?size=-1", {}, 800002, /size "-1" is not valid/],
    [
      "an unknown continuation token",
      "/v1/customers?seekOperation=Next",
      { "ms-continuationtoken": "AQAAAA==" },
      800002,
      /continuation token is not valid/,
    ],
    [
      "seekOperation without a token",
      "/v1/customers?seekOperation=Next",
      {},
      800002,
      /needs the MS-ContinuationToken header/,
    ],
    [
      "a token without seekOperation",
      "/v1/customers?size=3",
      { "ms-continuationtoken": "AQAAAA==" },
      800002,
      /without seekOperation=Next/,
    ],
    [
      "seeking backwards",
      "/v1/customers?seekOperation=Previous",
      { "ms-continuationtoken": "x" },
      800002,
      /pages forward only/,
    ],
    [
      "seekOperation as a number (the spec declares the name only)",
      "/v1/customers?seekOperation=0",
      { "ms-continuationtoken": "x" },
      800002,
      /pages forward only/,
    ],
    [
      "seekOperation in another case (the spec's enum is case-sensitive)",
      "/v1/customers?seekOperation=next",
      { "ms-continuationtoken": "x" },
      800002,
      /pages forward only/,
    ],
  ])("answers %s with 400 and the documented error body", (_, url, headers, code, description) => {
    const response = send(new StandIn(data), url, { ...AUTH, ...headers });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code, data: [], description: expect.stringMatching(description) });
  });

  it("answers 401 without a bearer token and 404 elsewhere, with Partner Center error bodies", () => {
    const standIn = new StandIn(data);
    for (const headers of [{}, { authorization: "Basic dTpw" }, { authorization: "Bearer " }]) {
      const response = send(standIn, "/v1/customers", headers);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 800001, source: "PartnerFD" });
    }
    const missing = standIn.handle({ method: "GET", url: "/v1/customers/abc", headers: AUTH });
    expect(missing).toMatchObject({ status: 404, body: { code: 1000, source: "PartnerFD" } });
    expect(standIn.handle({ method: "POST", url: "/v1/customers", headers: AUTH }).status).toBe(404);
  });

  it("echoes MS-RequestId and MS-CorrelationId, sets MS-CV, and never copies a hostile id back", () => {
    const standIn = new StandIn(data);
    const response = send(standIn, "/v1/customers?size=1", {
      ...AUTH,
      "ms-requestid": "3705fc6d-4127-4a87-bdba-9658f73fe019",
      "ms-correlationid": "b12260fb-82de-4701-a25f-dcd367690645",
    });
    expect(response.headers).toMatchObject({
      "ms-requestid": "3705fc6d-4127-4a87-bdba-9658f73fe019",
      "ms-correlationid": "b12260fb-82de-4701-a25f-dcd367690645",
      "ms-cv": expect.stringMatching(/^[0-9a-f]{16}\.\d+$/),
    });
    const hostile = send(standIn, "/v1/customers?size=1", { ...AUTH, "ms-requestid": "<script>" });
    expect(hostile.headers["ms-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves the faults it is given: the gateway's 429 with Retry-After, a 503 error body, an expired token", () => {
    const standIn = new StandIn(data);
    const throttled = standIn.handle(
      { method: "GET", url: "/v1/customers", headers: AUTH },
      { kind: "429", at: 1, retryAfterSeconds: 2 },
    );
    expect(throttled).toMatchObject({
      status: 429,
      headers: { "retry-after": "2" },
      body: { statusCode: 429, message: "Rate limit is exceeded. Try again in 2 seconds." },
    });
    const busy = standIn.handle(
      { method: "GET", url: "/v1/customers", headers: AUTH },
      { kind: "503", at: 2, retryAfterSeconds: undefined },
    );
    expect(busy).toMatchObject({ status: 503, body: { code: 800003, source: "PartnerFD" } });
    const denied = standIn.handle(
      { method: "GET", url: "/v1/customers", headers: AUTH },
      { kind: "403", at: 3 },
    );
    expect(denied).toMatchObject({ status: 403, body: { code: 2032, description: "Access denied." } });
    const failed = standIn.handle(
      { method: "GET", url: "/v1/customers", headers: AUTH },
      { kind: "500", at: 4 },
    );
    expect(failed).toMatchObject({
      status: 500,
      body: { code: 800003, description: "Unexpected service error." },
    });
    const missing = standIn.handle(
      { method: "GET", url: "/v1/customers", headers: AUTH },
      { kind: "404", at: 5 },
    );
    expect(missing).toMatchObject({ status: 404, body: { code: 1000, source: "PartnerFD" } });
    for (const r of [throttled, busy, denied, failed, missing])
      expect(
        validator.checkResponse({
          method: "GET",
          url: "/v1/customers",
          status: r.status,
          headers: r.headers,
          body: r.body,
        }),
      ).toEqual([]);

    const first = send(standIn, "/v1/customers?size=5").body as CustomerCollection;
    const token = { ...AUTH, "ms-continuationtoken": first.continuationToken as string };
    const expired = standIn.handle(
      { method: "GET", url: "/v1/customers?size=5&seekOperation=Next", headers: token },
      { kind: "expire-token", at: 3 },
    );
    expect(expired).toMatchObject({
      status: 400,
      body: { description: expect.stringMatching(/has expired/) },
    });
    // Expired for good, as a real expiry is: the retry fails the same way.
    expect(send(standIn, "/v1/customers?size=5&seekOperation=Next", token).status).toBe(400);
  });

  it("gives the same cursor the same token, so a retried page is the same page", () => {
    const standIn = new StandIn(data);
    const a = send(standIn, "/v1/customers?size=4").body as CustomerCollection;
    const b = send(standIn, "/v1/customers?size=4").body as CustomerCollection;
    expect(b.continuationToken).toBe(a.continuationToken);
    expect(
      new StandIn(createDataSet({ seed: 9 })).handle({
        method: "GET",
        url: "/v1/customers?size=4",
        headers: AUTH,
      }).body,
    ).not.toMatchObject({
      continuationToken: a.continuationToken,
    });
  });
});
