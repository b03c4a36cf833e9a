import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkExchange,
  type Exchange,
  loadSpec,
  SpecValidator,
} from "../../src/toolkit/conformance/index.js";
import { SPEC } from "../helpers/paths.js";
import { describeVerdict, type PrismVerdict } from "../helpers/prism-verdict.js";
import { describeViolation, loadRecordings } from "../helpers/recordings.js";
import { type ReplayProxy, startReplayProxy } from "../helpers/replay-proxy.js";

/**
 * Where the two checkers disagree. Ajv here is this package's SpecValidator: Ajv 8 with JSON Schema
 * 2020-12 (`ajv/dist/2020`), ajv-formats, `allErrors`, plus the parameter rules OpenAPI adds
 * (`contentMediaType`/`contentSchema` of a JSON-in-query parameter, parameter and header values
 * checked exactly as sent). Prism 5.14.2 validates an OpenAPI 3.1 schema with Ajv's default draft-07
 * dialect unless the schema declares `$schema`, with `strict: false` (unknown keywords ignored) and
 * `coerceTypes: true` for parameters and headers; it treats an empty parameter or header value as
 * absent and matches query parameter names case-insensitively.
 *
 * Checked and found NOT to differ with Prism 5.14.2 (each has a recording in invalid/ that both
 * reject): `type: [string, 'null']` (links.self.body), `format: uuid`, `format: int32`, `anyOf`,
 * `required`, an undeclared status (Prism: warning), a Retry-After that is not an integer.
 */
const DIFFERENCES: ReadonlyArray<{
  recording: string;
  stricter: "ajv" | "prism";
  rule: string;
  ajv: string;
  prism: string;
}> = [
  {
    recording: "invalid/ajv-stricter/filter-field-not-searchable.json",
    stricter: "ajv",
    rule: "contentSchema (filter → CustomerFilter, Field enum)",
    ajv: 'parses the filter\'s JSON and rejects Field "Phone" at filter/Field',
    prism: "checks filter only as a string (minLength 2): draft-07 has no contentSchema",
  },
  {
    recording: "invalid/ajv-stricter/filter-operator-equals.json",
    stricter: "ajv",
    rule: "const inside contentSchema (CustomerFilter.Operator: starts_with)",
    ajv: 'rejects Operator "equals" at filter/Operator (const)',
    prism: "never looks inside the filter's JSON, so the const is not applied",
  },
  {
    recording: "invalid/ajv-stricter/filter-not-json.json",
    stricter: "ajv",
    rule: "contentMediaType: application/json (filter)",
    ajv: "rejects filter=Contoso: not JSON text",
    prism: "accepts any string of 2 or more characters",
  },
  {
    recording: "invalid/ajv-stricter/request-id-empty.json",
    stricter: "ajv",
    rule: 'format: uuid on an empty header value (MS-RequestId: "")',
    ajv: 'validates "" against format uuid and rejects it',
    prism: "treats an empty header value as an absent (optional) header",
  },
  {
    recording: "invalid/ajv-stricter/size-empty.json",
    stricter: "ajv",
    rule: "type: integer on an empty query value (size=)",
    ajv: 'rejects "" as not an integer',
    prism: "treats size= as an absent (optional) parameter",
  },
  {
    recording: "invalid/ajv-stricter/retry-after-empty.json",
    stricter: "ajv",
    rule: 'type: integer on an empty response header (Retry-After: "")',
    ajv: 'rejects "" as not an integer',
    prism: "skips an empty response header value",
  },
  {
    recording: "prism-stricter/size-parameter-in-upper-case.json",
    stricter: "prism",
    rule: "query parameter names (SIZE=-1)",
    ajv: "OpenAPI query names are case-sensitive: SIZE is not size, so nothing is checked",
    prism: "matches names case-insensitively and rejects -1 (minimum 0)",
  },
];

const validator = new SpecValidator(loadSpec(SPEC));
const recordings = await loadRecordings();
const cases = recordings.flatMap((r) =>
  r.parsed.ok
    ? r.parsed.exchanges
        .map(({ exchange, entry }, index) => ({ recording: r.name, index, entry, exchange }))
        .filter(({ exchange }) => validator.hasOperation(exchange.request.method, exchange.request.url))
    : [],
);

let proxy: ReplayProxy;
beforeAll(async () => {
  proxy = await startReplayProxy(
    recordings.flatMap((r) =>
      r.parsed.ok ? [{ id: r.name, exchanges: r.parsed.exchanges.map((e) => e.exchange) }] : [],
    ),
  );
});
afterAll(async () => {
  await proxy?.stop();
});

function ajvVerdict(recording: string, exchange: Exchange, entry: number | undefined) {
  const violations = checkExchange(validator, exchange, entry);
  return {
    valid: violations.length === 0,
    text:
      violations.length === 0
        ? "accepted"
        : `rejected: ${violations.map((v) => describeViolation(recording, v)).join("; ")}`,
  };
}

describe("Ajv (JSON Schema 2020-12) and Prism (proxy --errors) give the same verdict on every recorded exchange", () => {
  it("replays every recording (every HAR entry for the spec's operation included)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(recordings.length);
    expect(new Set(cases.map((c) => c.recording)).size).toBe(recordings.length);
  });

  const agreeing = cases.filter((c) => !DIFFERENCES.some((d) => d.recording === c.recording));
  it.each(
    agreeing.map((c) => [`${c.recording}${c.entry === undefined ? "" : ` entry ${c.entry}`}`, c] as const),
  )("%s", async (_, c) => {
    const ajv = ajvVerdict(c.recording, c.exchange, c.entry);
    const prism: PrismVerdict = await proxy.send(c.recording, c.index, c.exchange);
    expect(prism.valid, `Ajv ${ajv.text}\nPrism ${describeVerdict(prism)}`).toBe(ajv.valid);
  });
});

describe("where the verdicts differ, and why (the table above)", () => {
  it("the table names exactly the recordings in invalid/ajv-stricter/ and prism-stricter/", () => {
    const inFolders = recordings
      .filter((r) => r.folder === "invalid/ajv-stricter" || r.folder === "prism-stricter")
      .map((r) => r.name)
      .sort();
    expect(DIFFERENCES.map((d) => d.recording).sort()).toEqual(inFolders);
  });

  it.each(DIFFERENCES.map((d) => [`${d.stricter} is stricter on ${d.rule}`, d] as const))(
    "%s",
    async (_, d) => {
      const c = cases.find((x) => x.recording === d.recording);
      expect(c, `${d.recording} is a recording of the operation`).toBeDefined();
      if (!c) return;
      const ajv = ajvVerdict(c.recording, c.exchange, c.entry);
      const prism = await proxy.send(c.recording, c.index, c.exchange);
      const detail = `Ajv ${ajv.text}\nPrism ${describeVerdict(prism)}`;
      expect({ ajvValid: ajv.valid, prismValid: prism.valid }, detail).toEqual(
        d.stricter === "ajv" ? { ajvValid: false, prismValid: true } : { ajvValid: true, prismValid: false },
      );
    },
  );
});
