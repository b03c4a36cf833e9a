// The client step of `conformance`: the typed client walked through Prism, with every exchange it
// makes checked twice, by Prism (its `sl-violations` header; its violation errors) and by the
// compiled validator.
//
//   mock:   the stateful mock (`startMock` on the spec being checked): every page, each filter
//           field, every declared error status and a fault schedule the client retries, against
//           the mock's own data set;
//   target: `prism proxy --errors` in front of a live or staging API, walking up to N pages.

import {
  type Customer,
  type CustomerFilterField,
  createPartnerCenterClient,
  type FetchLike,
  type PartnerCenterClient,
  PartnerCenterError,
} from "partner-center-customers";
import type { DataSet, Fault } from "partner-center-customers/mock";
import { redactToken } from "partner-center-customers/redact";
import { plural } from "../../../conformance/report.js";
import type { SpecValidator } from "../../../conformance/validator.js";
import { startPrism } from "../../../mock/prism.js";
import { describePrismViolation, parsePrismViolations } from "../../../mock/prism-violations.js";
import { type MockServer, startMock } from "../../../mock/start-mock.js";
import { tapFetch } from "../../fetch-tap.js";
import type { StepOutcome } from "./step.js";

const OPERATION = { method: "GET", path: "/v1/customers" } as const;

/** About a dozen customers: several pages, and customers for a reseller and for the provider. */
const CUSTOMERS = 14;
/** The page size of the page and fault walks: several full pages and a short last one. */
const PAGE_SIZE = 3;
/** Retries at once: the scheduled faults say `Retry-After: 0`, so the step stays fast. */
const FAST_RETRY = { limit: 2, baseDelayMs: 10, maxDelayMs: 50 } as const;
const TOKEN = "conformance-mock-token";

/** What the fetch wrapper saw. */
interface Watch {
  requests: number;
  violations: string[];
  /** Violations a probe provokes on purpose: the 401 probe's request carries no bearer token. */
  expected: string[];
}

/**
 * A fetch that checks every exchange against the spec and Prism's verdict. `anonymous` removes
 * the `Authorization` header (the 401 probe); Prism's complaint about the missing security is then
 * expected, and kept apart from the violations.
 */
function watchingFetch(
  validator: SpecValidator,
  watch: Watch,
  options: { anonymous?: boolean } = {},
): FetchLike {
  const tapped = tapFetch(
    (request) => fetch(request),
    ({ request: sent, response, text }) => {
      watch.requests++;
      const label = `request ${watch.requests} (${new URL(sent.url).pathname}${new URL(sent.url).search})`;
      const requestHeaders = Object.fromEntries(sent.headers);
      for (const v of validator.checkRequest({ method: sent.method, url: sent.url, headers: requestHeaders }))
        watch.violations.push(`${label}: ${v.message}`);
      const prism = response.headers.get("sl-violations");
      if (prism) {
        for (const v of parsePrismViolations(prism)) {
          const line = `${label}: Prism: ${describePrismViolation(v)}`;
          if (options.anonymous && v.location[0] === "request" && /security/i.test(v.message))
            watch.expected.push(`${line} (the 401 probe sends no bearer token)`);
          else watch.violations.push(line);
        }
      }
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        watch.violations.push(`${label}: the ${response.status} response body is not JSON`);
      }
      const isPrismError =
        typeof body === "object" &&
        body !== null &&
        String((body as { type?: unknown }).type ?? "").startsWith("https://stoplight.io/prism/errors");
      if (!isPrismError) {
        for (const v of validator.checkResponse({
          method: sent.method,
          url: sent.url,
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body,
        }))
          watch.violations.push(`${label}: ${response.status} response: ${v.message}`);
      } else if (!prism) {
        const detail = (body as { detail?: unknown; title?: unknown }).title ?? "an error";
        watch.violations.push(`${label}: Prism answered ${response.status}: ${String(detail)}`);
      }
    },
  );
  if (!options.anonymous) return tapped;
  return (request) => {
    const headers = new Headers(request.headers);
    headers.delete("authorization");
    return tapped(new Request(request, { headers }));
  };
}

/**
 * An error status the walk provokes, and the `code` the client's error must carry: Partner
 * Center's error table (facts sheet: 800001 "Partner Token missing in request context", 800002
 * "Invalid request input", 800003, 2032 "Access denied", 1000 NotFound), 2000 "Tenant Id must be a
 * GUID." (verify-indirect-reseller-mpa-status), none for the API gateway's 429 body. The mock
 * answers them so (the toolkit README, "mock").
 */
interface ErrorProbe {
  readonly status: number;
  /** What provokes it, for the report. */
  readonly what: string;
  readonly code: number | undefined;
}

