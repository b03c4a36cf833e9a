import { describe, expect, it } from "vitest";
import { createPartnerCenterClientWith } from "../../src/client/client.js";
import {
  CLOUDS,
  createPartnerCenterClient,
  DEFAULT_RETRY,
  isAuthenticationError,
  type PartnerCenterClientOptions,
  PartnerCenterError,
  ServerError,
} from "../../src/client/index.js";
import {
  clientFor,
  collect,
  instantRuntime,
  serversClosedAfterEach,
  TOKEN,
} from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

/** A fetch that records each Request and answers with one empty last page. */
function recordingFetch(): { fetch: (request: Request) => Promise<Response>; requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch: async (request) => {
      requests.push(request);
      return Response.json({
        totalCount: 0,
        items: [],
        links: { self: { uri: "/v1/customers", method: "GET", headers: [] } },
      });
    },
  };
}

describe("bad input fails before any request", () => {
  it.each([
    [{ size: -1 }, RangeError, "size must be a non-negative integer (0 for the service's default), got -1."],
    [{ size: 1.5 }, RangeError, "got 1.5"],
    [{ size: Number.NaN }, RangeError, "got NaN"],
    [{ size: Number.POSITIVE_INFINITY }, RangeError, "got Infinity"],
    [{ size: "40" }, TypeError, "size must be a number, got string."],
    [
      { filter: { field: "Name", value: "x" } },
      RangeError,
      'Unknown filter field "Name"; expected one of CompanyName, Domain, IndirectReseller, IndirectCloudSolutionProvider.',
    ],
    [{ filter: { field: "CompanyName", value: "" } }, RangeError, "filter.value must not be empty."],
    [{ filter: { field: "CompanyName", value: 42 } }, TypeError, "filter.value must be a string"],
    [{ filter: "CompanyName" }, TypeError, "filter must be an object"],
    [{ pageSize: 40 }, TypeError, 'Unknown customers.list() option "pageSize"'],
    [{ signal: "abort" }, TypeError, "signal must be an AbortSignal."],
  ])("list(%o) throws a %o", async (params, type, message) => {
    const server = await start();
    const list = () => clientFor(server).customers.list(params as never);
    expect(list).toThrow(type);
    expect(list).toThrow(message);
    expect(server.requests).toHaveLength(0);
  });

  it.each<[Record<string, unknown>, ErrorConstructor, string | RegExp]>([
    [
      { token: "" },
      TypeError,
      "The Partner Center access token must be a non-empty string, got an empty string.",
    ],
    [{ token: undefined }, TypeError, "non-empty string"],
    [{ token: 42 }, TypeError, "non-empty string"],
    [{ token: "Bearer abc" }, TypeError, 'must not start with "Bearer "'],
    [{ token: "ab cd" }, TypeError, "spaces or characters not allowed"],
    [
      { cloud: "mars" },
      RangeError,
      'Unknown Partner Center cloud "mars"; expected one of global, china, usgov, germany.',
    ],
    [{ cloud: "mars", baseUrl: "https://pc.test" }, RangeError, "Unknown Partner Center cloud"],
    [{ baseUrl: "api.partnercenter.microsoft.com" }, TypeError, "baseUrl must be an absolute URL"],
    [{ baseUrl: "ftp://pc.test" }, TypeError, 'baseUrl must be an https URL, got the scheme "ftp:".'],
    [{ baseUrl: "https://pc.test/?x=1" }, TypeError, "must not contain a query"],
    [{ baseUrl: "https://user:pw@pc.test" }, TypeError, "credentials"],
    [
      { baseUrl: "http://pc.example.com" },
      TypeError,
      /plain http.*https is required.*allowInsecureHttp: true/,
    ],
    [
      { timeoutMs: 0 },
      RangeError,
      "timeoutMs must be a positive number of milliseconds (or Infinity), got 0.",
    ],
    [{ timeoutMs: "5s" }, RangeError, 'got "5s"'],
    [{ retry: { limit: -1 } }, RangeError, "retry.limit"],
    [{ locale: "english" }, RangeError, 'locale must be a culture name such as "en-US", got "english".'],
    [{ application: "" }, TypeError, "application must be a non-empty string"],
    [{ application: "line\nbreak" }, TypeError, "application must be"],
    [{ fetch: "fetch" }, TypeError, "fetch must be a function."],
    [{ allowInsecureHttp: "yes" }, TypeError, "allowInsecureHttp must be a boolean."],
    [{ tokens: "x" }, TypeError, 'Unknown Partner Center client option "tokens".'],
  ])("createPartnerCenterClient(%o) throws a %o", (options, type, message) => {
    const create = () => createPartnerCenterClient({ token: "t", ...options } as PartnerCenterClientOptions);
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });

  it("refuses plain http to a remote host unless allowInsecureHttp is set; loopback is fine", () => {
    expect(() => createPartnerCenterClient({ token: "t", baseUrl: "http://10.0.0.5:8080" })).toThrow(
      /https is required/,
    );
    for (const baseUrl of ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1", "https://pc.test"]) {
      expect(createPartnerCenterClient({ token: "t", baseUrl }).baseUrl).toBe(baseUrl.replace(/\/$/, ""));
    }
    expect(
      createPartnerCenterClient({ token: "t", baseUrl: "http://10.0.0.5:8080/", allowInsecureHttp: true })
        .baseUrl,
    ).toBe("http://10.0.0.5:8080");
  });

  it("rejects an empty token from the token function before sending, without retrying", async () => {
    const server = await start();
    const client = clientFor(server, { token: () => "" });
    await expect(collect(client.customers.list())).rejects.toThrow(
      new TypeError(
        "The access token returned by the token function must be a non-empty string, got an empty string.",
      ),
    );
    await expect(
      collect(clientFor(server, { token: async () => undefined as never }).customers.list()),
    ).rejects.toThrow("got undefined");
    expect(server.requests).toHaveLength(0);
  });
});

