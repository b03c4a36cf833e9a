// Fuzzing the checker (`checkText`, the `SpecValidator` behind it, and the reporters that print its
// verdicts). Recordings are untrusted input: whatever a file holds, `check` must return a verdict
// for it, never throw, and never turn a conforming exchange into a violating one or back.
//
//   1. arbitrary text and arbitrary JSON values, as a bare body, an exchange or a HAR log;
//   2. mutations of conforming recordings, steered by the spec: dropping a required property or
//      changing a value's JSON type must be reported at that exact pointer; adding unknown
//      properties (unicode, `__proto__`, huge numbers, deep nesting) to the open objects, or odd
//      unicode to free-text strings, must not be.
//
// Run counts and the seed: see test/helpers/property.ts (FC_NUM_RUNS, FC_SEED).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CHECKER_FAILURE, checkText, type FileResult } from "../../../src/toolkit/conformance/check.js";
import type { Exchange } from "../../../src/toolkit/conformance/recording.js";
import { jsonCheckReport } from "../../../src/toolkit/conformance/report-json.js";
import { junitCheckReport } from "../../../src/toolkit/conformance/report-junit.js";
import { prettyCheckReport } from "../../../src/toolkit/conformance/report-pretty.js";
import { loadSpec, resolveRef } from "../../../src/toolkit/conformance/spec.js";
import { SpecValidator } from "../../../src/toolkit/conformance/validator.js";
import { parseXml } from "../../cli/helpers.js";
import { SPEC } from "../../helpers/paths.js";
import { propertyParams } from "../../helpers/property.js";
import { loadRecordings, specExchanges } from "../../helpers/recordings.js";

const LOCATIONS = new Set(["file", "request", "status", "headers", "body"]);
let validator: SpecValidator;

beforeAll(() => {
  validator = new SpecValidator(loadSpec(SPEC));
});

/**
 * Checks `text` and everything a verdict must be, whatever the input: a well-formed result (ok
 * exactly when there is no violation, every violation with a location, pointer, message and rule),
 * no failure of the checker itself, and reports in every format that render (JUnit as well-formed
 * XML, JSON that parses back).
 */
