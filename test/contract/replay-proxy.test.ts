import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  type CustomerCollection,
  createPartnerCenterClient,
  NotFoundError,
  type PartnerCenterError,
  PermissionError,
  RateLimitError,
  ServerError,
} from "../../src/client/index.js";
import { type Exchange, loadSpec, responseBody, SpecValidator } from "../../src/toolkit/conformance/index.js";
import { capturingFetch, collect, rejectionOf } from "../helpers/capturing-fetch.js";
import { SPEC } from "../helpers/paths.js";
import { describeVerdict, prismSites } from "../helpers/prism-verdict.js";
import { loadRecordings, type Recording, siteOf, specExchanges } from "../helpers/recordings.js";
import { type ReplayProxy, startReplayProxy } from "../helpers/replay-proxy.js";
import { SCENARIO_HEADER } from "../helpers/replay-server.js";

const validator = new SpecValidator(loadSpec(SPEC));
const recordings = await loadRecordings();
const invalid = recordings.filter((r) => r.folder === "invalid");
const TOKEN = "contract-test-token";

const byName = (name: string): Recording => {
  const found = recordings.find((r) => r.name === name);
  if (!found) throw new Error(`no recording ${name}`);
  return found;
};
const exchangesOf = (...names: string[]): Exchange[] =>
  names.flatMap((name) => specExchanges(byName(name), validator).map(({ exchange }) => exchange));
const pageOf = (exchange: Exchange): CustomerCollection => {
  const parsed = responseBody(exchange);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.body as CustomerCollection;
};
const header = (headers: Record<string, string>, name: string): string | undefined =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

// The filtered walk is two files, one page each: replayed as one scenario.
const FILTERED_WALK = "walks/filtered-walk";
const FILTERED_PAGES = ["walks/filtered-walk.page-1.json", "walks/filtered-walk.page-2.json"];

let proxy: ReplayProxy;
beforeAll(async () => {
  proxy = await startReplayProxy([
    ...recordings.flatMap((r) =>
      r.parsed.ok ? [{ id: r.name, exchanges: r.parsed.exchanges.map((e) => e.exchange) }] : [],
    ),
    { id: FILTERED_WALK, exchanges: exchangesOf(...FILTERED_PAGES) },
  ]);
});
afterAll(async () => {
  await proxy?.stop();
});

describe("prism proxy --errors rejects every deliberately broken recording, at the place it is broken", () => {
  it("there are broken recordings for wrong types, missing properties, bad links, bad JSON, an undeclared status and a wrong Retry-After", () => {
    const whys = invalid.flatMap((r) => r.provenance?.expectedViolations ?? []);
    expect(whys.map((w) => w.keyword ?? w.location)).toEqual(
      expect.arrayContaining(["type", "required", "status", "body", "anyOf", "format", "minimum"]),
    );
    expect(invalid.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "invalid/next-link-headers-as-object.json",
        "invalid/next-link-header-without-key.json",
        "invalid/body-not-json.json",
        "invalid/undeclared-status-409.json",
        "invalid/retry-after-not-seconds.json",
        "invalid/walk-page-without-items.har",
      ]),
    );
  });

  it.each(
    invalid.map((r) => {
      const expected = r.provenance?.expectedViolations ?? [];
      return [`${r.name}: ${expected.map((e) => e.why).join("; ")}`, r, expected] as const;
    }),
  )("%s", async (_, recording, expected) => {
    const exchanges = specExchanges(recording, validator);
    const broken = new Set(expected.map((e) => e.entry));
    for (const [index, { exchange, entry }] of exchanges.entries()) {
      const verdict = await proxy.send(recording.name, entry ?? index, exchange);
      const sites = prismSites(verdict).map(siteOf);
      if (broken.has(entry)) {
        expect(verdict.valid, `Prism ${describeVerdict(verdict)}`).toBe(false);
        for (const e of expected.filter((x) => x.entry === entry)) {
          const want = siteOf({
            location: e.location,
            pointer:
              e.location === "request" || e.location === "headers" ? e.pointer.toLowerCase() : e.pointer,
          });
          expect(
            sites,
            `Prism should report ${want} (${e.why}); it said ${describeVerdict(verdict)}`,
          ).toContain(want);
        }
      } else {
        // The other pages of a broken walk are fine: Prism's rejection is about the broken one.
        expect(verdict.valid, `entry ${entry}: Prism ${describeVerdict(verdict)}`).toBe(true);
      }
    }
  });
});

/**
 * Runs a walk to its end. Prism's verdicts are asserted before the walk's outcome, so that a recording
 * that stops conforming fails with what Prism said (`response.body.items.0 must have required
 * property …`) rather than with the client's view of Prism's 500.
 */
async function walkAll<T>(
  iterable: AsyncIterable<T>,
  captured: Array<{ url: string; violations: unknown[] }>,
): Promise<T[]> {
  const items: T[] = [];
  let failure: unknown;
  try {
    for await (const item of iterable) items.push(item);
  } catch (error) {
    failure = error;
  }
  expect(captured.flatMap((r) => r.violations.map((v) => ({ url: r.url, violation: v })))).toEqual([]);
  expect(failure).toBeUndefined();
  return items;
}