describe("clouds", () => {
  it.each([
    ["global", "https://api.partnercenter.microsoft.com"],
    ["usgov", "https://api.partnercenter.microsoft.com"],
    ["germany", "https://api.partnercenter.microsoft.com"],
    ["china", "https://partner.partnercenterapi.microsoftonline.cn"],
  ] as const)("sends %s requests to %s", async (cloud, origin) => {
    const { fetch, requests } = recordingFetch();
    await collect(createPartnerCenterClient({ token: "t", cloud, fetch }).customers.list({ size: 1 }));
    expect(requests.map((r) => r.url)).toEqual([`${origin}/v1/customers?size=1`]);
    expect(CLOUDS[cloud].baseUrl).toBe(origin);
  });

  it("defaults to the global cloud, and baseUrl overrides cloud", async () => {
    const { fetch, requests } = recordingFetch();
    await collect(createPartnerCenterClient({ token: "t", fetch }).customers.list());
    await collect(
      createPartnerCenterClient({
        token: "t",
        cloud: "china",
        baseUrl: "https://proxy.test/pc",
        fetch,
      }).customers.list(),
    );
    expect(requests.map((r) => r.url)).toEqual([
      "https://api.partnercenter.microsoft.com/v1/customers",
      "https://proxy.test/pc/v1/customers",
    ]);
  });

  it("carries each cloud's token authority and scopes", () => {
    expect(CLOUDS.china).toEqual({
      baseUrl: "https://partner.partnercenterapi.microsoftonline.cn",
      authority: "https://login.chinacloudapi.cn/",
      appOnlyScope: "https://partner.partnercenterapi.microsoftonline.cn/.default",
      delegatedScope: "https://partner.partnercenterapi.microsoftonline.cn/user_impersonation",
    });
    expect(CLOUDS.usgov.authority).toBe("https://login.microsoftonline.us/");
    expect(CLOUDS.global.appOnlyScope).toBe("https://api.partnercenter.microsoft.com/.default");
    expect(Object.isFrozen(CLOUDS) && Object.isFrozen(CLOUDS.global) && Object.isFrozen(DEFAULT_RETRY)).toBe(
      true,
    );
  });
});

