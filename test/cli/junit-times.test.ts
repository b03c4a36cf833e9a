// JUnit `time` attributes carry the real durations: each file's test case the time `check` spent
// on that file, the suite the whole run's (CI systems sort and chart by them; "0.000" everywhere
// hides a slow recording).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../src/toolkit/conformance/report.js";
import { junitCheckReport } from "../../src/toolkit/conformance/report-junit.js";
import { makeCustomers } from "../helpers/customer-server.js";
import { findAll, parseXml, pc, tempDir } from "./helpers.js";

let tmp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("pc-junit-times-");
});
afterAll(async () => {
  await tmp.remove();
});

const page = (count: number) =>
  `${JSON.stringify({ totalCount: count, items: makeCustomers(count), attributes: { objectType: "Collection" } })}\n`;

describe("check --format junit", () => {
  it("gives each file's test case the time spent on it, and the suite the whole run's", async () => {
    // Large enough that reading, parsing and validating it takes well over the report's 1 ms grain.
    await writeFile(join(tmp.dir, "large.json"), page(20_000));
    await writeFile(join(tmp.dir, "small.json"), page(1));
    const run = await pc(["check", tmp.dir, "--format", "junit"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const doc = parseXml(run.stdout);
    const cases = findAll(doc, "testcase");
    const time = (name: string) =>
      Number(cases.find((c) => c.attributes.name?.endsWith(name))?.attributes.time ?? Number.NaN);
    expect(time("large.json")).toBeGreaterThan(0);
    expect(time("small.json")).toBeGreaterThanOrEqual(0);
    const suite = findAll(doc, "testsuite")[0];
    // The files were checked within the run: their times add up to no more than the suite's
    // (each rounded to the millisecond).
    expect(time("large.json") + time("small.json")).toBeLessThanOrEqual(
      Number(suite?.attributes.time) + 0.002,
    );
  });

  it("renders the durations it is given, and is a pure function of its input", () => {
    const file = (name: string, durationMs?: number) => ({
      file: name,
      ok: true,
      exchanges: 1,
      skipped: [],
      violations: [],
      warnings: [],
      drift: [],
      ...(durationMs === undefined ? {} : { durationMs }),
    });
    const report: CheckReport = {
      ok: true,
      spec: "spec.yaml",
      files: [file("a.json", 1234.6), file("b.json", 0.4), file("c.json")],
      durationMs: 2000,
    };
    const at = new Date(0);
    const xml = junitCheckReport(report, at);
    expect(xml).toBe(junitCheckReport(report, at));
    const times = findAll(parseXml(xml), "testcase").map((c) => [c.attributes.name, c.attributes.time]);
    expect(times).toEqual([
      ["a.json", "1.235"],
      ["b.json", "0.000"],
      ["c.json", "0.000"],
    ]);
    expect(findAll(parseXml(xml), "testsuite")[0]?.attributes.time).toBe("2.000");
  });
});
