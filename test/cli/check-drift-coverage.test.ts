// `check`'s drift and coverage reports as CI sees them: exit status, JSON fields, the gate.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customer } from "../helpers/devtools-har.js";
import { pc, tempDir } from "./helpers.js";

const ID = "5d6a927d-c207-44bd-847b-3ad6339ace97";
let tmp: Awaited<ReturnType<typeof tempDir>>;
let drifting: string;
let plain: string;

beforeAll(async () => {
  tmp = await tempDir("pc-check-drift-");
  drifting = join(tmp.dir, "drifting.json");
  plain = join(tmp.dir, "plain.json");
  const items = [{ ...customer(ID), partnerTier: "gold", relationshipToPartner: "indirect_partner" }];
  await writeFile(drifting, JSON.stringify({ totalCount: 1, items }));
  await writeFile(plain, JSON.stringify({ totalCount: 1, items: [customer(ID)] }));
});
afterAll(async () => {
  await tmp.remove();
});

describe("pc-customers check: drift", () => {
  it("reports an undeclared property and a new relationship value without failing", async () => {
    const run = await pc(["check", drifting]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("drift: Customer.partnerTier is not declared by the spec");
    expect(run.stdout).toContain(
      'drift: RelationshipToPartner "indirect_partner" is not one of its documented values',
    );
    expect(run.stdout).toContain("Spec edits the drift suggests:");
  });

  it("fails with --fail-on-drift, and says why", async () => {
    const run = await pc(["check", drifting, "--fail-on-drift", "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.files[0].drift.map((d: { kind: string }) => d.kind).sort()).toEqual([
      "undeclared-property",
      "unlisted-value",
    ]);
    expect(run.stderr).toContain("2 drift findings and --fail-on-drift: the run fails.");
    expect((await pc(["check", plain, "--fail-on-drift"])).code).toBe(0);
  });
});

describe("pc-customers check: coverage", () => {
  it("prints which operations and statuses the recordings exercised, as a table and in JSON", async () => {
    const pretty = await pc(["check", plain, "--coverage"]);
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toMatch(/\| GET \/v1\/customers \| 200 +\| 1 +\| \d\/5 +\| yes +\|/);
    expect(pretty.stdout).toMatch(/\| GET \/v1\/customers \| 429 +\| 0 +\| 0\/1 +\| no +\|/);
    const json = JSON.parse((await pc(["check", plain, "--coverage", "--format", "json"])).stdout);
    expect(json.coverage.statuses).toEqual({ total: 8, covered: 1 });
    expect(json.coverage.percent).toBe(12.5);
  });

  it("gates CI with --min-coverage", async () => {
    const below = await pc(["check", plain, "--min-coverage", "50"]);
    expect(below.code).toBe(1);
    expect(below.stderr).toContain(
      "coverage 12.5% of the spec's operation-status rows is below --min-coverage 50",
    );
    expect((await pc(["check", plain, "--min-coverage", "10"])).code).toBe(0);
    expect((await pc(["check", plain, "--min-coverage", "101"])).code).toBe(2);
  });
});
