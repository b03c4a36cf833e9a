import { describe, expect, it } from "vitest";
import type { components } from "../../generated/partner-center.js";
import {
  checkText,
  type Exchange,
  findSecrets,
  loadSpec,
  responseBody,
  SpecValidator,
  type Violation,
} from "../../src/toolkit/conformance/index.js";
import { normaliseText } from "../../src/toolkit/conformance/normalise.js";
import { SPEC } from "../helpers/paths.js";
import {
  declaredViolations,
  describeViolation,
  loadRecordings,
  matchesDeclared,
  type Recording,
  siteOf,
  specExchanges,
} from "../helpers/recordings.js";
import throttled from "../recordings/documented/api-throttling-guidance.429.json" with { type: "json" };
import extendedError from "../recordings/documented/confirm-customer-consent-customer-agreement.600061.json" with {
  type: "json",
};
import filteredPage from "../recordings/walks/filtered-walk.page-1.json" with { type: "json" };

const validator = new SpecValidator(loadSpec(SPEC));
const recordings = await loadRecordings();
const named = recordings.map((r) => [r.name, r] as const);

/** The verdict of Ajv on a recording, compared with what the recording declares. */
function compare(recording: Recording): { unexpected: string[]; missing: string[] } {
  const result = checkText(validator, recording.name, recording.text);
  const declared = declaredViolations(recording);
  const declaredSites = new Set(declared.map(siteOf));
  const unexpected = result.violations
    .filter((v) => !declaredSites.has(siteOf(v)))
    .map((v) => describeViolation(recording.name, v));
  const missing = declared
    .filter(
      (d) =>
        !matchesDeclared(
          d,
          result.violations.filter((v) => siteOf(v) === siteOf(d)),
        ),
    )
    .map(
      (d) =>
        `${recording.name}: expected a violation at ${siteOf(d)}${d.keyword ? ` (keyword ${d.keyword})` : ""}${d.fragment ? ` (message containing "${d.fragment}")` : ""}: ${d.why}; found ${
          result.violations.map((v) => describeViolation(recording.name, v)).join("; ") || "none"
        }`,
    );
  return { unexpected, missing };
}

describe("recordings are kept in normal form (test/recordings/README.md)", () => {
  it.each(named)("%s is in normal form (fix: npx tsx scripts/normalise-recordings.ts)", (_, recording) => {
    const normal = normaliseText(recording.text, recording.path);
    expect(normal.ok, normal.ok ? "" : normal.message).toBe(true);
    if (normal.ok) expect(recording.text).toBe(normal.text);
  });

  it.each(named)("%s holds no token, bearer credential or cookie", (_, recording) => {
    expect(findSecrets(recording.text)).toEqual([]);
  });

  it.each(named)("%s says where it came from", (_, recording) => {
    expect(recording.parsed.ok, recording.parsed.ok ? "" : recording.parsed.message).toBe(true);
    expect(recording.provenance?.source ?? "").not.toBe("");
  });
});

// The drift check: a spec change that breaks a recording, or a recording edited into something the
// spec does not allow, fails here with the file and the JSON pointer.
describe("every recording conforms to the spec (Ajv, JSON Schema 2020-12) or has exactly the violations it declares", () => {
  it.each(named)("%s", (_, recording) => {
    expect(compare(recording)).toEqual({ unexpected: [], missing: [] });
  });
});

describe("the recordings cover what a client meets", () => {
  const conforming = recordings.filter((r) => ["documented", "walks", "errors"].includes(r.folder));
  const exchanges = conforming.flatMap((r) =>
    specExchanges(r, validator).map(({ exchange }) => ({ exchange, body: bodyOf(exchange), name: r.name })),
  );

  it("every status the operation declares is recorded with a conforming response", () => {
    const declared = validator.operations()[0]?.statuses ?? [];
    const recorded = new Set(
      exchanges
        .filter(({ exchange }) => conforms(exchange))
        .map(({ exchange }) => String(exchange.response.status)),
    );
    expect(declared.filter((s) => !recorded.has(s))).toEqual([]);
  });

  it("every documented error shape is recorded: codes 3000, 2000, 60012, 1002, 2032, 800003 and the extended 600061", () => {
    const codes = new Set(exchanges.map(({ body }) => (body as { code?: unknown })?.code));
    for (const code of [3000, 2000, 60012, 1002, 2032, 800003, 600061])
      expect(codes, `code ${code}`).toContain(code);
    const extended = exchanges.find(({ body }) => (body as { code?: unknown })?.code === 600061)?.body;
    expect(extended).toMatchObject({ errorName: expect.any(String), isRetryable: false, parameters: {} });
    const licences = exchanges.find(({ body }) => (body as { code?: unknown })?.code === 60012)?.body as {
      data: unknown[];
      description: string;
    };
    expect(licences.data.every((d) => typeof d === "string")).toBe(true);
    expect(licences.description).toContain("&#39;");
  });

  it("the throttling response is the gateway's {statusCode, message} with a Retry-After in seconds", () => {
    const throttled = exchanges.filter(({ exchange }) => exchange.response.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const { exchange, body } of throttled) {
      expect(body).toEqual({ statusCode: 429, message: expect.any(String) });
      expect(exchange.response.headers["retry-after"]).toMatch(/^\d+$/);
    }
  });

  it("the three-page walk is a HAR file whose pages 2 and 3 send the token of the previous page's next link", () => {
    const har = recordings.find((r) => r.name === "walks/three-page-walk.har");
    expect(har?.parsed.ok && har.parsed.kind).toBe("har");
    const pages = har ? specExchanges(har, validator).map(({ exchange }) => exchange) : [];
    expect(pages).toHaveLength(3);
    for (const [i, page] of pages.entries()) {
      const previous = i === 0 ? undefined : (bodyOf(pages[i - 1] as Exchange) as PageBody);
      const token = previous?.links?.next?.headers.find((h) => h.key === "MS-ContinuationToken")?.value;
      expect(header(page, "ms-continuationtoken")).toBe(token);
    }
    expect((bodyOf(pages[2] as Exchange) as PageBody).links?.next).toBeUndefined();
  });

  it("a filtered walk and an empty result are recorded", () => {
    const filtered = exchanges.filter(({ exchange }) =>
      new URL(exchange.request.url).searchParams.has("filter"),
    );
    expect(filtered.some(({ body }) => (body as PageBody).links?.next !== undefined)).toBe(true);
    expect(
      exchanges.some(
        ({ body }) => (body as PageBody).totalCount === 0 && (body as PageBody).items?.length === 0,
      ),
    ).toBe(true);
  });

  it("every recording in invalid/ declares what is wrong with it; no other recording declares anything", () => {
    for (const r of recordings) {
      const expected = r.provenance?.expectedViolations ?? [];
      if (r.folder.startsWith("invalid")) expect(expected.length, r.name).toBeGreaterThan(0);
      else expect(expected, r.name).toEqual([]);
    }
  });
});

