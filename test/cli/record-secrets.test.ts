// `record` keeps what the spec declares and, of everything else, only names and JSON types: no
// credential a server adds (headers, keys, connection strings, wrapped JWTs) reaches a file, nor the
// token in any encoding; and `check` warns about each credential shape in a recording that holds
// one, without repeating it.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type CustomerServer,
  startCustomerServer,
  startTokenInNextLinkServer,
} from "../helpers/customer-server.js";
import { JWE_EMPTY_KEY, JWT_SPACED_HEADER } from "../helpers/secret-shapes.js";
import { pc, tempDir } from "./helpers.js";
import { runCli } from "./in-process.js";

const TOKEN = "b3BhcXVl/cmVjb3Jk+dG9rZW4=";
const TOKEN_JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYy1yZWNvcmQtMmUifQ.c2lnbmF0dXJlLTJl";
const BASIC = Buffer.from("user:SECRET-BASIC-6").toString("base64");
const SECRETS = {
  refresh: "RT-SECRET-1",
  client: "CS-SECRET-2",
  access: "AT-SECRET-3",
  password: "PW-SECRET-4",
  sas: "SAS-SIGNATURE-5%3D",
  apiKey: "API-KEY-SECRET-7",
  authToken: "AUTH-TOKEN-SECRET-8",
};
const FORM = `grant_type=refresh_token&refresh_token=${SECRETS.refresh}&client_secret=${SECRETS.client}&access_token=${SECRETS.access}&password=${SECRETS.password}`;

let server: CustomerServer | undefined;
let tmp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("pc-record-secrets-");
});
afterAll(async () => {
  await tmp.remove();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("pc-customers record keeps what the spec declares, and of the rest only names and types", () => {
  it("writes none of the credentials a server adds in headers, keys and connection strings", async () => {
    const LEAKS = {
      refreshHeader: "LEAK-x-ms-refresh-token-01",
      refreshHeader2: "LEAK-x-refresh-token-02",
      clientSecretHeader: "LEAK-x-ms-client-secret-03",
      googleKey: "AIzaLEAKgoogleApiKey-04",
      dottedKey: "LEAK-Refresh.Token-05",
      spacedKey: "LEAK-refresh-token-06",
      authToken: "LEAK-auth_token-07",
      sessionToken: "LEAK-sessionToken-08",
      privateKey: "-----BEGIN PRIVATE KEY-----LEAK09-----END PRIVATE KEY-----",
      zeroWidth: "LEAK-client-zw-secret-10",
      accountKey: "LEAKAccountKey11+/aGVsbG8=",
      sharedAccessKey: "LEAKSharedAccessKey12=",
      otherJwt: JWT_SPACED_HEADER,
    };
    const wrapped = Buffer.from(`Bearer ${LEAKS.otherJwt}`).toString("base64");
    server = await startCustomerServer({
      customers: 4,
      expectedToken: TOKEN,
      pageHeaders: () => ({
        "x-ms-refresh-token": LEAKS.refreshHeader,
        "x-refresh-token": LEAKS.refreshHeader2,
        "x-ms-client-secret": LEAKS.clientSecretHeader,
        "x-goog-api-key": LEAKS.googleKey,
        // A documented header keeps its value, without the token.
        "MS-CV": `cv.${TOKEN}.1`,
      }),
      transformPage: (page) => ({
        ...page,
        "Refresh.Token": LEAKS.dottedKey,
        "refresh token": LEAKS.spacedKey,
        auth_token: LEAKS.authToken,
        sessionToken: LEAKS.sessionToken,
        private_key: LEAKS.privateKey,
        "client\u200bsecret": LEAKS.zeroWidth,
        storage: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${LEAKS.accountKey};EndpointSuffix=core.windows.net`,
        items: page.items.map((customer) => ({
          ...customer,
          bus: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${LEAKS.sharedAccessKey}`,
          blob: wrapped,
        })),
      }),
    });
    const out = join(tmp.dir, "allow-list");
    const run = await pc(["record", "--out", out, "--base-url", server.url, "--size", "2"], {
      env: { PARTNER_CENTER_TOKEN: TOKEN },
    });
    expect(run.code).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(["page-001.json", "page-002.json"]);
    const forbidden = [...Object.values(LEAKS), wrapped, TOKEN, encodeURIComponent(TOKEN)];
    const texts = await Promise.all(files.map((file) => readFile(join(out, file), "utf8")));
    for (const [i, text] of texts.entries())
      for (const secret of forbidden) expect(text, `${files[i]} holds ${secret}`).not.toContain(secret);

    const first = JSON.parse(texts[0] as string);
    // Declared data stays as the service sent it: ids, names, domains, links, the continuation token.
    const customers = first.response.body.items as Array<Record<string, unknown>>;
    expect(customers.map((c) => [c.id, (c.companyProfile as { companyName: string }).companyName])).toEqual(
      server.customers.slice(0, 2).map((c) => [c.id, c.companyProfile.companyName]),
    );
    expect(first.response.body.links.next.uri).toBe("/v1/customers?size=2&seekOperation=Next");
    expect(first.response.body.links.next.headers[0].key).toBe("MS-ContinuationToken");
    expect(first.response.body.links.next.headers[0].value).toMatch(/\w/);
    expect(first.response.headers["ms-cv"]).toBe("cv.[REDACTED].1");
    // Undeclared headers keep their names, undeclared properties their keys and JSON types.
    for (const name of ["x-ms-refresh-token", "x-refresh-token", "x-ms-client-secret", "x-goog-api-key"])
      expect(first.response.headers[name]).toBe("[REDACTED]");
    for (const key of [
      "Refresh.Token",
      "refresh token",
      "auth_token",
      "sessionToken",
      "private_key",
      "client\u200bsecret",
      "storage",
    ])
      expect(first.response.body[key]).toBe("[string]");
    expect(customers[0]).toMatchObject({ bus: "[string]", blob: "[string]" });
    expect(first.provenance.notes.join(" ")).toMatch(/Properties the spec does not declare .*"auth_token"/);

    const check = await runCli(["check", out, "--format", "json"]);
    expect(check.code).toBe(0);
  });

  it("keeps the token out of every file when a next link carries it %2E-encoded and the next page fails", async () => {
    const encoded = TOKEN_JWT.replace(/\./g, "%2E");
    server = await startTokenInNextLinkServer(TOKEN_JWT);
    const out = join(tmp.dir, "encoded-token");
    const run = await pc(["record", "--out", out, "--base-url", server.url, "--size", "2"], {
      env: { PARTNER_CENTER_TOKEN: TOKEN_JWT },
    });
    expect(run.code).toBe(1);
    // The client did follow the link with the token in it.
    expect(server.requests[1]?.url).toContain(encoded);
    const files = (await readdir(out)).sort();
    expect(files[0]).toBe("page-001.json");
    expect(files.slice(1).every((f) => /^page-002\.attempt-\d\.500\.json$/.test(f))).toBe(true);
    for (const file of files) {
      const text = await readFile(join(out, file), "utf8");
      for (const spelling of [TOKEN_JWT, encoded, encoded.toLowerCase()])
        expect(text, file).not.toContain(spelling);
    }
  });
});

