import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkText, loadSpec, SpecValidator } from "../../../src/toolkit/conformance/index.js";
import { jsonCheckReport } from "../../../src/toolkit/conformance/report-json.js";
import { junitCheckReport } from "../../../src/toolkit/conformance/report-junit.js";
import { prettyFileResult } from "../../../src/toolkit/conformance/report-pretty.js";
import { customer, devtoolsHar, harEntry } from "../../helpers/devtools-har.js";
import { SPEC } from "../../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const ID = "5d6a927d-c207-44bd-847b-3ad6339ace97";
const page = { totalCount: 1, items: [customer(ID)] };
const LIST = "https://api.partnercenter.microsoft.com/v1/customers";
const har = (...entries: unknown[]) => JSON.stringify({ log: { version: "1.2", entries } });
const check = (text: string) => checkText(validator, "capture.har", text);
const report = (text: string) => ({ ok: true, spec: "spec", durationMs: 0, files: [check(text)] });
// Control characters other than tab and line feed, which must never reach a terminal or a report.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

describe("a browser's devtools HAR", () => {
  const result = check(JSON.stringify(devtoolsHar()));

  it("checks the two list calls and skips the other five, each with its reason", () => {
    expect(result.ok).toBe(true);
    expect(result.exchanges).toBe(2);
    expect(result.skipped.map((s) => [s.index, s.method, s.reason])).toEqual([
      [0, "POST", "not-in-spec"],
      [1, "GET", "not-in-spec"],
      [2, "GET", "aborted"],
      [3, "OPTIONS", "preflight"],
      [4, "GET", "not-in-spec"],
    ]);
    expect(result.skipped[2]?.detail).toBe("net::ERR_ABORTED");
  });

  it("says so in the pretty report, the JSON report and JUnit", () => {
    expect(prettyFileResult(result)).toBe(
      "✓ capture.har (HAR, 2 checked, 5 skipped (3 not in the spec, 1 preflight, 1 aborted))\n",
    );
    const json = JSON.parse(jsonCheckReport(report(JSON.stringify(devtoolsHar()))));
    expect(json.files[0].exchanges).toBe(2);
    expect(json.files[0].skipped[3]).toEqual({
      index: 3,
      method: "OPTIONS",
      // Without its query: a report shows where an entry went, not what it sent.
      url: LIST,
      reason: "preflight",
    });
    expect(json.summary).toMatchObject({ exchanges: 2, skipped: 5 });
    const xml = junitCheckReport(report(JSON.stringify(devtoolsHar())));
    expect(xml).toContain('skipped="5"');
    expect(xml).toContain('<skipped message="aborted (net::ERR_ABORTED)"/>');
  });
});

describe("captured bodies are decoded as the capture says", () => {
  const encoded = (coding: string, bytes: Buffer) =>
    harEntry(
      "GET",
      LIST,
      200,
      { text: bytes.toString("base64"), encoding: "base64" },
      {
        responseHeaders: [
          { name: "content-type", value: "application/json" },
          { name: "content-encoding", value: coding },
        ],
      },
    );
  const body = Buffer.from(JSON.stringify(page));

  it.each([
    ["gzip", gzipSync(body)],
    ["deflate", deflateSync(body)],
    ["br", brotliCompressSync(body)],
  ])("base64 of a %s body", (coding, bytes) => {
    expect(check(har(encoded(coding, bytes)))).toMatchObject({ ok: true, exchanges: 1, violations: [] });
  });

  it("a body devtools already decoded, whose Content-Encoding header still says gzip", () => {
    const entry = harEntry(
      "GET",
      LIST,
      200,
      { text: JSON.stringify(page) },
      { responseHeaders: [{ name: "content-encoding", value: "gzip" }] },
    );
    expect(check(har(entry)).violations).toEqual([]);
  });

  it("a body that decodes past the size limit is not read, and says so in words", () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    const result = checkText(validator, "bomb.har", har(encoded("gzip", bomb)), {
      maxBodyBytes: 1024 * 1024,
    });
    expect(result.ok).toBe(false);
    expect(result.violations[0]?.message).toBe(
      "the response body decodes (gzip) to more than 1.0 MB, the limit for one body: it was not read",
    );
  });

  it("a gzip body that is corrupt is reported in words, never as raw bytes", () => {
    const broken = gzipSync(body).subarray(0, 20);
    const message = check(har(encoded("gzip", broken))).violations[0]?.message ?? "";
    expect(message).toMatch(/^the response body says Content-Encoding gzip but cannot be decoded as gzip/);
    expect(message).not.toMatch(CONTROL);
  });

  it("a compressed body the capture did not mark is called binary, in the report and in JUnit", () => {
    const entry = harEntry("GET", LIST, 200, { text: gzipSync(body).toString("latin1") });
    const result = check(har(entry));
    expect(result.violations[0]?.message).toMatch(/^the response body is binary data \(.*\), not JSON text/);
    expect(junitCheckReport(report(har(entry)))).not.toMatch(CONTROL);
  });
});

