import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findSecrets } from "../../../src/toolkit/conformance/index.js";
import { normaliseExchange, normaliseText } from "../../../src/toolkit/conformance/normalise.js";
import { Replaced } from "../../../src/toolkit/conformance/sanitise.js";

const JWT = `eyJ0eXAiOiJKV1QifQ.${"eyJhdWQiOiJwYyJ9abc"}.${"c2lnbmF0dXJl"}`;

function normalise(value: unknown, file = "captured.json"): unknown {
  const result = normaliseText(JSON.stringify(value), file);
  if (!result.ok) throw new Error(result.message);
  return JSON.parse(result.text);
}

const captured = {
  response: {
    body: { totalCount: 0, items: [], zeta: 1, alpha: 2 },
    headers: {
      "Content-Length": "27",
      Date: "Tue, 12 Mar 2024 09:15:02 +0000",
      "MS-RequestId": "0F8C2A3E-7D41-4C55-9B1A-000000000001",
      "Set-Cookie": "session=abc; Path=/",
      Connection: "keep-alive",
    },
    status: 200,
  },
  request: {
    headers: {
      Host: "api.partnercenter.microsoft.com",
      Authorization: `Bearer ${JWT}`,
      Accept: " application/json ",
    },
    url: `https://api.partnercenter.microsoft.com/v1/customers?size=2&token=${JWT}`,
    method: "get",
  },
  provenance: { notes: ["captured"], source: "a capture" },
};

describe("the normal form of an exchange (test/recordings/README.md)", () => {
  const out = normalise(captured) as typeof captured;

  it("orders keys provenance, request, response and their fields, keeping the body's own order", () => {
    expect(Object.keys(out)).toEqual(["provenance", "request", "response"]);
    expect(Object.keys(out.provenance)).toEqual(["source", "notes"]);
    expect(Object.keys(out.request)).toEqual(["method", "url", "headers"]);
    expect(Object.keys(out.response)).toEqual(["status", "headers", "body"]);
    expect(Object.keys(out.response.body)).toEqual(["totalCount", "items", "zeta", "alpha"]);
  });

  it("upper-cases the method, lower-cases and sorts header names, trims values", () => {
    expect(out.request.method).toBe("GET");
    expect(Object.keys(out.request.headers)).toEqual(["accept", "authorization"]);
    expect((out.request.headers as Record<string, string>).accept).toBe("application/json");
  });

  it("keeps the Authorization scheme, not its credential; undeclared headers and query values go", () => {
    expect((out.request.headers as Record<string, string>).authorization).toBe("Bearer [REDACTED]");
    expect((out.response.headers as Record<string, string>)["set-cookie"]).toBe("[REDACTED]");
    expect(out.request.url).toBe(
      "https://api.partnercenter.microsoft.com/v1/customers?size=2&token=%5BREDACTED%5D",
    );
    expect(findSecrets(JSON.stringify(out))).toEqual([]);
  });

  it("keeps declared body values and only the key and type of undeclared ones", () => {
    expect(out.response.body).toEqual({ totalCount: 0, items: [], zeta: 0, alpha: 0 });
    expect(out.provenance.notes).toEqual([
      "captured",
      'Headers the spec does not document keep their name, their values were replaced by [REDACTED]: "authorization", "set-cookie".',
      'Properties the spec does not declare keep their key and type, their values were replaced ([string], 0, false): "alpha", "zeta".',
      'Query parameters the spec does not declare keep their name, their values were replaced by %5BREDACTED%5D: "token".',
    ]);
  });

  it("drops transport headers and content-length, writes the date as IMF-fixdate and GUIDs in lower case", () => {
    expect(out.response.headers).toEqual({
      date: "Tue, 12 Mar 2024 09:15:02 GMT",
      "ms-requestid": "0f8c2a3e-7d41-4c55-9b1a-000000000001",
      "set-cookie": "[REDACTED]",
    });
  });

  it("keeps the documented headers of a verbatim copy (*.raw.json) as printed", () => {
    const raw = normalise(captured, "documented/x.raw.json") as typeof captured;
    expect(raw.response.headers).toMatchObject({
      "content-length": "27",
      date: "Tue, 12 Mar 2024 09:15:02 +0000",
      "ms-requestid": "0F8C2A3E-7D41-4C55-9B1A-000000000001",
    });
    expect(raw.response.headers).not.toHaveProperty("connection");
  });

  it("writes 2-space JSON with one final newline", () => {
    const result = normaliseText(JSON.stringify({ totalCount: 1, items: ["a"] }), "x.json");
    expect(result).toEqual({ ok: true, text: '{\n  "totalCount": 1,\n  "items": [\n    "a"\n  ]\n}\n' });
  });

  it("reports a file that is not JSON instead of throwing", () => {
    expect(normaliseText("{", "x.json")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^not JSON/),
    });
  });
});

