// The toolkit's library entry, as a user imports it: the names it exports, and that they work.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as library from "../../src/toolkit/index.js";
import {
  type CheckReport,
  type ConformanceReport,
  checkExchange,
  checkFile,
  checkFileSync,
  checkText,
  collectFiles,
  findSecrets,
  jsonCheckReport,
  junitConformanceReport,
  loadSpec,
  normaliseText,
  parseRecording,
  prettyConformanceReport,
  resolveRef,
  responseBody,
  SpecValidator,
  style,
} from "../../src/toolkit/index.js";
import { RECORDINGS, SPEC } from "../helpers/paths.js";

const RECORDING = join(RECORDINGS, "documented", "get-a-list-of-customers.json");
const exchange = JSON.parse(readFileSync(RECORDING, "utf8"));
const checkReport: CheckReport = { ok: true, spec: "spec.yaml", files: [], durationMs: 1 };
const conformanceReport: ConformanceReport = {
  ok: true,
  spec: "spec.yaml",
  target: "Prism mock",
  steps: [],
  durationMs: 1,
};
let validator: SpecValidator;

beforeAll(() => {
  validator = new SpecValidator(loadSpec());
});

describe("the library entry (pc-customers)", () => {
  it("exports the documented names and nothing else", () => {
    expect(Object.keys(library).sort()).toEqual([
      "FaultSyntaxError",
      "ListingFileError",
      "ListingItemError",
      "SpecLoadError",
      "SpecValidator",
      "addSeen",
      "checkExchange",
      "checkFile",
      "checkFileSync",
      "checkText",
      "collectFiles",
      "coverageOf",
      "diffCustomers",
      "driftOf",
      "embeddedAssets",
      "emptySeen",
      "findCredentials",
      "findSecrets",
      "jsonCheckReport",
      "jsonConformanceReport",
      "junitCheckReport",
      "junitConformanceReport",
      "loadSpec",
      "normaliseText",
      "openListing",
      "parseRecording",
      "prettyCheckReport",
      "prettyConformanceReport",
      "resolveRef",
      "responseBody",
      "startMock",
      "style",
      "tallyCoverage",
      "validate",
    ]);
  });

  it("works when called the right way", async () => {
    expect(checkFileSync(validator, RECORDING)).toMatchObject({ ok: true, kind: "exchange", exchanges: 1 });
    expect(await checkFile(validator, RECORDING)).toMatchObject({ ok: true });
    expect(checkText(validator, "page.json", JSON.stringify(exchange.response.body)).ok).toBe(true);
    expect(checkExchange(validator, exchange, 0)).toEqual([]);
    expect(await collectFiles([RECORDING])).toEqual([RECORDING]);
    expect(resolveRef(loadSpec(SPEC), { $ref: "#/components/schemas/Customer" })).toHaveProperty("type");
    expect(validator.hasOperation("GET", "/v1/customers")).toBe(true);
    expect(parseRecording("{}")).toMatchObject({ ok: true, kind: "body" });
    expect(responseBody(exchange)).toMatchObject({ ok: true });
    expect(normaliseText("{}", "a.json")).toEqual({ ok: true, text: "{}\n" });
    expect(findSecrets("nothing here")).toEqual([]);
    expect(jsonCheckReport(checkReport)).toMatch(/"files": \[\]/);
    expect(prettyConformanceReport(conformanceReport, style(false))).toMatch(/passed/);
    expect(junitConformanceReport(conformanceReport, new Date(0))).toMatch(/1970-01-01/);
  });

  it("sums a run from its files' passes, as the command does", () => {
    const parsed = library.parseRecording(readFileSync(RECORDING, "utf8"));
    if (!parsed.ok) throw new Error(parsed.message);
    const { checked, violations } = library.validate(validator, parsed);
    expect(violations).toEqual([]);
    expect(library.driftOf(validator.drift, checked).drift).toEqual([]);
    expect(library.findCredentials(parsed.value)).toEqual([]);
    const seen = library.addSeen(
      library.emptySeen(),
      checkFileSync(validator, RECORDING).seen ?? library.emptySeen(),
    );
    expect(library.coverageOf(validator, seen).statuses.covered).toBe(1);
  });
});
