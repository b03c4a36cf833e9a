// The toolkit's library entry, as a user imports it: the names it exports, and what a caller gets
// for a wrong argument (a TypeError that names the argument, what it got and the right call).
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
  jsonConformanceReport,
  junitCheckReport,
  junitConformanceReport,
  loadSpec,
  normaliseText,
  parseRecording,
  prettyCheckReport,
  prettyConformanceReport,
  resolveRef,
  responseBody,
  SpecValidator,
  style,
} from "../../src/toolkit/index.js";
import { RECORDINGS, SPEC } from "../helpers/paths.js";

const RECORDING = join(RECORDINGS, "documented", "get-a-list-of-customers.json");
const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYy1lbnRyeSJ9.c2lnbmF0dXJlLWVudHJ5";
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
      "checkExchange",
      "checkFile",
      "checkFileSync",
      "checkText",
      "collectFiles",
      "diffCustomers",
      "embeddedAssets",
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

  // [what the caller did, the call, the argument named, what it got, the right call shape]
  const wrong: Array<[string, () => unknown, string, string, string]> = [
    [
      "checkFile with its arguments swapped",
      () => checkFile(RECORDING as never, validator as never),
      "validator",
      "a string (",
      "checkFile(validator, file)",
    ],
    [
      "checkFile with a number for the file",
      () => checkFile(validator, 42 as never),
      "file",
      "the number 42",
      "checkFile(validator, file)",
    ],
    [
      "checkFileSync with the spec's path for the validator",
      () => checkFileSync(SPEC as never, RECORDING),
      "validator",
      "a string (",
      "checkFileSync(validator, file)",
    ],
    [
      "checkFileSync with a Buffer for the file",
      () => checkFileSync(validator, Buffer.from(RECORDING) as never),
      "file",
      "a Buffer",
      "checkFileSync(validator, file)",
    ],
    [
      "checkText without the file name",
      () => (checkText as (...args: unknown[]) => unknown)(validator, "{}"),
      "text",
      "undefined (is an argument missing?)",
      "checkText(validator, file, text)",
    ],
    [
      "checkText with a Buffer for the text",
      () => checkText(validator, "a.json", Buffer.from("{}") as never),
      "text",
      "a Buffer",
      "checkText(validator, file, text)",
    ],
    [
      "checkExchange with its arguments swapped",
      () => checkExchange(exchange as never, validator as never),
      "validator",
      "an object",
      "checkExchange(validator, exchange, entry)",
    ],
    [
      "checkExchange with a string for the response",
      () => checkExchange(validator, { request: exchange.request, response: "200" } as never),
      "exchange",
      "an object",
      "checkExchange(validator, exchange, entry)",
    ],
    [
      "checkExchange with a negative entry",
      () => checkExchange(validator, exchange, -1),
      "entry",
      "the number -1",
      "checkExchange(validator, exchange, entry)",
    ],
    [
      "collectFiles with one path instead of a list",
      () => collectFiles(RECORDINGS as never),
      "paths",
      "a string (",
      "collectFiles([path, ...])",
    ],
    [
      "collectFiles with a number in the list",
      () => collectFiles([7] as never),
      "paths",
      "an array (1 item)",
      "collectFiles([path, ...])",
    ],
    ["loadSpec with a number", () => loadSpec(7 as never), "file", "the number 7", "loadSpec(file)"],
    [
      "new SpecValidator with the spec's path",
      () => new SpecValidator(SPEC as never),
      "document",
      "a string (",
      "new SpecValidator(document)",
    ],
    [
      "new SpecValidator with a promise",
      () => new SpecValidator(Promise.resolve(loadSpec()) as never),
      "document",
      "a Promise (is an await missing?)",
      "new SpecValidator(document)",
    ],
    [
      "validator.checkResponse with a body for the response",
      () => validator.checkResponse("{}" as never),
      "response",
      "a string (",
      "validator.checkResponse({ method, url, status, headers, body })",
    ],
    [
      "validator.checkRequest with a URL for the request",
      () => validator.checkRequest("/v1/customers" as never),
      "request",
      "a string (",
      "validator.checkRequest({ method, url, headers })",
    ],
    [
      "validator.hasOperation without the method",
      () => (validator.hasOperation as (...args: unknown[]) => unknown)("/v1/customers"),
      "url",
      "undefined (is an argument missing?)",
      "validator.hasOperation(method, url)",
    ],
    [
      "resolveRef with its arguments swapped",
      () => resolveRef({ $ref: "#/components/schemas/Customer" } as never, loadSpec()),
      "doc",
      "an object",
      "resolveRef(doc, value)",
    ],
    [
      "parseRecording with a Buffer",
      () => parseRecording(Buffer.from("{}") as never),
      "text",
      "a Buffer",
      "parseRecording(text)",
    ],
    [
      "responseBody with a response body",
      () => responseBody(exchange.response.body),
      "exchange",
      "an object",
      "responseBody(exchange)",
    ],
    [
      "normaliseText without the file name",
      () => (normaliseText as (...args: unknown[]) => unknown)("{}"),
      "file",
      "undefined (is an argument missing?)",
      "normaliseText(text, file)",
    ],
    ["findSecrets with null", () => findSecrets(null as never), "text", "null", "findSecrets(text)"],
    [
      "prettyCheckReport with a conformance report",
      () => prettyCheckReport(conformanceReport as never),
      "report",
      "an object",
      "prettyCheckReport(report, style)",
    ],
    [
      "prettyConformanceReport with true for the style",
      () => prettyConformanceReport(conformanceReport, true as never),
      "style",
      "the boolean true",
      "prettyConformanceReport(report, style)",
    ],
    [
      "jsonCheckReport with a list of file results",
      () => jsonCheckReport([] as never),
      "report",
      "an array (0 items)",
      "jsonCheckReport(report)",
    ],
    [
      "jsonConformanceReport with a check report",
      () => jsonConformanceReport(checkReport as never),
      "report",
      "an object",
      "jsonConformanceReport(report)",
    ],
    [
      "junitCheckReport with a date string",
      () => junitCheckReport(checkReport, "2026-12-01" as never),
      "timestamp",
      "a string (",
      "junitCheckReport(report, timestamp)",
    ],
    [
      "junitConformanceReport with an invalid date",
      () => junitConformanceReport(conformanceReport, new Date("never")),
      "timestamp",
      "a Date",
      "junitConformanceReport(report, timestamp)",
    ],
    ["style with a string", () => style("yes" as never), "enabled", "a string (", "style(enabled)"],
  ];

  it.each(wrong)(
    "%s: a TypeError that names the argument, what it got and the right call",
    async (_, call, name, got, shape) => {
      // Promise-returning functions reject, the others throw: both end here.
      const error = await Promise.resolve()
        .then(call)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(TypeError);
      const message = (error as TypeError).message;
      expect(message.startsWith(`${shape.slice(0, shape.indexOf("("))}: the argument ${name} must be `)).toBe(
        true,
      );
      expect(message).toContain(`, but got ${got}`);
      expect(message.endsWith(`Call it as ${shape}.`)).toBe(true);
    },
  );

  it("says what a wrong argument is, never what it holds", async () => {
    const error = await checkFile(TOKEN as never, RECORDING as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe(
      `checkFile: the argument validator must be a SpecValidator (new SpecValidator(loadSpec(specFile))), but got a string (${TOKEN.length} characters). Call it as checkFile(validator, file).`,
    );
  });
});
