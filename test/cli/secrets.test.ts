// The access token never reaches pc-customers' output: stdout and stderr of every command, on its
// failure paths, whatever the server echoes back (body, headers, status line; as is or
// JSON-escaped), and never a recording. Most runs are in process (test/cli/in-process.ts, the same
// Io as the real process); two are spawned end to end.
import { mkdtempSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type CustomerServer,
  type Fault,
  type RecordedRequest,
  startCustomerServer,
} from "../helpers/customer-server.js";
import { pc } from "./helpers.js";
import { type InProcessRun, runCli } from "./in-process.js";

const TOKENS = {
  jwt: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYy1jbGktc2VjcmV0cyJ9.c2lnbmF0dXJlLWNsaQ",
  base64: "b3BhcXVl/Y2xpLXRva2Vu+with/slashes==",
  quoted: 'cli"quoted\\token&<more>-0123456789',
} as const;

const dir = mkdtempSync(join(tmpdir(), "pc-cli-secrets-"));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
let server: CustomerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Every way `token` can be spelled in text a person or a log reads (JUnit XML included). */
function spellings(token: string): string[] {
  const json = JSON.stringify(token).slice(1, -1);
  const forms = [token, json, json.replace(/\//g, "\\/"), inspect(token).slice(1, -1)];
  return [...new Set([...forms, ...forms.map(xml)])];
}

function expectNoToken(token: string, ...texts: string[]): void {
  for (const text of texts) for (const spelling of spellings(token)) expect(text).not.toContain(spelling);
}

const bearer = (request: RecordedRequest) => (request.headers.authorization ?? "").replace(/^Bearer /, "");
const unicodeEscaped = (text: string) =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

// Answers that fail at once (no back-off: the CLI runs with real waits), echoing the token.
const ECHOES: Record<string, (token: string) => Fault> = {
  "401 with the token in body, ids, Content-Type and status line": (t) => ({
    kind: "raw",
    status: 401,
    statusText: `Denied ${t}`,
    headers: { "content-type": `application/json; echo=${t}`, "MS-RequestId": t, "MS-CorrelationId": t },
    body: JSON.stringify({ code: t, description: `Authorization Failed for Bearer ${t}` }),
  }),
  "400 with the token \\/- and \\u-escaped": (t) => ({
    kind: "raw",
    status: 400,
    headers: { "content-type": "application/json" },
    body: `{"code":800002,"description":"${JSON.stringify(t).slice(1, -1).replace(/\//g, "\\/")} ${unicodeEscaped(t)}"}`,
  }),
  "429 (Retry-After: 0, retried at once) with the token in the message": (t) => ({
    kind: "raw",
    status: 429,
    headers: { "content-type": "application/json", "retry-after": "0" },
    body: JSON.stringify({ statusCode: 429, message: `Rate limit exceeded for ${t}` }),
  }),
  "200 HTML page that shows the token": (t) => ({
    kind: "raw",
    status: 200,
    headers: { "content-type": "text/html" },
    body: `<html>Authorization: Bearer ${t}</html>`,
  }),
};

const cases = Object.entries(TOKENS).flatMap(([kind, token]) =>
  Object.keys(ECHOES).map((echo) => [kind, echo, token] as const),
);

describe("list and record print no token when the API fails, whatever it echoes", () => {
  it.each(cases)("%s token, the API answers %s", async (_kind, echo, token) => {
    const answer = ECHOES[echo] as (t: string) => Fault;
    server = await startCustomerServer({ faults: (request) => answer(bearer(request)) });
    const env = { PARTNER_CENTER_TOKEN: token };
    const runs: InProcessRun[] = [];
    for (const format of ["table", "json", "ndjson"]) {
      runs.push(await runCli(["list", "--base-url", server.url, "--format", format], env));
    }
    const out = join(dir, `record-${_kind}-${Object.keys(ECHOES).indexOf(echo)}`);
    runs.push(await runCli(["record", "--out", out, "--base-url", server.url], env));
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^pc-customers (list|record): stopped after 0 (customers|pages)/);
      expectNoToken(token, run.stdout, run.stderr);
    }
    for (const file of await readdir(out)) expectNoToken(token, await readFile(join(out, file), "utf8"));
  });

  it("with --token-env, the variable it names is the secret", async () => {
    const token = TOKENS.base64;
    server = await startCustomerServer({
      faults: (request) =>
        (ECHOES[Object.keys(ECHOES)[0] as string] as (t: string) => Fault)(bearer(request)),
    });
    const run = await runCli(["list", "--base-url", server.url, "--token-env", "MY_PC_TOKEN"], {
      MY_PC_TOKEN: token,
    });
    expect(run.code).toBe(1);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expectNoToken(token, run.stdout, run.stderr);
  });
});

