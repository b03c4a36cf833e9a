import { describe, expect, it } from "vitest";
import {
  BARE_BODY_REQUEST,
  type Exchange,
  parseRecording,
  responseBody,
} from "../../../src/toolkit/conformance/index.js";

const page = { totalCount: 0, items: [] };

function harEntry(url: string, content: Record<string, unknown>, method = "GET"): Record<string, unknown> {
  return {
    startedDateTime: "2024-03-12T09:15:02.000Z",
    time: 0,
    request: {
      method,
      url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: [{ name: "MS-ContinuationToken", value: "AQAAAA==" }],
      queryString: [],
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: 200,
      statusText: "OK",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: [{ name: "Content-Type", value: "application/json" }],
      content,
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
  };
}

const har = (entries: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ log: { version: "1.2", creator: { name: "test", version: "1" }, ...extra, entries } });

describe("parseRecording names binary data before a parse error", () => {
  const BINARY =
    "the file holds binary data, not JSON text: a recording is a JSON body, an exchange or a HAR log, saved as UTF-8";
  it("takes U+FFFD (bytes that were not UTF-8) in the first 4096 characters as binary, even in JSON that parses", () => {
    expect(parseRecording('{"a": "\ufffd"}')).toEqual({ ok: false, message: BINARY });
    expect(parseRecording(`{"a": "${"x".repeat(5000)}\ufffd"}`).ok).toBe(true);
  });

  it("takes a C0 control other than tab, line feed and carriage return as binary, not as a parse error", () => {
    expect(parseRecording('{"a": 1}\u0001')).toEqual({ ok: false, message: BINARY });
    expect(parseRecording("\u0000")).toEqual({ ok: false, message: BINARY });
    expect(parseRecording('{"a": 1,}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the file is not JSON/),
    });
    expect(parseRecording('\t{"a": 1}\r\n').ok).toBe(true);
  });
});

describe("files that are not recordings are reported, never thrown", () => {
  it.each([
    ["an empty file", "", /the file is empty/],
    ["a file of blanks", " \n\t\n", /the file is empty/],
    ["text that is not JSON", "HTTP/1.1 200 OK\n", /^the file is not JSON: /],
    ["JSON cut short", '{"totalCount": 1, "items": [', /^the file is not JSON: /],
  ])("%s", (_, text, message) => {
    const parsed = parseRecording(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it("a byte-order mark before the JSON is ignored", () => {
    expect(parseRecording(`\uFEFF${JSON.stringify(page)}`).ok).toBe(true);
  });
});

describe("a bare response body", () => {
  it("is taken as the 200 of GET /v1/customers", () => {
    const parsed = parseRecording(JSON.stringify(page));
    expect(parsed).toEqual({
      ok: true,
      kind: "body",
      exchanges: [
        {
          exchange: {
            request: { ...BARE_BODY_REQUEST, headers: {} },
            response: { status: 200, headers: { "content-type": "application/json" }, body: page },
          },
        },
      ],
      value: page,
    });
  });
});

describe("an exchange", () => {
  const exchange = {
    provenance: { source: "test", expectedViolations: [{ location: "body", pointer: "/x", why: "test" }] },
    request: { method: "GET", url: "/v1/customers", headers: { Accept: "application/json" } },
    response: { status: 200, headers: {}, body: page },
  };

  it("is read with its provenance", () => {
    const parsed = parseRecording(JSON.stringify(exchange));
    expect(parsed).toMatchObject({ ok: true, kind: "exchange", provenance: exchange.provenance });
  });

  it("gets empty headers when it has none", () => {
    const { headers: _, ...request } = exchange.request;
    const parsed = parseRecording(JSON.stringify({ ...exchange, request }));
    expect(parsed.ok && parsed.exchanges[0]?.exchange.request.headers).toEqual({});
  });

  it.each([
    [
      "a request without a method",
      { ...exchange, request: { url: "/v1/customers" } },
      /needs a string "method" and "url"/,
    ],
    [
      "a request whose url is not a string",
      { ...exchange, request: { method: "GET", url: 7 } },
      /"method" and "url"/,
    ],
    [
      "a status that is not an integer",
      { ...exchange, response: { status: "200", body: page } },
      /integer "status"/,
    ],
    [
      "header values that are not strings",
      { ...exchange, response: { status: 200, headers: { "retry-after": 57 }, body: page } },
      /response "headers" must be an object of strings/,
    ],
    [
      "headers given as a list",
      { ...exchange, request: { ...exchange.request, headers: [["accept", "*/*"]] } },
      /request "headers" must be an object of strings/,
    ],
  ])("with %s is reported with what is wrong", (_, value, message) => {
    const parsed = parseRecording(JSON.stringify(value));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("response bodies kept as text", () => {
  const withText = (bodyText: string): Exchange => ({
    request: { method: "GET", url: "/v1/customers", headers: {} },
    response: { status: 200, headers: {}, bodyText },
  });

  it("are parsed as JSON", () => {
    expect(responseBody(withText(JSON.stringify(page)))).toEqual({ ok: true, body: page });
  });

  it("that are not JSON say so and show how they start", () => {
    const result = responseBody(withText("<html><body>Service Unavailable</body></html>"));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.message).toMatch(/^the response body is not JSON \(.*\); it starts "<html><body>Serv/);
  });

  it("that are empty mean no body", () => {
    expect(responseBody(withText(""))).toEqual({ ok: true, body: undefined });
  });
});

describe("HAR 1.2 files", () => {
  it("give one exchange per entry, with the entry index and headers as an object", () => {
    const parsed = parseRecording(
      har([
        harEntry(
          "https://login.microsoftonline.com/common/oauth2/v2.0/token",
          { mimeType: "application/json", text: "{}" },
          "POST",
        ),
        harEntry("https://api.partnercenter.microsoft.com/v1/customers?size=2", {
          mimeType: "application/json",
          text: JSON.stringify(page),
        }),
      ]),
    );
    expect(parsed.ok && parsed.kind).toBe("har");
    if (!parsed.ok) return;
    expect(parsed.exchanges.map((e) => e.entry)).toEqual([0, 1]);
    expect(parsed.exchanges[1]?.exchange).toEqual({
      request: {
        method: "GET",
        url: "https://api.partnercenter.microsoft.com/v1/customers?size=2",
        headers: { "MS-ContinuationToken": "AQAAAA==" },
      },
      response: {
        status: 200,
        headers: { "Content-Type": "application/json" },
        bodyText: JSON.stringify(page),
      },
    });
  });

  it("decode base64 content", () => {
    const text = Buffer.from(JSON.stringify(page)).toString("base64");
    const parsed = parseRecording(
      har([harEntry("/v1/customers", { mimeType: "application/json", text, encoding: "base64" })]),
    );
    expect(parsed.ok && responseBody(parsed.exchanges[0]?.exchange as Exchange)).toEqual({
      ok: true,
      body: page,
    });
  });

  it("keep the log's _provenance", () => {
    const parsed = parseRecording(har([], { _provenance: { source: "a capture" } }));
    expect(parsed).toMatchObject({
      ok: true,
      kind: "har",
      exchanges: [],
      provenance: { source: "a capture" },
    });
  });

  it("with an entry that has no response say which entry", () => {
    const parsed = parseRecording(har([harEntry("/v1/customers", {}), { request: {} }]));
    expect(parsed).toEqual({ ok: false, message: "HAR entry 1 has no request or response object" });
  });
});