describe("entries with nothing to check, and empty statuses", () => {
  it("an entry whose body the browser did not keep is skipped, not a violation", () => {
    const result = check(har(harEntry("GET", LIST, 200, { size: 15650 })));
    expect(result).toMatchObject({ ok: true, exchanges: 0 });
    expect(result.skipped).toEqual([
      { index: 0, method: "GET", url: LIST, reason: "not-captured", detail: "15.3 kB not in the capture" },
    ]);
  });

  it("a 304 that answers a conditional request conforms; one without a condition does not", () => {
    const conditional = harEntry(
      "GET",
      LIST,
      304,
      { size: 0 },
      { requestHeaders: [{ name: "If-None-Match", value: 'W/"1"' }] },
    );
    expect(check(har(conditional))).toMatchObject({ ok: true, exchanges: 1 });
    const bare = harEntry("GET", LIST, 304, { size: 0 });
    expect(check(har(bare)).violations.map((v) => v.location)).toEqual(["status"]);
  });

  it("a 204 with a body is a violation; the spec's content is not required of it", () => {
    const withBody = harEntry("GET", LIST, 204, { text: "{}" });
    expect(check(har(withBody)).violations.map((v) => v.message)).toContain(
      "a 204 response has no content, but this one has a body",
    );
  });
});

describe("warnings and binary input", () => {
  const jwt = `eyJhbGciOiJSUzI1NiJ9.${"eyJhdWQiOiJodHRwczovL2FwaSJ9"}.${"c2lnbmF0dXJlLXBhcnQ"}`;

  it("a token warning names the entry and the field, never an offset", () => {
    const entry = harEntry(
      "GET",
      LIST,
      200,
      { text: JSON.stringify(page) },
      {
        responseHeaders: [
          { name: "content-type", value: "application/json" },
          { name: "x-api-key", value: "k3y-value-1234" },
        ],
      },
    );
    const result = check(har(harEntry("GET", LIST, 200, { text: JSON.stringify(page) }), entry));
    expect(result.warnings).toEqual([
      "the value of a credential header in entries[1].response.headers[1] (header x-api-key): remove credentials from recordings",
    ]);
  });

  it("a skipped entry is scanned for credentials too (a sign-in is where they are)", () => {
    const signIn = harEntry("POST", "https://login.microsoftonline.com/t/oauth2/v2.0/token", 200, {
      text: JSON.stringify({ access_token: jwt }),
    });
    expect(check(har(signIn, harEntry("GET", LIST, 200, { text: JSON.stringify(page) }))).warnings).toEqual([
      "the value of a secret key in entries[0].response.content.text /access_token: remove credentials from recordings",
    ]);
  });

  it("a binary file gets a clean message", () => {
    const result = check(gzipSync(JSON.stringify(page)).toString("latin1"));
    expect(result.violations[0]?.message).toBe(
      "the file holds binary data, not JSON text: a recording is a JSON body, an exchange or a HAR log, saved as UTF-8",
    );
  });

  it("a file that is not JSON never quotes control characters", () => {
    const message = check("{\u001b]0;owned\u0007").violations[0]?.message ?? "";
    expect(message).toMatch(/^the file (is not JSON|holds binary data)/);
    expect(message).not.toMatch(CONTROL);
  });
});