function verdict(text: string): FileResult {
  const result = checkText(validator, "fuzz.json", text);
  expect(typeof result.ok).toBe("boolean");
  expect(result.ok).toBe(result.violations.length === 0);
  expect(Number.isInteger(result.exchanges) && result.exchanges >= 0).toBe(true);
  for (const v of result.violations) {
    expect(LOCATIONS.has(v.location)).toBe(true);
    expect(typeof v.pointer).toBe("string");
    expect(typeof v.schemaPath).toBe("string");
    expect(v.message.length).toBeGreaterThan(0);
    expect(v.message).not.toContain(CHECKER_FAILURE);
  }
  for (const w of result.warnings) expect(typeof w).toBe("string");
  const report = { ok: result.ok, spec: "spec.yaml", files: [result], durationMs: 1 };
  expect(typeof prettyCheckReport(report)).toBe("string");
  expect(JSON.parse(jsonCheckReport(report)).ok).toBe(result.ok);
  expect(() => parseXml(junitCheckReport(report))).not.toThrow();
  return result;
}

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const headers = fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 4 });
const url = fc.oneof(
  fc.constantFrom(
    "/v1/customers",
    "/v1/customers?size=2&seekOperation=Next",
    "https://api.partnercenter.microsoft.com/v1/customers?size=-1",
    "/v1/customers?filter=%7Bnot%20json",
    "/v1/customers?filter=%7B%22Field%22%3A%22Name%22%7D",
    "http://[",
    "https://exa mple.com/v1/customers",
    "//v1/customers",
    "",
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
);
const method = fc.oneof(fc.constantFrom("GET", "get", "POST", "PATCH", ""), fc.string({ maxLength: 6 }));

describe("check never throws, and always gives a verdict", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })),
        (text) => {
          verdict(text);
        },
      ),
      propertyParams(300),
    );
  });

  it("on arbitrary JSON values (read as a bare 200 body)", () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        verdict(JSON.stringify(value));
      }),
      propertyParams(300),
    );
  });

  it("on arbitrary exchanges: any method, URL, status, headers and body", () => {
    const exchange = fc.record(
      {
        provenance: fc.anything({ maxDepth: 2 }),
        request: fc.record({ method, url, headers }, { requiredKeys: ["method", "url"] }),
        response: fc.record(
          {
            status: fc.oneof(fc.integer({ min: -1, max: 999 }), fc.constantFrom(200, 429, 500)),
            headers,
            body: jsonValue,
            bodyText: fc.oneof(
              fc.string(),
              jsonValue.map((v) => JSON.stringify(v)),
            ),
          },
          { requiredKeys: ["status"] },
        ),
      },
      { requiredKeys: ["request", "response"] },
    );
    fc.assert(
      fc.property(exchange, (value) => {
        verdict(JSON.stringify(value));
      }),
      propertyParams(300),
    );
  });

  it("on arbitrary HAR logs, whatever their entries hold", () => {
    const scalarOrAnything = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.anything({ maxDepth: 2 }));
    const entry = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({
        request: fc.record({
          method: fc.oneof(method, scalarOrAnything),
          url: fc.oneof(url, scalarOrAnything),
          headers: fc.array(fc.record({ name: fc.string(), value: scalarOrAnything }), { maxLength: 3 }),
        }),
        response: fc.record({
          status: fc.oneof(fc.integer({ min: 0, max: 600 }), scalarOrAnything),
          headers: fc.array(fc.record({ name: fc.string(), value: scalarOrAnything }), { maxLength: 3 }),
          content: fc.record({
            text: fc.oneof(
              fc.string(),
              jsonValue.map((v) => JSON.stringify(v)),
              scalarOrAnything,
            ),
            encoding: fc.constantFrom(undefined, "base64", "gzip"),
          }),
        }),
      }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), (entries) => {
        verdict(JSON.stringify({ log: { version: "1.2", entries } }));
      }),
      propertyParams(200),
    );
  });

  // Each of these threw (a stack overflow, "Invalid URL", "Cannot convert object to primitive
  // value") and took the whole `check` run down with it.
  it.each<[string, string, boolean]>([
    ["a type error on a value nested 50 000 levels deep", `{"totalCount":${deep(50_000)},"items":[]}`, false],
    ["an item nested 50 000 levels deep", `{"totalCount":1,"items":[${deep(50_000)}]}`, false],
    // The host is not the spec's business: the path is checked, and it is fine.
    ["an exchange whose URL is not a valid URL", exchangeText("http://[/v1/customers"), true],
    ["an exchange whose host has a space", exchangeText("https://exa mple.com/v1/customers"), true],
    [
      // Read as GET of no URL: not an operation of the spec, so the entry is skipped like any other.
      "a HAR entry whose method, URL and header value are objects",
      JSON.stringify({
        log: {
          entries: [
            {
              request: { method: { toString: 1 }, url: { valueOf: 1 }, headers: [{ name: "a", value: {} }] },
              response: { status: { valueOf: 1 }, content: { text: {} } },
            },
          ],
        },
      }),
      true,
    ],
    ["a body of 10 000 customers with a 1 MB company name and one bad item", hugeBody(), false],
  ])("on %s (found by fuzzing)", (_name, text, ok) => {
    expect(verdict(text).ok).toBe(ok);
  });
});

/** `[[[…]]]`, `depth` levels deep. */
function deep(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

function exchangeText(requestUrl: string): string {
  return JSON.stringify({
    request: { method: "GET", url: requestUrl, headers: {} },
    response: { status: 200, headers: {}, body: { totalCount: 0, items: [] } },
  });
}

function hugeBody(): string {
  const customer = (i: number) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    companyProfile: {
      tenantId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      domain: "d",
      companyName: i === 0 ? "x".repeat(1_000_000) : `c${i}`,
    },
    relationshipToPartner: i === 9_999 ? 42 : "reseller",
  });
  return JSON.stringify({ totalCount: 10_000, items: Array.from({ length: 10_000 }, (_, i) => customer(i)) });
}

// ---------------------------------------------------------------------------------------------
// Mutations of conforming recordings, steered by the spec.

type Schema = Record<string, unknown>;
type Path = Array<string | number>;

/** A conforming exchange with a JSON body, and the schema of its response. */
interface BaseCase {
  name: string;
  exchange: Exchange;
  schema: Schema;
}