/** The probes a scheduled fault answers, in the order they are sent (request 1, 2, …). */
const FAULT_PROBES: ReadonlyArray<ErrorProbe & { readonly fault: (at: number) => Fault }> = [
  { status: 403, what: "the 403@N fault", code: 2032, fault: (at) => ({ kind: "403", at }) },
  { status: 404, what: "the 404@N fault", code: 1000, fault: (at) => ({ kind: "404", at }) },
  {
    status: 429,
    what: "the 429@N:0s fault",
    code: undefined,
    fault: (at) => ({ kind: "429", at, retryAfterSeconds: 0 }),
  },
  { status: 500, what: "the 500@N fault", code: 800003, fault: (at) => ({ kind: "500", at }) },
  {
    status: 503,
    what: "the 503@N:0s fault",
    code: 800003,
    fault: (at) => ({ kind: "503", at, retryAfterSeconds: 0 }),
  },
];

/** The probes a request provokes, sent after the scheduled faults. */
const REQUEST_PROBES: ReadonlyArray<
  ErrorProbe & {
    readonly anonymous?: boolean;
    readonly list: (pc: PartnerCenterClient) => AsyncIterable<unknown>;
  }
> = [
  {
    status: 400,
    what: "a bad filter (an IndirectReseller value that is not a tenant id)",
    code: 2000,
    list: (pc) =>
      pc.customers.list({ size: PAGE_SIZE, filter: { field: "IndirectReseller", value: "not-a-tenant-id" } }),
  },
  {
    status: 400,
    what: "an unknown continuation token",
    code: 800002,
    list: (pc) => pc.customers.list({ size: PAGE_SIZE, continuationToken: "AQAAAA==" }),
  },
  {
    status: 401,
    what: "no bearer token",
    code: 800001,
    anonymous: true,
    list: (pc) => pc.customers.list({ size: PAGE_SIZE }),
  },
];

/** The error statuses the spec declares for GET /v1/customers. */
function declaredErrors(validator: SpecValidator): number[] {
  const operation = validator
    .operations()
    .find((o) => o.method === OPERATION.method && o.path === OPERATION.path);
  return (operation?.statuses ?? []).filter((s) => /^[45]\d\d$/.test(s)).map(Number);
}

/** Runs one probe: the client must throw a `PartnerCenterError` with the probe's status and code. */
async function probe(p: ErrorProbe, walk: () => AsyncIterable<unknown>): Promise<string | undefined> {
  const name = `error ${p.status} (${p.what})`;
  try {
    for await (const _ of walk()) break;
    return `${name}: the client did not throw`;
  } catch (error) {
    if (!(error instanceof PartnerCenterError))
      return `${name}: the client threw ${(error as Error).name}, not a PartnerCenterError: ${(error as Error).message}`;
    if (error.status !== p.status)
      return `${name}: the client's error has status ${error.status}: ${error.message}`;
    if (error.code !== p.code)
      return `${name}: the client's error has code ${String(error.code)}, the documented one is ${String(p.code)}`;
    return undefined;
  }
}

/** Why `got` is not `expected` (lost, repeated, foreign or reordered ids), or undefined when it is. */
function idsDiffer(got: readonly string[], expected: readonly string[]): string | undefined {
  if (got.length === expected.length && got.every((id, i) => id === expected[i])) return undefined;
  const seen = new Set<string>();
  const repeated = got.filter((id) => seen.has(id) || !seen.add(id));
  const lost = expected.filter((id) => !seen.has(id));
  const wanted = new Set(expected);
  const foreign = got.filter((id) => !wanted.has(id));
  const few = (ids: string[]) => `${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ", …" : ""}`;
  const why = [
    lost.length > 0 && `lost ${lost.length} (${few(lost)})`,
    repeated.length > 0 && `repeated ${repeated.length} (${few(repeated)})`,
    foreign.length > 0 && `${foreign.length} it should not have (${few(foreign)})`,
  ].filter(Boolean);
  return `the client listed ${got.length} customers, expected ${expected.length}: ${why.join(", ") || "in another order"}`;
}

