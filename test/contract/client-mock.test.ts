import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, inject, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  type CustomerFilterField,
  createPartnerCenterClient,
  NotFoundError,
  type PartnerCenterClientOptions,
  PartnerCenterError,
  PermissionError,
  RateLimitError,
  ServerError,
  UnexpectedResponseError,
} from "../../src/client/index.js";
import { loadSpec, resolveRef, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { type CapturedRequest, capturingFetch, collect, rejectionOf } from "../helpers/capturing-fetch.js";
import { SPEC } from "../helpers/paths.js";

// The client against the one `prism mock` of the run. Prism validates every request against the spec
// and reports what is wrong in `sl-violations`; Ajv (SpecValidator) checks the same requests.
const spec = loadSpec(SPEC);
const validator = new SpecValidator(spec);
const TOKEN = "contract-test-token";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function client(
  prefer: (request: Request, sent: number) => string | undefined = () => undefined,
  options: Partial<PartnerCenterClientOptions> = {},
) {
  const { fetch, captured } = capturingFetch((request, sent) => {
    const value = prefer(request, sent);
    return value === undefined ? {} : { prefer: value };
  });
  const pc = createPartnerCenterClient({
    token: TOKEN,
    baseUrl: inject("prismUrl"),
    retry: false,
    fetch,
    ...options,
  });
  return { pc, captured };
}

// Quiet unless a test fails: then show what the mock logged (its validator explains any violation).
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    const log = readFileSync(inject("prismLogFile"), "utf8").trimEnd().split("\n").slice(-30);
    console.error(`prism mock log, last ${log.length} lines:\n${log.join("\n")}`);
  });
});

/** Both checkers find nothing wrong with every request the client sent. */
function expectValidForTheSpec(captured: CapturedRequest[]): void {
  expect(captured.length).toBeGreaterThan(0);
  for (const request of captured) {
    expect(request.violations, `Prism on ${request.url}`).toEqual([]);
    expect(validator.checkRequest(request), `Ajv on ${request.url}`).toEqual([]);
  }
}

/** The spec's example of an error status, and the example headers of its response. */
function documented(status: number): { body: Record<string, unknown>; headers: Record<string, unknown> } {
  const operation = spec.paths?.["/v1/customers"]?.get as { responses: Record<string, unknown> } | undefined;
  const responses = operation?.responses ?? {};
  const response = resolveRef<{
    headers?: Record<string, unknown>;
    content: { "application/json": { examples: Record<string, unknown> } };
  }>(spec, responses[String(status)]);
  const [example] = Object.values(response.content["application/json"].examples);
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, h]) => [
      name,
      resolveRef<{ example?: unknown }>(spec, h).example,
    ]),
  );
  return { body: resolveRef<{ value: Record<string, unknown> }>(spec, example).value, headers };
}

describe("every request the client makes is valid for the spec (Prism reports no violation, Ajv agrees)", () => {
  it("the first page, with every header the client sends", async () => {
    const { pc, captured } = client(undefined, { locale: "en-US", application: "Contoso billing sync" });
    const pages = pc.customers.list({ size: 2 }).byPage();
    const first = await pages.next();
    await pages.return?.(undefined);
    expect(first.value?.items).toHaveLength(2);
    expectValidForTheSpec(captured);
    const [request] = captured as [CapturedRequest];
    expect(new URL(request.url).search).toBe("?size=2");
    expect(request.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: "application/json",
      "x-locale": "en-US",
      "ms-partnercenter-application": "Contoso billing sync",
      "ms-requestid": expect.stringMatching(UUID),
      "ms-correlationid": expect.stringMatching(UUID),
    });
  });

  it("no size at all (the server's default page size)", async () => {
    const { pc, captured } = client();
    await pc.customers.list().byPage().next();
    expectValidForTheSpec(captured);
    expect(new URL(captured[0]?.url ?? "").search).toBe("");
  });

  it.each([
    ["CompanyName", "Cont"],
    ["Domain", "contoso.onmicrosoft.com"],
    ["IndirectReseller", "484e548c-f5f3-4528-93a9-c16c6373cb59"],
    ["IndirectCloudSolutionProvider", "484e548c-f5f3-4528-93a9-c16c6373cb59"],
  ] as Array<[CustomerFilterField, string]>)("a filter on %s", async (field, value) => {
    const { pc, captured } = client((_, sent) => (sent === 0 ? "example=filteredPage" : undefined));
    const customers = await collect(pc.customers.list({ size: 0, filter: { field, value } }));
    expect(customers.length).toBeGreaterThan(0);
    expectValidForTheSpec(captured);
    const filter = new URL(captured[0]?.url ?? "").searchParams.get("filter");
    expect(JSON.parse(filter ?? "null")).toEqual({ Field: field, Value: value, Operator: "starts_with" });
  });

  it("a seek to the next page: GET links.next.uri with its MS-ContinuationToken", async () => {
    // The mock answers the first page with a next link; the second request gets the last page.
    const { pc, captured } = client((_, sent) => (sent === 0 ? "example=firstPage" : "example=lastPage"));
    const customers = await collect(pc.customers.list({ size: 2 }));
    expect(customers.map((c) => c.companyProfile.companyName)).toEqual([
      "Contoso",
      "Fabrikam",
      "Wingtip Toys",
    ]);
    expectValidForTheSpec(captured);
    expect(captured).toHaveLength(2);
    const seek = captured[1] as CapturedRequest;
    expect(new URL(seek.url).pathname + new URL(seek.url).search).toBe(
      "/v1/customers?size=2&seekOperation=Next",
    );
    expect(seek.headers["ms-continuationtoken"]).toBe("AQAAAA==");
    expect(seek.headers["ms-correlationid"]).toBe(captured[0]?.headers["ms-correlationid"]);
  });

  it("a middle page's next link is followed with its own token", async () => {
    const examples = ["firstPage", "middlePage", "lastPage"];
    const { pc, captured } = client((_, sent) => `example=${examples[sent] ?? "lastPage"}`);
    const pages = await collect(pc.customers.list({ size: 2 }).byPage());
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expectValidForTheSpec(captured);
    expect(captured.map((r) => r.headers["ms-continuationtoken"])).toEqual([
      undefined,
      "AQAAAA==",
      "AgAAAA==",
    ]);
  });

  it("requests made through pc.raw (openapi-fetch) are valid too", async () => {
    const { pc, captured } = client();
    const { data, error } = await pc.raw.GET("/v1/customers", {
      params: {
        query: { size: 2, seekOperation: "Next" },
        header: { "MS-ContinuationToken": "AQAAAA==" },
      },
    });
    expect(error).toBeUndefined();
    expect(data?.items).toHaveLength(2);
    expectValidForTheSpec(captured);
  });
});

