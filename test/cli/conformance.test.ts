import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedStep } from "../../src/toolkit/cli/commands/conformance/generated.js";
import { startCustomerServer } from "../helpers/customer-server.js";
import { GENERATED, RECORDINGS, SPEC } from "../helpers/paths.js";
import { findAll, parseXml, pc, tempDir } from "./helpers.js";
import { runCli } from "./in-process.js";

interface JsonConformance {
  ok: boolean;
  steps: Array<{ id: string; verdict: string; counts: string; details: string[]; durationMs: number }>;
}

const DOCUMENTED = join(RECORDINGS, "documented");
const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYy10YXJnZXQifQ.c2lnbmF0dXJlLXRhcmdldA";
let tmp: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  tmp = await tempDir("pc-conformance-");
});
afterAll(async () => {
  await tmp.remove();
});

async function recordingsDir(name: string, files: Record<string, unknown>): Promise<string> {
  const dir = join(tmp.dir, name);
  await mkdir(join(dir, "invalid"), { recursive: true });
  for (const [file, content] of Object.entries(files))
    await writeFile(join(dir, file), JSON.stringify(content, null, 2));
  // invalid/ holds recordings that must be rejected: never counted as failures here.
  await writeFile(join(dir, "invalid", "broken.json"), "{ not json");
  return dir;
}

/** The package's spec with a description edited (stale types) and an operationId removed (lint). */
async function editedSpec(file = join(tmp.dir, "edited.yaml")): Promise<string> {
  const text = await readFile(SPEC, "utf8");
  const edited = text
    .replace("description: The customer's commerce id.", "description: An edited description.")
    .replace("      operationId: listCustomers\n", "");
  expect(edited).not.toBe(text);
  await writeFile(file, edited);
  return file;
}

/** The package's spec with `edit` applied to its text, written to `name` in the temp folder. */
async function specWith(name: string, from: string, to: string): Promise<string> {
  const text = await readFile(SPEC, "utf8");
  expect(text.split(from)).toHaveLength(2);
  const file = join(tmp.dir, name);
  await writeFile(file, text.replace(from, to));
  return file;
}

// The Customer schema's required list, and its companyName: edits the mock's customers break.
const CUSTOMER_REQUIRED =
  "      required:\n        - id\n        - companyProfile\n        - relationshipToPartner\n";
const COMPANY_NAME =
  "        companyName:\n          type: string\n          description: |\n            The customer's company name.";

/** Pids of this process's Prism children (the mock's), as ps lists them. */
function prismChildren(): number[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line.includes("prism-cli"))
    .map((line) => Number.parseInt(line.trim(), 10));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const readJson = async (file: string) => JSON.parse(await readFile(join(DOCUMENTED, file), "utf8"));