describe("the normal form of a HAR log", () => {
  const har = {
    log: {
      version: "1.2",
      entries: [
        {
          startedDateTime: "2024-03-12T09:15:02.123Z",
          time: 187.2,
          _initiator: { type: "script" },
          serverIPAddress: "20.190.1.1",
          connection: "443",
          request: {
            method: "GET",
            url: "https://api.partnercenter.microsoft.com/v1/customers",
            cookies: [{ name: "s", value: "secret" }],
            headers: [
              { name: "MS-CorrelationId", value: "X" },
              { name: "Authorization", value: `Bearer ${JWT}` },
              { name: "Accept-Encoding", value: "gzip" },
            ],
            headersSize: 312,
            bodySize: 0,
          },
          response: {
            status: 200,
            headers: [{ name: "Content-Length", value: "2" }],
            content: { mimeType: "application/json", text: `{"t":"${JWT}"}` },
            headersSize: 90,
            bodySize: 2,
          },
          cache: { beforeRequest: null },
          timings: { send: 1, wait: 180, receive: 6.2 },
        },
      ],
    },
  };
  const out = normalise(har, "walk.har") as { log: { entries: Array<Record<string, unknown>> } };
  const entry = out.log.entries[0] as Record<string, Record<string, unknown>>;

  it("zeroes timings and sizes and drops connection details and private fields", () => {
    expect(Object.keys(entry)).toEqual([
      "startedDateTime",
      "time",
      "request",
      "response",
      "cache",
      "timings",
    ]);
    expect(entry.time).toBe(0);
    expect(entry.timings).toEqual({ send: 0, wait: 0, receive: 0 });
    expect(entry.cache).toEqual({});
    expect([entry.request?.headersSize, entry.request?.bodySize, entry.response?.bodySize]).toEqual([
      -1, -1, -1,
    ]);
  });

  it("normalises headers as in exchanges and empties cookie lists", () => {
    expect(entry.request?.headers).toEqual([
      { name: "authorization", value: "Bearer [REDACTED]" },
      { name: "ms-correlationid", value: "X" },
    ]);
    expect(entry.request?.cookies).toEqual([]);
    expect(entry.response?.headers).toEqual([]);
    expect(entry.response?.content).toMatchObject({ text: '{"t":"[string]"}' });
  });
});

describe("normal form is a fixed point", () => {
  const DOCUMENTED = new Set([
    "accept",
    "content-length",
    "date",
    "ms-requestid",
    "ms-cv",
    "retry-after",
    "x-locale",
  ]);
  const headerName = fc.constantFrom(
    "Accept",
    "AUTHORIZATION",
    "Content-Length",
    "date",
    "MS-RequestId",
    "ms-cv",
    "Cookie",
    "Connection",
    "Retry-After",
    "X-Locale",
  );
  const headers = fc.dictionary(
    headerName,
    fc.oneof(fc.string(), fc.constant(` Bearer ${JWT} `), fc.constant("")),
  );
  const exchange = fc.record({
    provenance: fc.record({ source: fc.string(), notes: fc.array(fc.string()) }),
    request: fc.record({ method: fc.constantFrom("get", "GET", "Post"), url: fc.webUrl(), headers }),
    response: fc.record({ status: fc.integer({ min: 100, max: 599 }), headers, body: fc.jsonValue() }),
  });

  it("normalising a normalised recording changes nothing, and leaves no token behind", () => {
    fc.assert(
      fc.property(exchange, fc.boolean(), (value, raw) => {
        const file = raw ? "x.raw.json" : "x.json";
        const once = normaliseText(JSON.stringify(value), file);
        expect(once.ok).toBe(true);
        if (!once.ok) return;
        expect(normaliseText(once.text, file)).toEqual(once);
        // The JWT stays only where the spec documents the header (its value is the service's data).
        const written = JSON.parse(once.text) as typeof value;
        for (const side of [written.request, written.response])
          for (const [name, text] of Object.entries(side.headers))
            if (!DOCUMENTED.has(name)) expect(String(text)).not.toContain(JWT);
      }),
      { numRuns: 300 },
    );
  });
});

