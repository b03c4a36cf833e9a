import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDINGS, SPEC } from "../helpers/paths.js";
import { findAll, parseXml, pc, tempDir } from "./helpers.js";

const DOCUMENTED = join(RECORDINGS, "documented");

interface JsonReport {
  ok: boolean;
  files: Array<{
    file: string;
    ok: boolean;
    kind?: string;
    violations: Array<{
      pointer: string;
      message: string;
      schemaPath: string;
      entry?: number;
      location: string;
    }>;
    warnings: string[];
  }>;
}

// The JSON report's documented shape (extra fields allowed).
const reportSchema = {
  type: "object",
  required: ["ok", "files"],
  properties: {
    ok: { type: "boolean" },
    files: {
      type: "array",
      items: {
        type: "object",
        required: ["file", "ok", "violations"],
        properties: {
          file: { type: "string" },
          ok: { type: "boolean" },
          warnings: { type: "array", items: { type: "string" } },
          violations: {
            type: "array",
            items: {
              type: "object",
              required: ["pointer", "message", "schemaPath"],
              properties: {
                pointer: { type: "string" },
                message: { type: "string", minLength: 1 },
                schemaPath: { type: "string" },
                entry: { type: "integer", minimum: 0 },
              },
            },
          },
        },
      },
    },
  },
} as const;
const validateReport = new Ajv2020({ allErrors: true }).compile(reportSchema);

function parseReport(stdout: string): JsonReport {
  const report = JSON.parse(stdout) as unknown;
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  return report as JsonReport;
}

let tmp: { dir: string; remove: () => Promise<void> };
let good: { body: Record<string, unknown>; exchange: Record<string, unknown> };
const FAKE_JWT = `eyJhbGciOiJSUzI1NiJ9.${"eyJzdWIiOiJ0ZXN0In0"}.c2lnbmF0dXJlc2lnbmF0dXJl`;

beforeAll(async () => {
  tmp = await tempDir("pc-check-");
  const exchange = JSON.parse(await readFile(join(DOCUMENTED, "get-a-list-of-customers.json"), "utf8"));
  good = { exchange, body: exchange.response.body };
  const bad = structuredClone(good.body) as { totalCount: unknown; items: Array<Record<string, unknown>> };
  bad.totalCount = "two";
  delete bad.items[1]?.companyProfile;

  const mixed = join(tmp.dir, "mixed");
  await mkdir(join(mixed, "nested"), { recursive: true });
  await writeFile(join(mixed, "a-good-body.json"), JSON.stringify(good.body));
  await writeFile(join(mixed, "b-bad-body.json"), JSON.stringify(bad));
  await writeFile(join(mixed, "c-empty.json"), "");
  await writeFile(join(mixed, "d-not-json.json"), "<html>Sign in</html>");
  await symlink(join(tmp.dir, "does-not-exist.json"), join(mixed, "e-unreadable.json"));
  await writeFile(join(mixed, "nested", "f-good-exchange.json"), JSON.stringify(good.exchange));
  await writeFile(join(mixed, "notes.txt"), "not a recording, not checked");
  await writeFile(
    join(mixed, "g-capture.har"),
    JSON.stringify({
      log: {
        version: "1.2",
        creator: { name: "test", version: "1" },
        entries: [
          harEntry("https://api.partnercenter.microsoft.com/v1/customers?size=2", 200, good.body),
          harEntry("https://login.microsoftonline.com/common/oauth2/v2.0/authorize", 200, "<html/>"),
          harEntry("https://staging.example.test/v1/customers?size=2&seekOperation=Next", 200, bad),
          harEntry("https://api.partnercenter.microsoft.com/v1/customers", 429, {
            statusCode: 429,
            message: "Rate limit is exceeded. Try again in 57 seconds.",
          }),
        ],
      },
    }),
  );

  const leaky = structuredClone(good.exchange) as { request: { headers: Record<string, string> } };
  leaky.request.headers.authorization = `Bearer ${FAKE_JWT}`;
  await writeFile(join(tmp.dir, "leaky.json"), JSON.stringify(leaky, null, 2));
  await mkdir(join(tmp.dir, "empty-dir"));
});

afterAll(async () => {
  await tmp.remove();
});

