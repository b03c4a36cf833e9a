// `record` writes no credential whatever the server echoes (the token in any spelling, secret keys
// in JSON, form bodies and query strings, SAS signatures, Basic credentials, credential headers,
// JWEs and JWTs of unusual shapes), and `check` warns about each of these shapes in a recording
// that holds one, without repeating it.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CustomerServer, startCustomerServer } from "../helpers/customer-server.js";
import { JWE_EMPTY_KEY, JWT_SPACED_HEADER } from "../helpers/secret-shapes.js";
import { pc, tempDir } from "./helpers.js";
import { runCli } from "./in-process.js";

const TOKEN = "b3BhcXVl/cmVjb3Jk+dG9rZW4=";
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
/** Every value that must not reach a recording (the token also percent-encoded and \/-escaped). */
const FORBIDDEN = [
  TOKEN,
  encodeURIComponent(TOKEN),
  JSON.stringify(TOKEN).slice(1, -1).replace(/\//g, "\\/"),
  BASIC,
  JWE_EMPTY_KEY,
  JWT_SPACED_HEADER,
  ...Object.values(SECRETS),
];
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

describe("pc-customers record writes none of the credentials a server echoes", () => {
  it("in JSON bodies, form bodies, query strings, headers and every spelling of the token", async () => {
    server = await startCustomerServer({
      customers: 4,
      // The first attempt at page 2 is throttled, with credential headers in the answer.
      faults: (request) =>
        request.index === 2
          ? {
              kind: "status",
              status: 429,
              headers: { "Retry-After": "0", "X-Api-Key": SECRETS.apiKey, "X-Auth-Token": SECRETS.authToken },
              body: { statusCode: 429, message: `Slow down. Authorization: Basic ${BASIC}` },
            }
          : undefined,
      transformPage: (page, { offset }) => ({
        ...page,
        // The next link asks for secrets in its query string and sends a credential header.
        ...(page.links?.next
          ? {
              links: {
                ...page.links,
                next: {
                  ...page.links.next,
                  uri: `${page.links.next.uri}&${FORM}&sig=${SECRETS.sas}&echo=${encodeURIComponent(TOKEN)}`,
                  headers: [
                    ...(page.links.next.headers ?? []),
                    { key: "X-Auth-Token", value: SECRETS.authToken },
                  ],
                },
              },
            }
          : {}),
        echo: {
          offset,
          json: {
            refresh_token: SECRETS.refresh,
            client_secret: SECRETS.client,
            access_token: SECRETS.access,
            password: SECRETS.password,
          },
          form: FORM,
          sas: `https://acct.blob.core.windows.net/c/x?sv=2022-11-02&sig=${SECRETS.sas}`,
          basic: `Basic ${BASIC}`,
          headerLines: `x-api-key: ${SECRETS.apiKey}\nx-auth-token: ${SECRETS.authToken}`,
          jwe: JWE_EMPTY_KEY,
          jwt: JWT_SPACED_HEADER,
          token: { plain: TOKEN, percent: `?t=${encodeURIComponent(TOKEN)}` },
        },
      }),
    });
    const out = join(tmp.dir, "echoes");
    const run = await pc(["record", "--out", out, "--base-url", server.url, "--size", "2"], {
      env: { PARTNER_CENTER_TOKEN: TOKEN },
    });
    expect(run.stderr).toMatch(/Recorded 3 exchanges/);
    expect(run.code).toBe(0);
    // The server did send them: the walk followed the link with the secrets in it.
    expect(server.requests[1]?.url).toContain(SECRETS.refresh);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(["page-001.json", "page-002.attempt-1.429.json", "page-002.json"]);
    for (const file of files) {
      const text = await readFile(join(out, file), "utf8");
      for (const secret of FORBIDDEN) expect(text, `${file} holds ${secret}`).not.toContain(secret);
    }
    for (const output of [run.stdout, run.stderr])
      for (const secret of FORBIDDEN) expect(output).not.toContain(secret);
    const throttled = JSON.parse(await readFile(join(out, files[1] as string), "utf8"));
    expect(throttled.request.headers["x-auth-token"]).toBe("[REDACTED]");
    expect(throttled.response.headers["x-api-key"]).toBe("[REDACTED]");
    expect(throttled.response.headers["x-auth-token"]).toBe("[REDACTED]");

    // What record writes, check finds clean.
    const check = await runCli(["check", out, "--reporter", "json"]);
    const report = JSON.parse(check.stdout) as { files: Array<{ warnings: string[] }> };
    expect(report.files.flatMap((f) => f.warnings)).toEqual([]);
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
      const run = await runCli(["check", file, "--reporter", reporter]);
      // Located by field (response.body.note, request.url, a header), never by character offset.
      expect(`${run.stdout}${run.stderr}`).toMatch(
        / in (request|response)\.[\w.[\]-]+( \((header|parameter) [\w-]+\))?: remove credentials from recordings/,
      );
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });
});
