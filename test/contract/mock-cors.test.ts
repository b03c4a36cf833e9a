// The HTTP mock for pages on other origins: CORS preflights answered by the mock's front (never by
// Prism or the stand-in, never counted for faults), the response headers a page may read, and the
// spec's X-Locale pattern enforced. A real browser page is test/cli/mock-browser.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMock } from "../../src/toolkit/mock/start-mock.js";

const PAGE = "http://127.0.0.1:8123";
const ALLOWED = "https://app.example";

function preflight(mock: MockServer, origin: string, method = "GET"): Promise<Response> {
  return fetch(`${mock.url}/v1/customers?size=10`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization,ms-requestid,ms-correlationid,x-locale",
    },
  });
}

describe("the HTTP mock and CORS", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ customers: 4, faults: "429@1:0s", cors: ALLOWED });
  });
  afterAll(() => mock?.close());

  it("answers a preflight from a loopback page with 204 and the headers the client's requests need, without taking the 429 meant for request 1", async () => {
    const answer = await preflight(mock, PAGE);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(PAGE);
    expect(answer.headers.get("access-control-allow-methods")).toContain("GET");
    const allowed = (answer.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/,\s*/);
    for (const name of [
      "authorization",
      "ms-requestid",
      "ms-correlationid",
      "ms-continuationtoken",
      "x-locale",
      "ms-partnercenter-application",
    ])
      expect(allowed).toContain(name);
    expect(mock.requests).toHaveLength(0);

    const first = await fetch(`${mock.url}/v1/customers?size=10`, {
      headers: { origin: PAGE, authorization: "Bearer x", "ms-requestid": "req-1" },
    });
    expect(first.status).toBe(429);
    expect(first.headers.get("access-control-allow-origin")).toBe(PAGE);
    const exposed = (first.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining(["ms-requestid", "ms-correlationid", "retry-after", "ms-cv"]),
    );
    expect(mock.requests.map((r) => [r.index, r.fault])).toEqual([[1, "429@1:0s"]]);
  });

  it("allows an origin given in `cors`, and turns down any other with a 403 that says how to allow it", async () => {
    expect((await preflight(mock, ALLOWED)).headers.get("access-control-allow-origin")).toBe(ALLOWED);
    // Chromium's private network access check, for a public page calling this machine.
    const privateNetwork = await fetch(`${mock.url}/v1/customers`, {
      method: "OPTIONS",
      headers: {
        origin: ALLOWED,
        "access-control-request-method": "GET",
        "access-control-request-private-network": "true",
      },
    });
    expect(privateNetwork.headers.get("access-control-allow-private-network")).toBe("true");
    const other = await preflight(mock, "https://elsewhere.example");
    expect(other.status).toBe(403);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(await other.text()).toContain("--cors");
    const actual = await fetch(`${mock.url}/v1/customers`, {
      headers: { origin: "https://elsewhere.example", authorization: "Bearer x" },
    });
    expect(actual.status).toBe(200);
    expect(actual.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers 400 for an X-Locale that breaks the spec's pattern, as the service does, and Prism finds the response valid", async () => {
    const from = mock.requests.length;
    const bad = await fetch(`${mock.url}/v1/customers`, {
      headers: { authorization: "Bearer x", "x-locale": "!!" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 800002 });
    const good = await fetch(`${mock.url}/v1/customers`, {
      headers: { authorization: "Bearer x", "x-locale": "fr-FR" },
    });
    expect(good.status).toBe(200);
    const [badRecord, goodRecord] = mock.requests.slice(from);
    // Prism reports the request's broken header, and nothing about the mock's answer.
    expect(badRecord?.violations.every((v) => v.location[0] === "request")).toBe(true);
    expect(badRecord?.violations.some((v) => v.location.join(".").toLowerCase().includes("x-locale"))).toBe(
      true,
    );
    expect(goodRecord?.violations).toEqual([]);
  });

  it("turns down a cors value that is not an origin before anything starts", async () => {
    await expect(startMock({ cors: "app.example/path" })).rejects.toThrow(/cors takes page origins/);
  });
});