/** One walk per documented filter field, with a value that matches some of the data set. */
function filterPlan(data: DataSet): Array<{ field: CustomerFilterField; value: string; expected: string[] }> {
  const prefixed = (field: "CompanyName" | "Domain", of: (c: Customer) => string) => {
    // The two-letter prefix most customers share (the first in paging order on a tie).
    const counts = new Map<string, number>();
    for (const c of data.customers) {
      const key = of(c).slice(0, 2).toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const best = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a), ["", 0])[0];
    const value = of(data.customers.find((c) => of(c).toLowerCase().startsWith(best)) as Customer).slice(
      0,
      2,
    );
    const expected = data.customers.filter((c) => of(c).toLowerCase().startsWith(best)).map((c) => c.id);
    return { field, value, expected };
  };
  const associated = (
    field: "IndirectReseller" | "IndirectCloudSolutionProvider",
    partners: readonly string[],
  ) => {
    const of = (partner: string) =>
      data.customers
        .filter((c) => c.associatedPartnerId?.toLowerCase() === partner.toLowerCase())
        .map((c) => c.id);
    const value = partners.reduce((a, b) => (of(b).length > of(a).length ? b : a), partners[0] ?? "");
    return { field, value, expected: of(value) };
  };
  return [
    prefixed("CompanyName", (c) => c.companyProfile.companyName ?? ""),
    prefixed("Domain", (c) => c.companyProfile.domain),
    associated("IndirectReseller", data.resellers),
    associated("IndirectCloudSolutionProvider", data.providers),
  ];
}

/**
 * Walks the client through the stateful mock on `spec` (one `startMock`, stopped in any case):
 * the scheduled error faults, a walk through a 429 and a 503 it retries, every page, each filter
 * field, and the errors a request provokes (400, 401). Faults count every request from the first,
 * so they come first, in the order the schedule is built.
 */
export async function walkMock(options: { validator: SpecValidator; spec: string }): Promise<StepOutcome> {
  const { validator } = options;
  const declared = new Set(declaredErrors(validator));
  const faultProbes = FAULT_PROBES.filter((p) => declared.has(p.status));
  const requestProbes = REQUEST_PROBES.filter((p) => declared.has(p.status));
  const faults: Fault[] = faultProbes.map((p, i) => p.fault(i + 1));
  // The fault walk starts at the next request: its first page is answered, then the first
  // attempt at each further page meets a fault in turn, and its retry is answered.
  const walkStart = faults.length + 1;
  const retried = [429, 503].filter((s) => declared.has(s));
  retried.forEach((status, i) => {
    const at = walkStart + 1 + 2 * i;
    faults.push(
      status === 429 ? { kind: "429", at, retryAfterSeconds: 0 } : { kind: "503", at, retryAfterSeconds: 0 },
    );
  });

  const mock: MockServer = await startMock({ customers: CUSTOMERS, spec: options.spec, faults });
  const watch: Watch = { requests: 0, violations: [], expected: [] };
  const failures: string[] = [];
  // What each part found, for the counts line (a part the walk did not reach is left out).
  const done: { pages?: string; filters?: string; faults?: string } = {};
  const client = (settings: { retry?: boolean; anonymous?: boolean } = {}) =>
    createPartnerCenterClient({
      token: TOKEN,
      baseUrl: mock.url,
      retry: settings.retry ? FAST_RETRY : false,
      fetch: watchingFetch(validator, watch, { anonymous: settings.anonymous ?? false }),
    });
  const all = mock.dataSet.customers.map((c) => c.id);
  let section = "errors";
  let errorsOk = 0;
  try {
    // 1. The scheduled error faults, one request each: no retries, so each reaches the caller.
    for (const p of faultProbes) {
      const failure = await probe(p, () => client().customers.list({ size: PAGE_SIZE }));
      if (failure) failures.push(failure);
      else errorsOk++;
    }

    // 2. The fault walk: a 429 and a 503 on the way, each retried, no customer lost or repeated.
    section = "faults";
    const from = mock.requests.length;
    const through: string[] = [];
    for await (const c of client({ retry: true }).customers.list({ size: PAGE_SIZE })) through.push(c.id);
    const met = mock.requests.slice(from).filter((r) => r.fault !== undefined && retried.includes(r.status));
    const faultsWrong = idsDiffer(through, all);
    if (faultsWrong) failures.push(`faults: ${faultsWrong}`);
    if (met.length !== retried.length)
      failures.push(
        `faults: the walk met ${met.length} of the ${retried.length} scheduled faults (${retried.join(", ")}): the requests went out of step with the schedule`,
      );
    done.faults = `faults ${met.length} retried`;

    // 3. Every page: the data set, each customer once, in the mock's order.
    section = "pages";
    const ids: string[] = [];
    let pages = 0;
    for await (const page of client().customers.list({ size: PAGE_SIZE }).byPage()) {
      pages++;
      for (const c of page.items) ids.push(c.id);
    }
    const pagesWrong = idsDiffer(ids, all);
    if (pagesWrong) failures.push(`pages: ${pagesWrong}`);
    done.pages = `pages ${pages}/${ids.length} customers`;

    // 4. Each documented filter field: only the matches, all of them (one per page, so that the
    //    filtered next link, which has no /v1, is followed too).
    section = "filters";
    let filtersOk = 0;
    for (const { field, value, expected } of filterPlan(mock.dataSet)) {
      const name = `filter ${field} starts_with ${JSON.stringify(value)}`;
      if (expected.length === 0) {
        failures.push(`${name}: no customer of the mock's data set matches, so the filter is not checked`);
        continue;
      }
      const found: string[] = [];
      for await (const c of client().customers.list({ size: 1, filter: { field, value } })) found.push(c.id);
      const wrong = idsDiffer(found, expected);
      if (wrong) failures.push(`${name}: ${wrong}`);
      else filtersOk++;
    }
    done.filters = `filters ${filtersOk}`;

    // 5. The errors a request provokes.
    section = "errors";
    for (const p of requestProbes) {
      const failure = await probe(p, () => p.list(client({ anonymous: p.anonymous ?? false })));
      if (failure) failures.push(failure);
      else errorsOk++;
    }
  } catch (error) {
    const prismSaidWhy = prismRejected(error, watch);
    failures.push(
      prismSaidWhy
        ? `${section}: the walk stopped at request ${watch.requests}: the mock's response broke the spec, so Prism answered 500 with the violations below`
        : `${section}: the walk stopped: ${(error as Error).message}`,
    );
  } finally {
    await mock.close();
  }
  const probes = faultProbes.length + requestProbes.length;
  const probed = new Set([...faultProbes, ...requestProbes].map((p) => p.status));
  for (const status of declared) {
    if (!probed.has(status))
      failures.push(
        `error ${status}: the spec declares it for GET /v1/customers, but the mock has no way to answer it, so the client's handling of it is not checked`,
      );
  }
  const problems = [...failures, ...watch.violations];
  const expected =
    watch.expected.length === 0
      ? ""
      : ` (${watch.expected.length} expected: the 401 probe sends no bearer token)`;
  return {
    verdict: problems.length === 0 ? "pass" : "fail",
    counts: `${[done.pages, done.filters, `errors ${errorsOk}/${probes}`, done.faults].filter(Boolean).join(", ")}; ${plural(watch.requests, "request")}, ${plural(watch.violations.length, "violation")}${expected}`,
    details: [...problems, ...watch.expected.map((e) => `expected, not counted: ${e}`)],
  };
}