describe("what the spec's allow-list keeps (conformance/sanitise.ts)", () => {
  const TOKEN = "opaque-token-0123456789/+=";
  const page = (extra: Record<string, unknown>) => ({
    request: { method: "GET", url: "https://pc.test/v1/customers?size=2", headers: {} },
    response: {
      status: 200,
      headers: { "content-type": "application/json" },
      body: { totalCount: 1, items: [{ id: "5d6e9dbb-3f2c-4bc2-9bd2-3b0c8c2e6e01", ...extra }] },
    },
  });
  const itemOf = (out: unknown) =>
    (out as { response: { body: { items: Array<Record<string, unknown>> } } }).response.body.items[0];

  it("replaces a value the spec marks secret (x-recording: secret on UserCredentials.password)", () => {
    const out = normalise(page({ userCredentials: { userName: "admin", password: "Pa55word!" } }));
    expect(itemOf(out)?.userCredentials).toEqual({ userName: "admin", password: "[REDACTED]" });
    expect((out as { provenance: { notes: string[] } }).provenance.notes).toEqual([
      'Values the spec marks as secret were replaced by [REDACTED]: "password".',
    ]);
  });

  it("keeps a link's declared query parameters (any case) and the names only of the others", () => {
    const out = normalise(
      page({
        links: {
          self: {
            uri: "/customers?SIZE=0&seekOperation=Next&sig=abc&refresh_token=xyz#frag",
            method: "GET",
            headers: [],
          },
        },
      }),
    );
    expect((itemOf(out)?.links as { self: { uri: string } } | undefined)?.self.uri).toBe(
      "/customers?SIZE=0&seekOperation=Next&sig=%5BREDACTED%5D&refresh_token=%5BREDACTED%5D#%5BREDACTED%5D",
    );
  });

  it("keeps undeclared keys (even __proto__) with typed placeholders, nested shapes included", () => {
    const text = `{"request":{"method":"GET","url":"/v1/customers","headers":{}},"response":{"status":200,"headers":{},"body":{"totalCount":0,"items":[],"__proto__":{"a":"x"},"extra":{"list":["s",1,true,null],"deep":{"k":"v"}}}}}`;
    const result = normaliseText(text, "x.json");
    if (!result.ok) throw new Error(result.message);
    const body = JSON.parse(result.text).response.body;
    expect(Object.hasOwn(body, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(body, "__proto__")?.value).toEqual({ a: "[string]" });
    expect(body.extra).toEqual({ list: ["[string]", 0, false, null], deep: { k: "[string]" } });
  });

  it("removes the token the request sent from every value it keeps, in any spelling", () => {
    const exchange = page({
      companyProfile: { tenantId: "t", domain: encodeURIComponent(TOKEN), companyName: `Bearer ${TOKEN}` },
    });
    const replaced = new Replaced();
    const out = normaliseExchange(
      { ...exchange, response: { ...exchange.response, headers: { "MS-CV": `cv ${TOKEN}` } } },
      { token: TOKEN, replaced },
    );
    const text = JSON.stringify(out);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(encodeURIComponent(TOKEN));
    expect(itemOf(out)?.companyProfile).toMatchObject({
      domain: "[REDACTED]",
      companyName: "Bearer [REDACTED]",
    });
    expect(replaced.notes()).toContain(
      "The access token, where the server echoed it, was replaced by [REDACTED].",
    );
  });

  it("bounds the walk: data nested deeper than 64 levels keeps only its shape", () => {
    // As a server could send it: 100,000 levels, more than a recursive walk survives.
    const deep = `${"[".repeat(100_000)}"leaf-value"${"]".repeat(100_000)}`;
    const body = `{"totalCount":0,"items":[],"links":{"self":{"uri":"/v1/customers","method":"GET","headers":${deep}}}}`;
    const result = normaliseText(body, "x.json");
    if (!result.ok) throw new Error(result.message);
    expect(result.text).not.toContain("leaf-value");
  });
});