describe("pc-customers check warns about each credential shape in a recording, without repeating it", () => {
  const recording = (body: unknown, url = "/v1/customers", headers: Record<string, string> = {}) =>
    JSON.stringify({
      request: { method: "GET", url, headers },
      response: { status: 200, headers: {}, body: { totalCount: 0, items: [], ...(body as object) } },
    });
  it.each([
    ["a refresh_token in JSON", recording({ refresh_token: SECRETS.refresh }), SECRETS.refresh],
    ["a client_secret in a form body", recording({ form: FORM }), SECRETS.client],
    [
      "an access_token in a query string",
      recording({}, `/v1/customers?access_token=${SECRETS.access}`),
      SECRETS.access,
    ],
    ["a password in JSON", recording({ password: SECRETS.password }), SECRETS.password],
    [
      "a SAS signature",
      recording({ blob: `https://a.blob.core.windows.net/c?sig=${SECRETS.sas}` }),
      SECRETS.sas,
    ],
    ["Basic credentials", recording({ note: `Basic ${BASIC}` }), BASIC],
    ["an x-api-key header", recording({}, "/v1/customers", { "x-api-key": SECRETS.apiKey }), SECRETS.apiKey],
    [
      "an x-auth-token header",
      recording({}, "/v1/customers", { "x-auth-token": SECRETS.authToken }),
      SECRETS.authToken,
    ],
    ["a JWE with an empty segment", recording({ note: JWE_EMPTY_KEY }), JWE_EMPTY_KEY],
    ["a JWT whose header has white space", recording({ note: JWT_SPACED_HEADER }), JWT_SPACED_HEADER],
  ])("%s", async (name, text, secret) => {
    const file = join(tmp.dir, `leaky-${name.replace(/\W+/g, "-")}.json`);
    await writeFile(file, text);
    for (const reporter of ["pretty", "json", "junit"]) {
      const run = await runCli(["check", file, "--format", reporter]);
      // Located by field (response.body.note, request.url, a header), never by character offset.
      expect(`${run.stdout}${run.stderr}`).toMatch(
        / in (request|response)\.[\w.[\]-]+( \((header|parameter) [\w-]+\))?: remove credentials from recordings/,
      );
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });
});