/** Walks the client through `prism proxy --errors` to `target`, for at most `maxPages` pages. */
export async function walkTarget(options: {
  validator: SpecValidator;
  spec: string;
  target: string;
  token: string;
  size: number;
  maxPages: number;
}): Promise<StepOutcome> {
  const { validator } = options;
  // The conformance command scrubs its whole report too; the token goes here already, so that no
  // caller of walkTarget ever holds it in a message.
  const redact = (text: string) => redactToken(text, options.token);
  const prism = await startPrism({
    mode: "proxy",
    spec: options.spec,
    upstream: options.target,
    errors: true,
  });
  const watch: Watch = { requests: 0, violations: [], expected: [] };
  const failures: string[] = [];
  let pages = 0;
  let customers = 0;
  try {
    const pc = createPartnerCenterClient({
      token: options.token,
      baseUrl: prism.url,
      // Prism answers a violation with a 500; retrying would only repeat it. A throttled endpoint
      // fails the walk with a message that says so.
      retry: false,
      fetch: watchingFetch(validator, watch),
    });
    for await (const page of pc.customers.list({ size: options.size }).byPage()) {
      pages++;
      customers += page.items.length;
      if (pages >= options.maxPages) break;
    }
  } catch (error) {
    const prismSaidWhy = prismRejected(error, watch);
    failures.push(
      prismSaidWhy
        ? `the client stopped at request ${watch.requests}: Prism (--errors) answered 500 for the violations below`
        : `the client failed: ${redact((error as Error).message)}`,
    );
  } finally {
    await prism.stop();
  }
  const problems = [...failures, ...watch.violations.map(redact)];
  return {
    verdict: problems.length === 0 ? "pass" : "fail",
    counts: `${plural(pages, "page")}, ${plural(customers, "customer")}; ${plural(watch.requests, "request")}, ${plural(watch.violations.length, "violation")}`,
    details: problems,
  };
}

/** Whether the walk stopped because Prism answered a violation with its 500 (the watch saw why). */
function prismRejected(error: unknown, watch: Watch): boolean {
  return (
    error instanceof PartnerCenterError &&
    error.status === 500 &&
    watch.violations.some((v) => v.includes("Prism"))
  );
}