describe("pc-customers conformance", () => {
  it("on the embedded defaults: every check passes and the table says so (exit 0)", async () => {
    const run = await pc(["conformance"]);
    expect(run.stderr, run.stdout).toBe("");
    expect(run.code, run.stdout).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^\| Check +\| Verdict \| Counts +\| Time +\|$/);
    const rows = lines.filter((l) => /^\| (spec lint|generated|recordings|client)/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/\| PASS +\| redocly 0 problems, spectral 0 problems +\| [\d.]+ m?s +\|$/);
    expect(rows[1]).toMatch(/\| PASS +\| 1 file current/);
    // The embedded recordings exercise every status the spec declares, and every response example.
    expect(rows[2]).toMatch(
      /\| PASS +\| \d+ files, \d+ exchanges, 4 known defects, 0 violations; covered: statuses 8\/8, examples 12\/12 /,
    );
    // The client walked the stateful mock: every page, each filter field, every declared error
    // status, a 429 and a 503 retried; Prism and Ajv found nothing but the 401 probe's missing token.
    expect(rows[3]).toMatch(
      /^\| client via Prism mock +\| PASS +\| pages 5\/14 customers, filters 4, errors 8\/8, faults 2 retried; \d+ requests, 0 violations \(1 expected: the 401 probe sends no bearer token\) +\|/,
    );
    expect(run.stdout).toMatch(/Conformance of openapi\/partner-center\.yaml passed \(Prism mock\)/);
  });

  it("a raw sample passes with exactly its known defects, and fails with fewer or more (json report)", async () => {
    const raw = await readJson("get-a-list-of-customers.raw.json");
    const fewer = structuredClone(raw);
    fewer.response.body.items[0].companyProfile.tenantId = fewer.response.body.items[0].id;
    const more = structuredClone(raw);
    more.response.body.totalCount = -1;

    const exact = await pc([
      "conformance",
      "--recordings",
      await recordingsDir("exact", { "raw.json": raw }),
      "--skip",
      "lint,generated,client",
      "--format",
      "json",
    ]);
    expect(exact.code).toBe(0);
    const ok = JSON.parse(exact.stdout) as JsonConformance;
    expect(ok.ok).toBe(true);
    expect(ok.steps.map((s) => [s.id, s.verdict])).toEqual([
      ["lint", "skip"],
      ["generated", "skip"],
      ["recordings", "pass"],
      ["client", "skip"],
    ]);
    expect(ok.steps[2]?.counts).toBe(
      "1 file, 1 exchange, 2 known defects, 0 violations; covered: statuses 1/8, examples 2/12",
    );
    expect(ok.steps[2]?.details.at(-1)).toMatch(
      /^coverage of the spec by the recordings: operations 1\/1, statuses 1\/8 \(12\.5%\), response examples 2\/12, optional properties \d+\/\d+$/,
    );

    const wrong = await pc([
      "conformance",
      "--recordings",
      await recordingsDir("wrong", { "fewer.json": fewer, "more.json": more }),
      "--skip=lint,generated",
      "--skip=client",
      "--format",
      "json",
    ]);
    expect(wrong.code).toBe(1);
    const report = JSON.parse(wrong.stdout) as JsonConformance;
    const step = report.steps.find((s) => s.id === "recordings");
    expect(step?.verdict).toBe("fail");
    expect(step?.details.join("\n")).toMatch(
      /fewer\.json: known defect \/items\/0\/companyProfile\/tenantId is listed in provenance\.knownDefects but no longer found/,
    );
    expect(step?.details.join("\n")).toMatch(
      /more\.json: \/totalCount: must be >= 0.*\(not one of its provenance\.knownDefects\)/,
    );
  });

  it("a HAR capture passes with the known defects its log._provenance lists; a defect without a pointer says what to write", async () => {
    const exchange = await readJson("get-a-list-of-customers.json");
    const body = { ...exchange.response.body, totalCount: -1 };
    const header = (headers: Record<string, string>) =>
      Object.entries(headers).map(([name, value]) => ({ name, value }));
    const har = (knownDefects: unknown[]) => ({
      log: {
        version: "1.2",
        creator: { name: "test", version: "1" },
        _provenance: { source: "a capture kept with its defect", knownDefects },
        entries: [
          {
            request: { method: "GET", url: exchange.request.url, headers: [] },
            response: {
              status: 200,
              headers: header(exchange.response.headers),
              content: { mimeType: "application/json", text: JSON.stringify(body) },
            },
          },
        ],
      },
    });
    const listed = await pc([
      "conformance",
      "--recordings",
      await recordingsDir("har-listed", { "capture.har": har([{ pointer: "/totalCount", why: "kept" }]) }),
      "--skip",
      "lint,generated,client",
      "--format",
      "json",
    ]);
    expect(listed.code, listed.stdout).toBe(0);
    const ok = (JSON.parse(listed.stdout) as JsonConformance).steps.find((s) => s.id === "recordings");
    expect(ok?.counts).toBe(
      "1 file, 1 exchange, 1 known defect, 0 violations; covered: statuses 1/8, examples 2/12",
    );

    const unnamed = await pc([
      "conformance",
      "--recordings",
      await recordingsDir("har-unnamed", {
        "capture.har": har([{ pointer: "/totalCount", why: "kept" }, { why: "no pointer" }]),
      }),
      "--skip",
      "lint,generated,client",
      "--format",
      "json",
    ]);
    expect(unnamed.code).toBe(1);
    const step = (JSON.parse(unnamed.stdout) as JsonConformance).steps.find((s) => s.id === "recordings");
    expect(step?.verdict).toBe("fail");
    expect(step?.details).toEqual([
      `${join(tmp.dir, "har-unnamed", "capture.har")}: provenance.knownDefects[1] has no string "pointer": give the JSON pointer of the defect, as a violation names it`,
      expect.stringMatching(/^coverage of the spec by the recordings: /),
    ]);
  });

  it("a spec with lint problems fails, and the table lists what to fix (junit too)", async () => {
    const spec = await editedSpec();
    const run = await pc(["conformance", "--spec", spec, "--skip", "client,recordings"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\| spec lint .*\| FAIL +\| redocly [1-9]\d* problems?, spectral [1-9]\d* problems? /,
    );
    expect(run.stdout).toMatch(/redocly warning operation-operationId/);
    expect(run.stdout).toMatch(/FAILED: 1 check failed/);

    const junit = await pc([
      "conformance",
      "--spec",
      spec,
      "--skip",
      "client,recordings,generated",
      "--format",
      "junit",
    ]);
    expect(junit.code).toBe(1);
    const doc = parseXml(junit.stdout);
    const cases = findAll(doc, "testcase");
    expect(cases).toHaveLength(4);
    const failures = cases.flatMap((c) => c.children.filter((x) => x.name === "failure"));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.text).toMatch(/redocly warning operation-operationId/);
    expect(cases.filter((c) => c.children.some((x) => x.name === "skipped"))).toHaveLength(3);
    expect(doc.attributes).toMatchObject({ tests: "4", failures: "1", skipped: "3" });
  });

  it("with another --spec, the generated step is skipped and says how to check types made from that spec", async () => {
    const spec = await editedSpec();
    const run = await pc([
      "conformance",
      "--spec",
      spec,
      "--skip",
      "lint,recordings,client",
      "--format",
      "json",
    ]);
    expect(run.code, run.stdout).toBe(0);
    const step = (JSON.parse(run.stdout) as JsonConformance).steps.find((s) => s.id === "generated");
    expect(step?.verdict).toBe("skip");
    expect(step?.counts).toBe("other spec");
    expect(step?.details).toEqual([
      `--spec ${spec} is not this package's spec: generated/partner-center.d.ts is generated from openapi/partner-center.yaml only. ` +
        `To check types generated from ${spec}, run: npx openapi-typescript ${spec} -o your-types.d.ts --check`,
    ]);
  });

  it("with --spec naming the package's own spec file, the generated step still compares the types", async () => {
    const run = await pc([
      "conformance",
      "--spec",
      "openapi/partner-center.yaml",
      "--skip",
      "lint,recordings,client",
    ]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/\| generated .*\| PASS +\| 1 file current/);
  });

  it("types that are not the openapi-typescript output of the package's spec fail: run 'npm run generate'", async () => {
    // The step against a copy of the package's files, so that the repository's own stay as they are.
    const dir = join(tmp.dir, "stale-package");
    await mkdir(dir, { recursive: true });
    const spec = await editedSpec(join(dir, "partner-center.yaml"));
    const generated = join(dir, "partner-center.d.ts");
    await copyFile(GENERATED, generated);
    const outcome = await generatedStep(spec, { spec, generated });
    expect(outcome.verdict).toBe("fail");
    expect(outcome.counts).toBe("1 file stale");
    expect(outcome.details).toEqual([
      `${generated} is not the openapi-typescript output of ${spec}: run 'npm run generate' and commit the result`,
    ]);
    // The copy is what the step compared: it is left as it was.
    expect(await readFile(generated, "utf8")).toBe(await readFile(GENERATED, "utf8"));
  });

  it("a spec whose Customer schema the mock's customers break fails the client step, which says where (exit 1)", async () => {
    const spec = await specWith(
      "commerce-id-required.yaml",
      CUSTOMER_REQUIRED,
      `${CUSTOMER_REQUIRED}        - commerceId\n`,
    );
    const run = await pc([
      "conformance",
      "--spec",
      spec,
      "--skip",
      "lint,generated,recordings",
      "--format",
      "json",
    ]);
    expect(run.code, run.stdout).toBe(1);
    const client = (JSON.parse(run.stdout) as JsonConformance).steps.find((s) => s.id === "client");
    expect(client?.verdict).toBe("fail");
    expect(client?.counts).toMatch(/; \d+ requests, [1-9]\d* violations/);
    // Where: the walk that met the broken page, the request, and the property of each customer.
    expect(client?.details[0]).toMatch(
      /^faults: the walk stopped at request \d+: the mock's response broke the spec, so Prism answered 500 with the violations below$/,
    );
    expect(client?.details).toContainEqual(
      expect.stringMatching(
        /^request \d+ \(\/v1\/customers\?size=3\): Prism: .*must have required property 'commerceId' at response\.body\.items\.0$/,
      ),
    );
  });

  it("the client step probes the error statuses the spec declares, and fails on one the mock cannot answer", async () => {
    // A spec that declares 409 instead of 403: no 403 probe (its answer would break the spec), and
    // the 409 is named as unchecked.
    const forbidden = '        "403":\n          $ref: "#/components/responses/Forbidden"\n';
    const spec = await specWith("conflict.yaml", forbidden, forbidden.replace('"403"', '"409"'));
    const run = await pc([
      "conformance",
      "--spec",
      spec,
      "--skip",
      "lint,generated,recordings",
      "--format",
      "json",
    ]);
    expect(run.code, run.stdout).toBe(1);
    const client = (JSON.parse(run.stdout) as JsonConformance).steps.find((s) => s.id === "client");
    expect(client?.counts).toMatch(
      /^pages 5\/14 customers, filters 4, errors 7\/7, faults 2 retried; \d+ requests, 0 violations /,
    );
    expect(client?.details.filter((d) => !d.startsWith("expected, not counted: "))).toEqual([
      "error 409: the spec declares it for GET /v1/customers, but the mock has no way to answer it, so the client's handling of it is not checked",
    ]);
  });

  it("the client step stops the mock's Prism when the walk stops on a broken page", async () => {
    const spec = await specWith(
      "one-letter-names.yaml",
      COMPANY_NAME,
      "        companyName:\n          type: string\n          maxLength: 1\n          description: |\n            The customer's company name.",
    );
    const seen = new Set<number>();
    const watcher = setInterval(() => {
      for (const pid of prismChildren()) seen.add(pid);
    }, 100);
    let run: Awaited<ReturnType<typeof runCli>>;
    try {
      run = await runCli([
        "conformance",
        "--spec",
        spec,
        "--skip",
        "lint,generated,recordings",
        "--format",
        "json",
      ]);
    } finally {
      clearInterval(watcher);
    }
    const left = [...seen].filter(alive);
    // A Prism left behind by a failing run is this test's to stop.
    for (const pid of left) process.kill(pid, "SIGKILL");
    expect(run.code, run.stdout).toBe(1);
    const client = (JSON.parse(run.stdout) as JsonConformance).steps.find((s) => s.id === "client");
    expect(client?.details.join("\n")).toMatch(
      /Prism: .*must NOT have more than 1 character.* at response\.body\.items\.0\.companyProfile\.companyName/,
    );
    expect(seen.size).toBe(1);
    expect(left).toEqual([]);
  });

  it("--target walks the client through prism proxy --errors to a live endpoint: a conforming one passes", async () => {
    const server = await startCustomerServer({ customers: 7, expectedToken: TOKEN });
    try {
      const run = await pc(
        [
          "conformance",
          "--target",
          server.url,
          "--token-env",
          "PC_STAGING_TOKEN",
          "--size",
          "3",
          "--skip",
          "lint,generated,recordings",
          "--format",
          "json",
        ],
        { env: { PC_STAGING_TOKEN: TOKEN } },
      );
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as JsonConformance & { target: string };
      expect(report.target).toBe(`proxy to ${server.url}`);
      const client = report.steps.find((s) => s.id === "client");
      expect(client?.verdict).toBe("pass");
      expect(client?.counts).toBe("3 pages, 7 customers; 3 requests, 0 violations");
      // Every request reached the endpoint through Prism, with the token.
      expect(server.requests.map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${TOKEN}`));
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });

  it("--target fails when the endpoint's responses break the spec, and says where (exit 1)", async () => {
    const server = await startCustomerServer({
      customers: 7,
      expectedToken: TOKEN,
      transformPage: (page, { offset }) => (offset === 3 ? { ...page, totalCount: "three" } : page),
    });
    try {
      const run = await pc(
        [
          "conformance",
          "--target",
          server.url,
          "--size",
          "3",
          "--max-pages",
          "2",
          "--skip",
          "lint,generated,recordings",
        ],
        { env: { PARTNER_CENTER_TOKEN: TOKEN } },
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/\| client via Prism proxy --errors +\| FAIL/);
      expect(run.stdout).toMatch(/totalCount must be integer/);
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });
});