describe("walking the mock", () => {
  it("an empty result is a walk with no customer", async () => {
    const { pc } = client(() => "example=emptyPage");
    expect(await collect(pc.customers.list({ size: 40 }))).toEqual([]);
  });

  it("a server that keeps sending the same continuation token cannot make the walk loop forever", async () => {
    // Prism's mock answers every request with the first page and its next link, token AQAAAA==.
    const { pc, captured } = client();
    const error = await rejectionOf(() => collect(pc.customers.list({ size: 2 })));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    // The page repeats the previous one too, which the walk's guard sees first.
    expect((error as Error).message).toMatch(
      /its items are the same customers \(same ids, same order\) as the previous page's/,
    );
    expect(captured).toHaveLength(2);
    expectValidForTheSpec(captured);
  });

  it("breaking out of the walk sends no further request", async () => {
    const { pc, captured } = client();
    for await (const customer of pc.customers.list({ size: 2 })) {
      expect(customer.id).toMatch(UUID);
      break;
    }
    expect(captured).toHaveLength(1);
  });
});

describe("error responses reach the caller as the right error, with the documented fields", () => {
  const cases: Array<[number, typeof PartnerCenterError, string]> = [
    [400, BadRequestError, "badRequest"],
    [401, AuthenticationError, "unauthorized"],
    [403, PermissionError, "forbidden"],
    [404, NotFoundError, "notFound"],
    [429, RateLimitError, "tooManyRequests"],
    [500, ServerError, "internalServerError"],
    [503, ServerError, "serviceUnavailable"],
  ];

  it.each(
    cases.map(([status, ErrorClass, example]) => [status, ErrorClass.name, example, ErrorClass] as const),
  )("%i is a %s (Prefer: example=%s)", async (status, _, example, ErrorClass) => {
    const { pc, captured } = client(() => `code=${status}, example=${example}`);
    const error = await rejectionOf(() => collect(pc.customers.list({ size: 40 })));
    const { body, headers } = documented(status);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({
      status,
      code: body.code ?? undefined,
      description: body.description ?? body.message,
      requestId: headers["MS-RequestId"],
      correlationId: headers["MS-CorrelationId"],
      retryAfter: headers["Retry-After"],
    });
    expect((error as Error).message).toContain(String(status));
    expect((error as Error).message).not.toContain(TOKEN);
    expectValidForTheSpec(captured);
  });

  it("429 carries Retry-After in seconds and the gateway's message", async () => {
    const { pc } = client(() => "code=429");
    const error = (await rejectionOf(() => collect(pc.customers.list()))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(57);
    expect(error.description).toBe("Rate limit is exceeded. Try again in 57 seconds.");
    expect(error.code).toBeUndefined();
  });

  it("a throttled request is retried, and the retry is as valid as the first attempt", async () => {
    // Retry-After is 57 s in the mock's example; the client caps the wait at maxRetryAfterMs.
    const { pc, captured } = client(() => "code=429", {
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    });
    const error = await rejectionOf(() => collect(pc.customers.list({ size: 40 })));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(captured.map((r) => r.status)).toEqual([429, 429]);
    expectValidForTheSpec(captured);
  });

  it("an error on the second page ends the walk after the first page's customers", async () => {
    const { pc, captured } = client((_, sent) => (sent === 0 ? "example=firstPage" : "code=503"));
    const seen: string[] = [];
    const error = await rejectionOf(async () => {
      for await (const customer of pc.customers.list({ size: 2 }))
        seen.push(customer.companyProfile.companyName ?? "");
    });
    expect(seen).toEqual(["Contoso", "Fabrikam"]);
    expect(error).toBeInstanceOf(ServerError);
    expect(captured[1]?.headers["ms-continuationtoken"]).toBe("AQAAAA==");
  });
});
