// The credential pass: every entry of a recording (a HAR's skipped sign-in too), every header,
// URL, form and body, bodies after decoding, at any depth; located, never quoted; linear in time;
// and it only reads.
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  checkText,
  driftOf,
  findCredentials,
  findSecrets,
  loadSpec,
  parseRecording,
  SpecValidator,
  tallyCoverage,
  validate,
} from "../../../src/toolkit/conformance/index.js";
import { customer, harEntry } from "../../helpers/devtools-har.js";
import { SPEC } from "../../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const b64url = (text: string) => Buffer.from(text).toString("base64url");
const JWT = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url('{"aud":"pc"}')}.${b64url("signature-of-it")}`;
const SECRET = "s3cret-Value-0123456789";
const LIST = "https://api.partnercenter.microsoft.com/v1/customers";
const page = { totalCount: 1, items: [customer("5d6a927d-c207-44bd-847b-3ad6339ace97")] };
const har = (...entries: unknown[]) => JSON.stringify({ log: { version: "1.2", entries } });
const exchange = (body: unknown) =>
  JSON.stringify({
    request: { method: "GET", url: "/v1/customers", headers: {} },
    response: { status: 200, headers: { "content-type": "application/json" }, body },
  });
const warnings = (text: string) => checkText(validator, "r.json", text).warnings;

// A devtools HAR of a sign-in: the token call (a form with the client secret, a refresh token in
// the gzip'd answer), then a page of customers.
const tokenCall = () =>
  harEntry(
    "POST",
    "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
    200,
    {
      text: gzipSync(
        JSON.stringify({ token_type: "Bearer", access_token: JWT, refresh_token: SECRET }),
      ).toString("base64"),
      encoding: "base64",
    },
    {
      responseHeaders: [
        { name: "content-type", value: "application/json" },
        { name: "content-encoding", value: "gzip" },
      ],
      entry: {
        request: {
          method: "POST",
          url: "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
          headers: [{ name: "Content-Type", value: "application/x-www-form-urlencoded" }],
          postData: {
            mimeType: "application/x-www-form-urlencoded",
            text: `grant_type=refresh_token&client_id=pc&client_secret=${SECRET}&refresh_token=${SECRET}`,
          },
        },
      },
    },
  );

describe("the credential pass", () => {
  it("warns about a HAR's token call, which validation skips: the form's client_secret, the answer's tokens", () => {
    const result = checkText(
      validator,
      "devtools.har",
      har(tokenCall(), harEntry("GET", LIST, 200, { text: JSON.stringify(page) })),
    );
    expect(result.skipped.map((s) => s.index)).toEqual([0]);
    expect(result.warnings).toEqual([
      "the value of a secret key in entries[0].request.postData.text (parameter client_secret): remove credentials from recordings",
      "the value of a secret key in entries[0].request.postData.text (parameter refresh_token): remove credentials from recordings",
      "the value of a secret key in entries[0].response.content.text (decoded) /access_token: remove credentials from recordings",
      "the value of a secret key in entries[0].response.content.text (decoded) /refresh_token: remove credentials from recordings",
    ]);
    // The skipped entry's URL, as reports show it, has no query.
    expect(result.skipped[0]?.url).toBe("https://login.microsoftonline.com/organizations/oauth2/v2.0/token");
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toContain(JWT);
  });

  it("finds a JWT in a base64 body, in a gzip+base64 body, and nested 70 levels deep", () => {
    const inBase64 = { ...page, note: Buffer.from(`Bearer ${JWT}`).toString("base64") };
    expect(warnings(exchange(inBase64))).toEqual([
      "JWT-shaped text in response.body.note (base64): remove credentials from recordings",
    ]);
    const gzipped = gzipSync(JSON.stringify({ ...page, debug: { trace: `x ${JWT}` } })).toString("base64");
    const entry = harEntry(
      "GET",
      LIST,
      200,
      { text: gzipped, encoding: "base64" },
      {
        responseHeaders: [
          { name: "content-type", value: "application/json" },
          { name: "content-encoding", value: "gzip" },
        ],
      },
    );
    expect(warnings(har(entry))).toEqual([
      "JWT-shaped text in entries[0].response.content.text (decoded) /debug/trace: remove credentials from recordings",
    ]);
    for (const [coding, compress] of [
      ["br", brotliCompressSync],
      ["deflate", deflateSync],
    ] as const) {
      const body = compress(JSON.stringify({ ...page, debug: { trace: JWT } })).toString("base64");
      const compressed = harEntry(
        "GET",
        LIST,
        200,
        { text: body, encoding: "base64" },
        {
          responseHeaders: [{ name: "content-encoding", value: coding }],
        },
      );
      expect(warnings(har(compressed))).toEqual([
        "JWT-shaped text in entries[0].response.content.text (decoded) /debug/trace: remove credentials from recordings",
      ]);
    }
    const inGzipString = { ...page, blob: gzipSync(`trace ${JWT}`).toString("base64") };
    expect(warnings(exchange(inGzipString))).toEqual([
      "JWT-shaped text in response.body.blob (base64, gzip): remove credentials from recordings",
    ]);
    let deep: unknown = { note: `see ${JWT}` };
    for (let i = 0; i < 70; i++) deep = { a: [deep] };
    const [warning] = warnings(exchange({ ...page, deep }));
    expect(warning).toMatch(/^JWT-shaped text in response\.body\.deep(\.a\[0\]){69}\.a\[0\]\.note: /);
  });

  it.each([
    ["an x-ms-refresh-token header", { "x-ms-refresh-token": SECRET }],
    ["a key with a zero-width space in client secret", { "client\u200bsecret": SECRET }],
    ["a key written Refresh.Token", { "Refresh.Token": SECRET }],
    ["a private_key", { private_key: SECRET }],
    [
      "a connection string's AccountKey",
      { c: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${SECRET};` },
    ],
    [
      "a Service Bus SharedAccessKey",
      { c: `Endpoint=sb://a/;SharedAccessKeyName=root;SharedAccessKey=${SECRET}` },
    ],
    ["a Basic credential", { note: `Basic ${Buffer.from(`user:${SECRET}`).toString("base64")}` }],
    ["a SAS signature in a URL", { u: `https://a.blob.core.windows.net/c?sv=2024&sig=${SECRET}` }],
  ])("finds %s, once, without its value", (_, extra) => {
    const found = findSecrets(exchange({ ...page, ...extra }));
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain(SECRET);
  });

  it("finds a JWT whose dots are percent-encoded (%2E), in a next link, a header, a description, a HAR URL", () => {
    const hidden = JWT.replaceAll(".", "%2E");
    const next = { uri: `/v1/customers?size=1&seek=${hidden}`, method: "GET", headers: [] };
    expect(warnings(exchange({ ...page, links: { next } }))).toEqual([
      "JWT-shaped text in response.body.links.next.uri (percent-decoded): remove credentials from recordings",
    ]);
    const attack = "eyJhbGciOiJIUzI1NiJ9%2EeyJzdWIiOiJhdHRhY2sifQ%2Ec2lnbmF0dXJlLXNlY3JldA";
    const header = { key: "MS-ContinuationToken", value: attack };
    expect(findCredentials({ links: { next: { headers: [header] } } })).toEqual([
      {
        kind: "jwt",
        hint: "JWT-shaped text in links.next.headers[0] (header MS-ContinuationToken) (percent-decoded)",
      },
    ]);
    expect(
      findCredentials({ code: 600, description: `bad token ${hidden.replaceAll("%2E", "%2e")}` }),
    ).toEqual([{ kind: "jwt", hint: "JWT-shaped text in description (percent-decoded)" }]);
    const entry = harEntry("GET", `${LIST}?t=${hidden}`, 200, { text: JSON.stringify(page) });
    expect(warnings(har(entry))).toEqual([
      "JWT-shaped text in entries[0].request.url (percent-decoded): remove credentials from recordings",
    ]);
    // Found once, not again in the decoded form; a malformed escape is read as it is, never thrown on.
    expect(findCredentials({ u: `${JWT}%2` })).toHaveLength(1);
    expect(findCredentials({ u: `%E0%A4%A ${hidden}%` })).toHaveLength(1);
    expect(findCredentials({ u: "100%25 sure, %zz" })).toEqual([]);
  });

  it('leaves a company called "Bearer Logistics2Go" alone, and continuation tokens, and placeholders', () => {
    const named = {
      ...customer("0b3c2f6a-55a4-4c29-9d2b-6f1f1c7a8e21"),
      companyProfile: { companyName: "Bearer Logistics2Go" },
    };
    const body = {
      totalCount: 1,
      items: [named],
      links: {
        next: {
          uri: "/v1/customers?size=1",
          method: "GET",
          headers: [{ key: "MS-ContinuationToken", value: "AQAAAA==" }],
        },
      },
    };
    expect(findSecrets(exchange(body))).toEqual([]);
    expect(findSecrets(JSON.stringify({ companyName: "Basic Solutionsgroup GmbH" }))).toEqual([]);
    expect(
      findSecrets(
        JSON.stringify({ authorization: "Bearer [REDACTED]", token_type: "Bearer", password: "<password>" }),
      ),
    ).toEqual([]);
  });

  it("scans a hostile string in time linear in its length (1 MB against 100 kB)", () => {
    const hostile = ["eyabcd-", "Bearer ", "a=", '"k":"', "e.y", "eyJhbGciOi.", "%2e", "%252E"];
    // CPU time, the best of five: what other processes on the machine do is not counted.
    const timeOf = (size: number) => {
      const value = Object.fromEntries(
        hostile.map((unit, i) => [`f${i}`, unit.repeat(Math.ceil(size / unit.length)).slice(0, size)]),
      );
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 5; run++) {
        const started = process.cpuUsage();
        findCredentials(value);
        const { user, system } = process.cpuUsage(started);
        best = Math.min(best, user + system);
      }
      return best;
    };
    timeOf(100_000);
    // Linear: about 10 times as long (up to 20 as a 1 MB string falls out of the caches); a scan
    // that restarts inside the runs it has read takes 100 times as long.
    expect(timeOf(1_000_000) / timeOf(100_000)).toBeLessThan(40);
  });

  it("reads a page of 200,000 items (more than a call's arguments can hold)", () => {
    const items: unknown[] = Array.from({ length: 200_000 }, () => ({}));
    items.push({ password: SECRET });
    expect(findCredentials({ items })).toEqual([
      { kind: "secret-key", hint: "the value of a secret key in items[200000].password" },
    ]);
  });

  it("never changes what it reads: every pass runs over a deep-frozen recording", () => {
    const text = har(
      tokenCall(),
      harEntry("GET", LIST, 200, { text: JSON.stringify({ ...page, extra: 1 }) }),
    );
    const parsed = parseRecording(text);
    if (!parsed.ok) throw new Error(parsed.message);
    const before = JSON.stringify(parsed);
    deepFreeze(parsed);
    expect(findCredentials(parsed.value)).toHaveLength(4);
    const { checked, violations } = validate(validator, parsed);
    expect(violations).toEqual([]);
    expect(driftOf(validator.drift, checked).drift.map((d) => d.location)).toEqual([
      "CustomerCollection.extra",
    ]);
    expect(tallyCoverage(validator, checked).rows.size).toBe(1);
    expect(JSON.stringify(parsed)).toBe(before);
  });
});

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null || Object.isFrozen(node)) continue;
    Object.freeze(node);
    stack.push(...Object.values(node));
  }
  return value;
}