// The same drift check, shown failing: so that a green run above means something.
describe("a recording that stops conforming is reported with its file and pointer", () => {
  const page = recordings.find((r) => r.name === "walks/filtered-walk.page-1.json") as Recording;

  it("a customer that loses its required id names the file and /items/0/id", () => {
    const exchange = JSON.parse(page.text) as Exchange;
    delete (exchange.response.body as { items: Array<{ id?: string }> }).items[0]?.id;
    const broken = { ...page, text: JSON.stringify(exchange) };
    const { unexpected } = compare(broken);
    expect(unexpected).toEqual([
      `${page.name}: body /items/0/id: /items/0/id: required property is missing [schema #/components/schemas/Customer/required] expected "property id"`,
    ]);
  });

  it("a status the spec does not declare names the file and the status", () => {
    const exchange = JSON.parse(page.text) as Exchange;
    exchange.response.status = 418;
    const { unexpected } = compare({ ...page, text: JSON.stringify(exchange) });
    expect(unexpected).toHaveLength(1);
    expect(unexpected[0]).toMatch(
      /^walks\/filtered-walk\.page-1\.json: status \(whole\): status 418 is not declared/,
    );
  });

  it("a declared violation that is no longer there is reported too (an invalid recording that became valid)", () => {
    const invalid = recordings.find((r) => r.name === "invalid/total-count-as-string.json") as Recording;
    const exchange = JSON.parse(invalid.text) as Exchange;
    (exchange.response.body as { totalCount: unknown }).totalCount = 1;
    const { missing } = compare({ ...invalid, text: JSON.stringify(exchange) });
    expect(missing).toEqual([
      `${invalid.name}: expected a violation at body /totalCount (keyword type): totalCount must be an integer; found none`,
    ]);
  });
});

// The generated types against the recordings, checked by the compiler (`tsc --noEmit` is part of
// `npm test`): regenerating generated/ from a spec that no longer accepts these bodies breaks the build.
type Schemas = components["schemas"];
const typed: Array<
  [string, number, Schemas["CustomerCollection"] | Schemas["PartnerCenterError"] | Schemas["ThrottlingError"]]
> = [
  [
    "walks/filtered-walk.page-1.json",
    200,
    filteredPage.response.body satisfies Schemas["CustomerCollection"],
  ],
  [
    "documented/confirm-customer-consent-customer-agreement.600061.json",
    400,
    extendedError.response.body satisfies Schemas["PartnerCenterError"],
  ],
  [
    "documented/api-throttling-guidance.429.json",
    429,
    throttled.response.body satisfies Schemas["ThrottlingError"],
  ],
];

describe("the generated types accept the recorded bodies (compile time) that Ajv accepts (run time)", () => {
  it.each(typed)("%s", (_, status, body) => {
    expect(validator.checkResponse({ method: "GET", url: "/v1/customers", status, body })).toEqual([]);
  });
});

interface PageBody {
  totalCount?: number;
  items?: unknown[];
  links?: { next?: { headers: Array<{ key: string; value: string }> } };
}

function bodyOf(exchange: Exchange): unknown {
  const parsed = responseBody(exchange);
  return parsed.ok ? parsed.body : undefined;
}

function header(exchange: Exchange, name: string): string | undefined {
  return Object.entries(exchange.request.headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

function conforms(exchange: Exchange): boolean {
  const violations: Violation[] = validator.checkResponse({
    method: exchange.request.method,
    url: exchange.request.url,
    status: exchange.response.status,
    headers: exchange.response.headers,
    body: bodyOf(exchange),
  });
  return violations.length === 0;
}