/** Where a body can be mutated, as found by walking it alongside its schema. */
interface Sites {
  /** A required property that is present: dropping it must be reported at `path/key`. */
  required: Array<{ path: Path; key: string }>;
  /** A value with declared JSON types: replacing it by another type must be reported at `path`. */
  typed: Array<{ path: Path; types: string[] }>;
  /** An object with declared properties and no `additionalProperties`: unknown keys are fine. */
  open: Array<{ path: Path; known: string[] }>;
  /** A string with no format, pattern, enum, const or length limit: any text is fine. */
  freeText: Path[];
}

function resolve(schema: unknown): Schema {
  return resolveRef<Schema>(validator.document, schema);
}

function typesOf(schema: Schema): string[] | undefined {
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (!union) return undefined;
  const types = union.map((branch) => typesOf(resolve(branch)));
  return types.every((t) => t !== undefined) ? [...new Set(types.flat() as string[])] : undefined;
}

function sitesOf(schema: Schema, value: unknown, path: Path = [], sites?: Sites): Sites {
  const out = sites ?? { required: [], typed: [], open: [], freeText: [] };
  const types = typesOf(schema);
  if (path.length > 0 && types) out.typed.push({ path, types });
  if (typeof value === "string" && types?.length === 1 && types[0] === "string") {
    const limited = ["format", "pattern", "enum", "const", "minLength", "maxLength"].some((k) => k in schema);
    if (!limited && !schema.anyOf && !schema.oneOf) out.freeText.push(path);
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => {
      sitesOf(resolve(schema.items), item, [...path, i], out);
    });
  } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    for (const key of (schema.required ?? []) as string[]) if (key in value) out.required.push({ path, key });
    if (schema.properties !== undefined && schema.additionalProperties === undefined)
      out.open.push({ path, known: Object.keys(properties) });
    for (const [key, child] of Object.entries(value)) {
      if (properties[key] !== undefined) sitesOf(resolve(properties[key]), child, [...path, key], out);
    }
  }
  return out;
}

function pointer(path: Path): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** The parent object or array of `path` in `root`, and the last key. */
function parentOf(
  root: unknown,
  path: Path,
): { parent: Record<string | number, unknown>; key: string | number } {
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  return { parent: node, key: path[path.length - 1] as string | number };
}

function withBody(base: BaseCase, body: unknown): string {
  return JSON.stringify({ ...base.exchange, response: { ...base.exchange.response, body } });
}

/** A JSON value of none of `types` (JSON Schema type names). */
function otherType(types: string[], pick: number): unknown {
  const candidates: Array<[unknown, string[]]> = [
    ["text", ["string"]],
    [4.5, ["number"]],
    [42, ["integer", "number"]],
    [true, ["boolean"]],
    [null, ["null"]],
    [[], ["array"]],
    [{}, ["object"]],
  ];
  const allowed = candidates.filter(([, kinds]) => !kinds.some((k) => types.includes(k)));
  return (allowed[pick % allowed.length] as [unknown, string[]])[0];
}

// Unknown-property keys and values that must not change a verdict on an open object. Raw JSON
// text, so that what JSON.stringify cannot write (1e400, 30-digit integers, -0) is in it too.
const HOSTILE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "",
  "ünïcødé 🙂",
  "\u0000",
  "\ud800",
];
const HOSTILE_VALUES = [
  "1e400",
  "-1e400",
  "123456789012345678901234567890",
  "-0",
  "4.9e-324",
  JSON.stringify("\ud83d"),
  JSON.stringify("\u202e\u0000\ufeff🙂".repeat(50)),
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  deep(5_000),
  `{${Array.from({ length: 2_000 }, (_, i) => `"k${i}":${i}`).join(",")}}`,
];
const HOSTILE_TEXT = [
  "",
  "\u0000",
  "\ud800",
  "🙂".repeat(1000),
  "\u202eRTL",
  "<script>&amp;</script>",
  "x".repeat(100_000),
];