describe("tokens, custom fetch and redirects", () => {
  it("calls the token function before every request, so a refreshed token is used from then on", async () => {
    const server = await start({ customers: 3, faults: { 2: { kind: "status", status: 503 } } });
    let calls = 0;
    const token = async () => `token-${++calls}`;
    await collect(clientFor(server, { token }).customers.list({ size: 2 }));
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
      "Bearer token-3",
    ]);
  });

  it("lets a token function's own error through unchanged, before any request", async () => {
    const server = await start();
    const failure = new Error("MSAL: interaction required");
    const client = clientFor(server, { token: () => Promise.reject(failure) });
    await expect(collect(client.customers.list())).rejects.toBe(failure);
    expect(server.requests).toHaveLength(0);
  });

  it("gives a custom fetch one Request per attempt, with every header and a signal", async () => {
    const server = await start({ customers: 3, faults: { 1: { kind: "status", status: 500 } } });
    const seen: Request[] = [];
    const client = clientFor(server, {
      fetch: (request) => {
        seen.push(request);
        return fetch(request);
      },
    });
    expect(await collect(client.customers.list({ size: 2 }))).toEqual(server.customers);
    expect(seen.map((r) => new URL(r.url).search)).toEqual([
      "?size=2",
      "?size=2",
      "?size=2&seekOperation=Next",
    ]);
    for (const request of seen) {
      expect(request.method).toBe("GET");
      expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
      expect(request.signal).toBeInstanceOf(AbortSignal);
      for (const name of ["accept", "ms-requestid", "ms-correlationid"])
        expect(request.headers.has(name)).toBe(true);
    }
    expect(seen[2]?.headers.get("ms-continuationtoken")).toBeTruthy();
  });

  it("does not follow a redirect (the token and ids would follow it): a 3xx is an error", async () => {
    const elsewhere = await start();
    const server = await start({
      faults: {
        1: { kind: "raw", status: 302, headers: { location: `${elsewhere.url}/v1/customers` }, body: "" },
      },
    });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({ status: 302 });
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe("raw", () => {
  it("is the openapi-fetch client, typed from the spec, over the same transport", async () => {
    const server = await start({ customers: 3, faults: { 1: { kind: "status", status: 503 } } });
    const { runtime, sleeps } = instantRuntime();
    const client = createPartnerCenterClientWith(
      { baseUrl: server.url, token: TOKEN, locale: "de-DE" },
      runtime,
    );
    const { data, error, response } = await client.raw.GET("/v1/customers", {
      params: { query: { size: 2 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.items).toEqual(server.customers.slice(0, 2));
    expect(sleeps).toHaveLength(1);
    const [failed, retried] = server.requests;
    expect(retried?.url).toBe("/v1/customers?size=2");
    expect(retried?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: "application/json",
      "x-locale": "de-DE",
    });
    expect(retried?.headers["ms-correlationid"]).toBe(failed?.headers["ms-correlationid"]);
    expect(retried?.headers["ms-requestid"]).not.toBe(failed?.headers["ms-requestid"]);
  });

  it("sends a next page with the caller's continuation token and ids", async () => {
    const server = await start({ customers: 3 });
    const client = clientFor(server);
    const first = await client.raw.GET("/v1/customers", { params: { query: { size: 2 } } });
    const token = first.data?.links?.next?.headers[0]?.value ?? "";
    const second = await client.raw.GET("/v1/customers", {
      params: {
        query: { size: 2, seekOperation: "Next" },
        header: {
          "MS-ContinuationToken": token,
          "MS-CorrelationId": "my-correlation",
          "MS-RequestId": "my-request",
        },
      },
    });
    expect(second.data?.items).toEqual(server.customers.slice(2));
    expect(server.requests[1]?.headers).toMatchObject({
      "ms-continuationtoken": token,
      "ms-correlationid": "my-correlation",
      "ms-requestid": "my-request",
    });
  });

  it("returns an error status as openapi-fetch's { error, response } once retries are spent", async () => {
    const server = await start({ faults: () => ({ kind: "status", status: 401 }) });
    const { data, error, response } = await clientFor(server).raw.GET("/v1/customers");
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toEqual({ code: 1002, description: "Authorization Failed", data: [], source: "PartnerFD" });
    expect(server.requests).toHaveLength(1);
  });

  it("throws typed errors when no usable response arrives", async () => {
    const server = await start({
      faults: { 1: { kind: "html" }, 2: { kind: "reset" }, 3: { kind: "reset" } },
    });
    const client = clientFor(server, { retry: { limit: 1 } });
    await expect(client.raw.GET("/v1/customers")).rejects.toThrow(/not JSON; content type text\/html/);
    await expect(client.raw.GET("/v1/customers")).rejects.toMatchObject({ name: "NetworkError", status: 0 });
  });
});

describe("errors from list()", () => {
  it("throws the subclass for the status with the API's code, description and ids", async () => {
    const server = await start({ faults: () => ({ kind: "status", status: 401 }) });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    expect(isAuthenticationError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 401,
      code: 1002,
      description: "Authorization Failed",
      requestId: server.requests[0]?.headers["ms-requestid"],
      correlationId: server.requests[0]?.headers["ms-correlationid"],
    });
  });

  it("keeps the pages that arrived before an error reaches the caller", async () => {
    const server = await start({
      customers: 6,
      faults: (r) => (r.index >= 3 ? { kind: "status", status: 500 } : undefined),
    });
    const seen: string[] = [];
    const walk = async () => {
      for await (const customer of clientFor(server, { retry: false }).customers.list({ size: 2 }))
        seen.push(customer.id);
    };
    await expect(walk()).rejects.toBeInstanceOf(ServerError);
    expect(seen).toEqual(server.customers.slice(0, 4).map((c) => c.id));
  });
});