describe("check prints no token found in a recording, and warns about it", () => {
  it.each(Object.entries(TOKENS))(
    "%s token in the body, a header and a violating value",
    async (_kind, token) => {
      const file = join(dir, `leaky-${_kind}.json`);
      await writeFile(
        file,
        JSON.stringify({
          request: { method: "GET", url: "/v1/customers", headers: { authorization: `Bearer ${token}` } },
          response: {
            status: 200,
            headers: { "content-type": "application/json", "x-echo": token },
            body: { totalCount: token, items: [], note: token },
          },
        }),
      );
      for (const reporter of ["pretty", "json", "junit"]) {
        const run = await runCli(["check", file, "--format", reporter], { PARTNER_CENTER_TOKEN: token });
        expect(run.code).toBe(1);
        expect(run.stdout).toContain("/totalCount");
        expectNoToken(token, run.stdout, run.stderr);
        if (reporter === "json") {
          const report = JSON.parse(run.stdout) as { files: Array<{ warnings: string[] }> };
          expect(report.files[0]?.warnings.length).toBeGreaterThan(0);
        } else {
          expect(run.stderr).toMatch(
            /warning: .*leaky-.*\.json: a bearer credential in request\.headers\.\S+: remove credentials/,
          );
        }
      }
    },
  );

  it("a JWT in a recording that is not the token is the file's data: check reports it and warns", async () => {
    const file = join(dir, "jwt-violation.json");
    await writeFile(file, JSON.stringify({ totalCount: TOKENS.jwt, items: [] }));
    for (const reporter of ["pretty", "json", "junit"]) {
      const run = await runCli(["check", file, "--format", reporter]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("/totalCount");
      if (reporter === "json")
        expect(
          (JSON.parse(run.stdout) as { files: Array<{ warnings: string[] }> }).files[0]?.warnings.length,
        ).toBeGreaterThan(0);
      else expect(run.stderr).toMatch(/warning: /);
    }
  });

  it("check warns about a JWT whose dots are percent-encoded, in a next link, without quoting it", async () => {
    const file = join(dir, "jwt-percent.json");
    const hidden = TOKENS.jwt.replaceAll(".", "%2E");
    const next = { uri: `/v1/customers?seek=${hidden}`, method: "GET", headers: [] };
    await writeFile(file, JSON.stringify({ totalCount: 0, items: [], links: { next } }));
    const run = await runCli(["check", file]);
    expect(run.stderr).toContain(
      `warning: ${file}: JWT-shaped text in links.next.uri (percent-decoded): remove credentials`,
    );
    expectNoToken(TOKENS.jwt, run.stdout, run.stderr);
  });
});

describe("conformance and mock print no token on their failure paths", () => {
  it("conformance --target: the endpoint echoes the token through Prism", async () => {
    const token = TOKENS.quoted;
    const answer = ECHOES[Object.keys(ECHOES)[0] as string] as (t: string) => Fault;
    server = await startCustomerServer({ faults: (request) => answer(bearer(request)) });
    const run = await runCli(
      ["conformance", "--target", server.url, "--skip", "lint,generated,recordings", "--format", "json"],
      { PARTNER_CENTER_TOKEN: token, SCARF_ANALYTICS: "false" },
    );
    expect(run.code).toBe(1);
    expect(server.requests.length).toBeGreaterThan(0);
    expectNoToken(token, run.stdout, run.stderr);
  }, 60_000);

  it("mock on a port in use, and an unknown command, with a token in the environment", async () => {
    const token = TOKENS.base64;
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    try {
      const port = String((busy.address() as { port: number }).port);
      const runs = [
        await runCli(["mock", "--port", port], { PARTNER_CENTER_TOKEN: token }),
        await runCli([token], { PARTNER_CENTER_TOKEN: token }),
        await runCli(["list", "--company", token, "--format", "x"], { PARTNER_CENTER_TOKEN: token }),
      ];
      expect(runs.map((r) => r.code)).toEqual([1, 2, 2]);
      for (const run of runs) expectNoToken(token, run.stdout, run.stderr);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});

describe("end to end (spawned): the real process's output and files", () => {
  it("list and record against an API that echoes the token everywhere", async () => {
    const token = TOKENS.base64;
    server = await startCustomerServer({
      customers: 2,
      transformPage: (page) => ({ ...page, echo: `${token} ${JSON.stringify(token)}` }),
      faults: (request) =>
        // The first page is fine (and echoes the token in its body); the next one fails.
        request.headers["ms-continuationtoken"] === undefined
          ? undefined
          : (ECHOES[Object.keys(ECHOES)[1] as string] as (t: string) => Fault)(bearer(request)),
    });
    const env = { PARTNER_CENTER_TOKEN: token };
    const list = await pc(["list", "--base-url", server.url, "--size", "1", "--format", "json"], { env });
    const out = join(dir, "spawned-record");
    const record = await pc(["record", "--out", out, "--base-url", server.url, "--size", "1"], { env });
    for (const run of [list, record]) {
      expect(run.code).toBe(1);
      expectNoToken(token, run.stdout, run.stderr);
    }
    const files = await readdir(out);
    expect(files).toEqual(["page-001.json", "page-002.attempt-1.400.json"]);
    for (const file of files) expectNoToken(token, await readFile(join(out, file), "utf8"));
  });
});