describe("check on mutations of conforming recordings", () => {
  let bases: BaseCase[] = [];

  beforeAll(async () => {
    const recordings = (await loadRecordings()).filter(
      (r) => ["walks", "errors", "documented"].includes(r.folder) && !r.name.includes(".raw."),
    );
    for (const recording of recordings) {
      for (const { exchange, entry } of specExchanges(recording, validator)) {
        const body =
          exchange.response.body ??
          (exchange.response.bodyText ? JSON.parse(exchange.response.bodyText) : undefined);
        if (body === undefined) continue;
        const { bodyText: _, ...response } = exchange.response;
        const operation = resolve(validator.document.paths?.["/v1/customers"]?.get);
        const declared = resolve((operation.responses as Schema)[String(exchange.response.status)]);
        const content = declared.content as Record<string, { schema: unknown }>;
        bases.push({
          name: `${recording.name}${entry === undefined ? "" : `#${entry}`}`,
          exchange: { request: exchange.request, response: { ...response, body } },
          schema: resolve(content["application/json"]?.schema),
        });
      }
    }
    bases = bases.filter((b) => b.schema !== undefined);
  });

  it("start from conforming recordings of every shape: pages, walks and errors", () => {
    expect(bases.length).toBeGreaterThanOrEqual(10);
    expect(new Set(bases.map((b) => b.exchange.response.status))).toEqual(
      new Set([200, 400, 401, 403, 404, 429, 500, 503]),
    );
    for (const base of bases)
      expect(verdict(withBody(base, base.exchange.response.body)).violations).toEqual([]);
  });

  const baseAndSite = () =>
    fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([b, s, v]) => {
      const base = bases[b % bases.length] as BaseCase;
      const body = structuredClone(base.exchange.response.body);
      return { base, body, sites: sitesOf(base.schema, body), s, v };
    });

  it("dropping a required property is reported at its pointer", () => {
    fc.assert(
      fc.property(baseAndSite(), ({ base, body, sites, s }) => {
        fc.pre(sites.required.length > 0);
        const site = sites.required[s % sites.required.length] as Sites["required"][number];
        const { parent, key } = parentOf(body, [...site.path, site.key]);
        delete parent[key];
        const result = verdict(withBody(base, body));
        expect(result.ok).toBe(false);
        expect(result.violations.map((v) => v.pointer)).toContain(pointer([...site.path, site.key]));
      }),
      propertyParams(200),
    );
  });

  it("changing a value's JSON type is reported at its pointer", () => {
    fc.assert(
      fc.property(baseAndSite(), ({ base, body, sites, s, v }) => {
        fc.pre(sites.typed.length > 0);
        const site = sites.typed[s % sites.typed.length] as Sites["typed"][number];
        const { parent, key } = parentOf(body, site.path);
        parent[key] = otherType(site.types, v);
        const result = verdict(withBody(base, body));
        expect(result.ok).toBe(false);
        expect(result.violations.map((x) => x.pointer)).toContain(pointer(site.path));
      }),
      propertyParams(200),
    );
  });

  it("unknown properties on open objects (__proto__, unicode, 1e400, deep nesting) do not change the verdict", () => {
    fc.assert(
      fc.property(
        baseAndSite(),
        fc.constantFrom(...HOSTILE_KEYS),
        fc.constantFrom(...HOSTILE_VALUES),
        ({ base, body, sites, s }, key, rawValue) => {
          const site = sites.open[s % sites.open.length] as Sites["open"][number];
          fc.pre(!site.known.includes(key));
          // A placeholder in the object, replaced by the raw key and value in the JSON text.
          const { parent, key: last } =
            site.path.length === 0 ? { parent: undefined, key: "" } : parentOf(body, site.path);
          const target = (parent === undefined ? body : parent[last]) as Record<string, unknown>;
          target["\u0001MARK\u0001"] = null;
          const text = withBody(base, body).replace(
            `"\\u0001MARK\\u0001":null`,
            `${JSON.stringify(key)}:${rawValue}`,
          );
          expect(text).not.toContain("\\u0001MARK");
          const result = verdict(text);
          expect(result.violations).toEqual([]);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      propertyParams(200),
    );
  });

  it("any text in a free-text string (unicode, NULs, lone surrogates, 100 kB) does not change the verdict", () => {
    fc.assert(
      fc.property(
        baseAndSite(),
        fc.oneof(
          fc.constantFrom(...HOSTILE_TEXT),
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme" }),
        ),
        ({ base, body, sites, s }, text) => {
          fc.pre(sites.freeText.length > 0);
          const path = sites.freeText[s % sites.freeText.length] as Path;
          const { parent, key } = parentOf(body, path);
          parent[key] = text;
          expect(verdict(withBody(base, body)).violations).toEqual([]);
        },
      ),
      propertyParams(200),
    );
  });
});