/** A client whose every request goes through Prism to the replay server, answered from `scenario`. */
function clientFor(scenario: string) {
  const { fetch, captured } = capturingFetch(() => ({ [SCENARIO_HEADER]: scenario }));
  const pc = createPartnerCenterClient({ token: TOKEN, baseUrl: proxy.url, retry: false, fetch });
  return { pc, captured };
}

describe("the client walks recorded pages through prism proxy --errors", () => {
  it("the three-page walk (HAR): every customer of every page, each seek sending the recorded token", async () => {
    const recorded = exchangesOf("walks/three-page-walk.har");
    const { pc, captured } = clientFor("walks/three-page-walk.har");
    const customers = await walkAll(pc.customers.list({ size: 2 }), captured);
    expect(customers).toEqual(recorded.flatMap((e) => pageOf(e).items));
    expect(customers).toHaveLength(5);
    expect(captured.map((r) => [r.status, r.violations])).toEqual([
      [200, []],
      [200, []],
      [200, []],
    ]);
    expect(captured.map((r) => r.headers["ms-continuationtoken"])).toEqual(
      recorded.map((e) => header(e.request.headers, "ms-continuationtoken")),
    );
    expect(captured.map((r) => new URL(r.url).search)).toEqual(
      recorded.map((e) => new URL(e.request.url).search),
    );
  });

  it("the filtered walk: the filter goes as recorded and the next link, which lacks /v1, is followed with /v1", async () => {
    const recorded = exchangesOf(...FILTERED_PAGES);
    const { pc, captured } = clientFor(FILTERED_WALK);
    const customers = await walkAll(
      pc.customers.list({ size: 2, filter: { field: "CompanyName", value: "Cont" } }),
      captured,
    );
    expect(customers.map((c) => c.companyProfile.companyName)).toEqual([
      "Contoso Ltd",
      "Contoso Pharmaceuticals",
      "Contoso Retail",
    ]);
    expect(captured.map((r) => r.status)).toEqual([200, 200]);
    const next = pageOf(recorded[0] as Exchange).links?.next;
    expect(next?.uri.startsWith("/customers?")).toBe(true);
    expect(new URL(captured[1]?.url ?? "").pathname + new URL(captured[1]?.url ?? "").search).toBe(
      `/v1${next?.uri}`,
    );
  });

  it("the empty result: no customer, and no second request", async () => {
    const recorded = exchangesOf("walks/empty-result.json")[0] as Exchange;
    const filter = JSON.parse(new URL(recorded.request.url).searchParams.get("filter") ?? "{}") as {
      Field: "Domain";
      Value: string;
    };
    const { pc, captured } = clientFor("walks/empty-result.json");
    const list = pc.customers.list({ size: 40, filter: { field: filter.Field, value: filter.Value } });
    expect(await walkAll(list, captured)).toEqual([]);
    expect(captured).toHaveLength(1);
  });

  it("a walk whose second page breaks the spec stops there, after the first page, and Prism names what is missing", async () => {
    const { pc, captured } = clientFor("invalid/walk-page-without-items.har");
    const seen: string[] = [];
    const error = await rejectionOf(async () => {
      for await (const customer of pc.customers.list({ size: 2 }))
        seen.push(customer.companyProfile.companyName ?? "");
    });
    expect(seen).toEqual(["Contoso Ltd", "Fabrikam, Inc."]);
    expect(error).toBeInstanceOf(ServerError);
    expect(captured[1]?.violations.map((v) => [v.location.join("."), v.message])).toEqual([
      ["response.body", "Response body must have required property 'items'"],
    ]);
  });
});

describe("every recorded error reaches the caller as the right error, with the recorded fields", () => {
  const CLASSES: Record<number, typeof PartnerCenterError> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionError,
    404: NotFoundError,
    429: RateLimitError,
    500: ServerError,
    503: ServerError,
  };
  const errors = recordings
    .filter((r) => r.folder === "documented" || r.folder === "errors")
    .flatMap((r) => specExchanges(r, validator).map(({ exchange }) => ({ name: r.name, exchange })))
    .filter(({ exchange }) => exchange.response.status >= 400);

  it("covers every error status the spec declares", () => {
    expect([...new Set(errors.map((e) => e.exchange.response.status))].sort()).toEqual(
      Object.keys(CLASSES).map(Number),
    );
  });

  it.each(
    errors.map(
      (e) => [e.name, CLASSES[e.exchange.response.status]?.name ?? "PartnerCenterError", e] as const,
    ),
  )("%s is a %s", async (name, _, { exchange }) => {
    const { pc, captured } = clientFor(name);
    const size = Number(new URL(exchange.request.url).searchParams.get("size") ?? 0);
    const error = await rejectionOf(() => collect(pc.customers.list({ size })));
    const body = pageOf(exchange) as unknown as Record<string, unknown>;
    const retryAfter = header(exchange.response.headers, "retry-after");
    expect(captured[0]?.violations).toEqual([]);
    expect(error).toBeInstanceOf(CLASSES[exchange.response.status]);
    expect(error).toMatchObject({
      status: exchange.response.status,
      code: body.code,
      description: body.description ?? body.message,
      requestId: header(exchange.response.headers, "ms-requestid"),
      correlationId: header(exchange.response.headers, "ms-correlationid"),
      retryAfter: retryAfter === undefined ? undefined : Number(retryAfter),
    });
  });
});