function harEntry(url: string, status: number, body: unknown) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return {
    startedDateTime: "2026-01-01T00:00:00.000Z",
    time: 1,
    request: { method: "GET", url, httpVersion: "HTTP/1.1", headers: [], queryString: [], cookies: [] },
    response: {
      status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "Content-Type", value: typeof body === "string" ? "text/html" : "application/json" },
        ...(status === 429 ? [{ name: "Retry-After", value: "57" }] : []),
      ],
      cookies: [],
      content: { size: text.length, mimeType: "application/json", text },
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

describe("pc-customers check", () => {
  it("passes conforming files (a bare body and an exchange) with exit 0 and a readable report", async () => {
    const body = join(tmp.dir, "mixed", "a-good-body.json");
    const exchange = join(tmp.dir, "mixed", "nested", "f-good-exchange.json");
    const run = await pc(["check", body, exchange]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`✓ ${body} (response body)`);
    expect(run.stdout).toContain(`✓ ${exchange} (exchange)`);
    expect(run.stdout).toMatch(
      /2 files \(2 exchanges\) checked against .*partner-center\.yaml in [\d.]+ m?s: 2 conform\./,
    );
  });

  it("walks a directory: a bad, empty, non-JSON or unreadable file is a violation, and every other file is still checked (json)", async () => {
    const run = await pc(["check", join(tmp.dir, "mixed"), "--format", "json"]);
    expect(run.code).toBe(1);
    const report = parseReport(run.stdout);
    expect(report.ok).toBe(false);
    const byName = Object.fromEntries(report.files.map((f) => [f.file.split("/").pop() ?? "", f] as const));
    expect(Object.keys(byName)).toEqual([
      "a-good-body.json",
      "b-bad-body.json",
      "c-empty.json",
      "d-not-json.json",
      "e-unreadable.json",
      "g-capture.har",
      "f-good-exchange.json",
    ]);
    expect(byName["a-good-body.json"]).toMatchObject({ ok: true, kind: "body", violations: [] });
    expect(byName["f-good-exchange.json"]).toMatchObject({ ok: true, kind: "exchange", violations: [] });
    expect(byName["b-bad-body.json"]?.ok).toBe(false);
    expect(byName["b-bad-body.json"]?.violations.map((v) => v.pointer).sort()).toEqual([
      "/items/1/companyProfile",
      "/totalCount",
    ]);
    for (const v of byName["b-bad-body.json"]?.violations ?? [])
      expect(v.schemaPath).toMatch(/^#\/components\/schemas\//);
    expect(byName["c-empty.json"]?.violations[0]?.message).toMatch(/empty/);
    expect(byName["d-not-json.json"]?.violations[0]?.message).toMatch(/not JSON/);
    expect(byName["e-unreadable.json"]?.violations[0]?.message).toMatch(/cannot read the file \(ENOENT\)/);
  });

  it("checks a HAR file's entries for operations of the spec against their status, whatever the host, and names the entry", async () => {
    const run = await pc(["check", join(tmp.dir, "mixed", "g-capture.har"), "--format", "json"]);
    expect(run.code).toBe(1);
    const [har] = parseReport(run.stdout).files;
    expect(har).toMatchObject({ kind: "har", ok: false });
    // Entry 1 (the sign-in page) is not an operation of the spec; entries 0 and 3 (a 429) conform.
    expect(new Set(har?.violations.map((v) => v.entry))).toEqual(new Set([2]));
    expect(har?.violations.map((v) => v.pointer).sort()).toEqual(["/items/1/companyProfile", "/totalCount"]);
  });

  it("prints each violation with its pointer and the spec rule (pretty), and a summary", async () => {
    const run = await pc(["check", join(tmp.dir, "mixed")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ ");
    expect(run.stdout).toMatch(/\/totalCount: must be integer, got string "two"/);
    expect(run.stdout).toContain("spec: #/components/schemas/CustomerCollection/properties/totalCount/type");
    expect(run.stdout).toMatch(/the file is empty/);
    expect(run.stdout).toMatch(
      /7 files \(\d+ exchanges\) checked .*\(1 HAR entry skipped\) .*: 2 conform, 5 violate/,
    );
    expect(run.stderr).toBe("");
  });

  it("writes well-formed JUnit XML with one test case per file and a failure for each violating file", async () => {
    const run = await pc(["check", join(tmp.dir, "mixed"), "--format", "junit"]);
    expect(run.code).toBe(1);
    const doc = parseXml(run.stdout);
    expect(doc.name).toBe("testsuites");
    // One test case per file, and one skipped test case per HAR entry outside the spec.
    const all = findAll(doc, "testcase");
    const cases = all.filter((c) => !c.children.some((x) => x.name === "skipped"));
    expect(cases).toHaveLength(7);
    expect(all.filter((c) => c.children.some((x) => x.name === "skipped"))).toHaveLength(1);
    const failed = cases.filter((c) => c.children.some((x) => x.name === "failure"));
    expect(failed.map((c) => c.attributes.name?.split("/").pop()).sort()).toEqual([
      "b-bad-body.json",
      "c-empty.json",
      "d-not-json.json",
      "e-unreadable.json",
      "g-capture.har",
    ]);
    expect(doc.attributes).toMatchObject({ tests: "8", failures: "5", errors: "0", skipped: "1" });
    const [suite] = findAll(doc, "testsuite");
    expect(suite?.attributes).toMatchObject({ tests: "8", failures: "5" });
    const badFailure = failed.find((c) => c.attributes.name?.endsWith("b-bad-body.json"))?.children[0];
    expect(badFailure?.attributes.message).toMatch(/^2 violations: /);
    expect(badFailure?.text).toContain("/totalCount");
  });

  it("warns about token-shaped text (pretty: stderr; json: a warnings array) without printing the token", async () => {
    const leaky = join(tmp.dir, "leaky.json");
    const pretty = await pc(["check", leaky]);
    expect(pretty.code).toBe(0);
    expect(pretty.stderr).toMatch(/warning: .*leaky\.json: .*remove credentials from recordings/);
    const json = await pc(["check", leaky, "--format", "json"]);
    const [file] = parseReport(json.stdout).files;
    expect(file?.warnings.length).toBeGreaterThan(0);
    for (const output of [pretty.stdout, pretty.stderr, json.stdout, json.stderr])
      expect(output).not.toContain(FAKE_JWT);
  });

  it("--spec checks against another spec", async () => {
    const raw = join(DOCUMENTED, "get-a-list-of-customers.raw.json");
    const lenient = join(tmp.dir, "lenient.yaml");
    const text = await readFile(SPEC, "utf8");
    const edited = text.replace(/(tenantId:\n\s+type: string\n)\s+format: uuid\n/, "$1");
    expect(edited).not.toBe(text);
    await writeFile(lenient, edited);
    expect((await pc(["check", raw])).code).toBe(1);
    const run = await pc(["check", raw, "--spec", lenient]);
    expect(run.stdout).toContain("lenient.yaml");
    expect(run.code).toBe(0);
  });

  it("a missing path is a violation in the report, and the other files are still checked", async () => {
    const good = join(tmp.dir, "mixed", "a-good-body.json");
    const run = await pc(["check", join(tmp.dir, "nope.json"), good, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = parseReport(run.stdout);
    expect(report.files.map((f) => f.ok)).toEqual([false, true]);
    expect(report.files[0]?.violations[0]?.message).toMatch(/ENOENT/);
  });

  it("usage errors exit 2 and say what to do: no operands, no recordings found, bad reporter, unreadable spec", async () => {
    const none = await pc(["check"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /'check' needs at least one file or directory.*Run 'pc-customers check --help'/,
    );

    const empty = await pc(["check", join(tmp.dir, "empty-dir")]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no \.json or \.har recordings found/);

    const reporter = await pc(["check", DOCUMENTED, "--format", "xml"]);
    expect(reporter.code).toBe(2);
    expect(reporter.stderr).toMatch(/--format must be one of pretty, json, junit, got 'xml'/);

    const spec = await pc(["check", DOCUMENTED, "--spec", join(tmp.dir, "missing.yaml")]);
    expect(spec.code).toBe(2);
    expect(spec.stderr).toMatch(/cannot read spec .*missing\.yaml.*Pass an OpenAPI 3\.1 file to --spec/);
    for (const run of [none, empty, reporter, spec]) expect(run.stdout).toBe("");
  });

  it("checks many files, in a stable order", async () => {
    const many = join(tmp.dir, "many");
    await mkdir(many);
    const source = join(tmp.dir, "mixed", "nested", "f-good-exchange.json");
    await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        cp(source, join(many, `page-${String(i).padStart(4, "0")}.json`)),
      ),
    );
    const run = await pc(["check", many, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.files).toHaveLength(400);
    const names = report.files.map((f) => f.file);
    expect(names).toEqual([...names].sort());
  });
});
