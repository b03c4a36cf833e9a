// The client step of `conformance`: the typed client walked through Prism, with every exchange it
// makes checked twice, by Prism (its `sl-violations` header; with --errors, its violation errors)
// and by the compiled validator.
//
//   mock:   paging (first → middle → last page examples), the filter, and every declared error
//           status (Prism's `Prefer: example=…` / `Prefer: code=…`), against expectations taken
//           from the spec's own examples;
//   target: `prism proxy --errors` in front of a live or staging API, walking up to N pages.

import { createPartnerCenterClient, type FetchLike, PartnerCenterError } from "partner-center-customers";
import { redactor } from "partner-center-customers/redact";
import { plural } from "../conformance/report.js";
import { resolveRef } from "../conformance/spec.js";
import type { SpecValidator } from "../conformance/validator.js";
import { startPrism } from "../mock/prism.js";
import type { StepOutcome } from "./commands/conformance/step.js";
import { tapFetch } from "./fetch-tap.js";

const OPERATION = { method: "GET", path: "/v1/customers" } as const;

interface Examples {
  /** 200 examples by name: their item ids. */
  pages: Map<string, string[]>;
  /** Declared error statuses, with the example body's `code` when it has one. */
  errors: Array<{ status: number; code: unknown }>;
}

/** What the fetch wrapper saw. */
interface Watch {
  requests: number;
  violations: string[];
}

/** A fetch that checks every exchange against the spec and Prism's verdict, and can add headers. */
function watchingFetch(
  validator: SpecValidator,
  watch: Watch,
  extraHeaders: () => Record<string, string> = () => ({}),
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
        for (const v of parsePrismViolations(prism)) watch.violations.push(`${label}: Prism: ${v}`);
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
  return (request) => {
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(extraHeaders())) headers.set(name, value);
    return tapped(new Request(request, { headers }));
  };
}

function parsePrismViolations(header: string): string[] {
  try {
    const list = JSON.parse(header) as Array<{ location?: string[]; message?: string }>;
    return list.map((v) => `${v.message ?? "violation"}${v.location ? ` at ${v.location.join(".")}` : ""}`);
  } catch {
    return [header];
  }
}

/** The spec's examples for GET /v1/customers. */
function examplesOf(validator: SpecValidator): Examples {
  const doc = validator.document;
  const operation = resolveRef<{ responses?: Record<string, unknown> }>(
    doc,
    doc.paths?.[OPERATION.path]?.get ?? {},
  );
  const pages = new Map<string, string[]>();
  const errors: Examples["errors"] = [];
  for (const [status, raw] of Object.entries(operation.responses ?? {})) {
    const response = resolveRef<{ content?: Record<string, { examples?: Record<string, unknown> }> }>(
      doc,
      raw,
    );
    const examples = Object.entries(response.content?.["application/json"]?.examples ?? {}).map(
      ([name, ex]) => [name, resolveRef<{ value?: unknown }>(doc, ex).value] as const,
    );
    if (status === "200") {
      for (const [name, value] of examples) {
        const items = (value as { items?: Array<{ id?: unknown }> } | undefined)?.items ?? [];
        pages.set(
          name,
          items.map((i) => String(i.id)),
        );
      }
    } else if (/^[45]\d\d$/.test(status)) {
      errors.push({
        status: Number(status),
        code: (examples[0]?.[1] as { code?: unknown } | undefined)?.code,
      });
    }
  }
  return { pages, errors };
}

/** Walks the client through a Prism mock of `spec`. */
export async function walkMock(options: { validator: SpecValidator; spec: string }): Promise<StepOutcome> {
  const { validator } = options;
  const examples = examplesOf(validator);
  const prism = await startPrism({ mode: "mock", spec: options.spec });
  const watch: Watch = { requests: 0, violations: [] };
  const failures: string[] = [];
  const done: string[] = [];
  try {
    const client = (prefer: () => string | undefined) =>
      createPartnerCenterClient({
        token: "conformance-mock-token",
        baseUrl: prism.url,
        retry: false,
        fetch: watchingFetch(validator, watch, () => {
          const value = prefer();
          return value === undefined ? {} : { prefer: value };
        }),
      });

    // 1. Paging: the first page example, then the middle one, then the last one (no next link).
    const plan = ["middlePage", "lastPage"].filter((name) => examples.pages.has(name));
    if (examples.pages.has("lastPage")) {
      let call = 0;
      const pc = client(() => {
        call++;
        return call === 1 ? undefined : `example=${plan[Math.min(call - 2, plan.length - 1)]}`;
      });
      const ids: string[] = [];
      let pages = 0;
      for await (const page of pc.customers.list({ size: 2 }).byPage()) {
        pages++;
        for (const c of page.items) ids.push(c.id);
        if (pages > 10) break;
      }
      const first = [...examples.pages.values()][0] ?? [];
      const expected = [...first, ...plan.flatMap((name) => examples.pages.get(name) ?? [])];
      if (JSON.stringify(ids) !== JSON.stringify(expected))
        failures.push(
          `paging: the client listed ${ids.length} customers over ${pages} pages, expected ${expected.length} (${expected.join(", ")})`,
        );
      else done.push(`paging ${pages} pages/${ids.length} customers`);
    } else {
      // Without a last-page example the mock's next link repeats forever: stop after one page.
      const pc = client(() => undefined);
      for await (const page of pc.customers.list({ size: 2 }).byPage()) {
        done.push(`first page ${page.items.length} customers (no lastPage example to end paging)`);
        break;
      }
    }

    // 2. The filter: the client's filter query must be valid for Prism and the spec.
    if (examples.pages.has("filteredPage")) {
      const pc = client(() => "example=filteredPage");
      const ids: string[] = [];
      for await (const c of pc.customers.list({ size: 0, filter: { field: "CompanyName", value: "Cont" } }))
        ids.push(c.id);
      const expected = examples.pages.get("filteredPage") ?? [];
      if (JSON.stringify(ids) !== JSON.stringify(expected))
        failures.push(
          `filter: the client listed ${ids.join(", ") || "nothing"}, expected ${expected.join(", ")}`,
        );
      else done.push(`filter ${ids.length} customers`);
    }

    // 3. Every declared error status becomes a PartnerCenterError with that status and code.
    let errorsOk = 0;
    for (const { status, code } of examples.errors) {
      const pc = client(() => `code=${status}`);
      try {
        for await (const _ of pc.customers.list({ size: 2 })) break;
        failures.push(`error ${status}: the client did not throw`);
      } catch (error) {
        if (!(error instanceof PartnerCenterError)) {
          failures.push(
            `error ${status}: the client threw ${(error as Error).name}, not a PartnerCenterError`,
          );
        } else if (error.status !== status) {
          failures.push(`error ${status}: the client's error has status ${error.status}`);
        } else if (code !== undefined && error.code !== code) {
          failures.push(
            `error ${status}: the client's error has code ${String(error.code)}, the example ${String(code)}`,
          );
        } else {
          errorsOk++;
        }
      }
    }
    if (examples.errors.length > 0) done.push(`errors ${errorsOk}/${examples.errors.length}`);
  } catch (error) {
    failures.push(`the walk failed: ${(error as Error).message}`);
  } finally {
    await prism.stop();
  }
  const problems = [...failures, ...watch.violations];
  return {
    verdict: problems.length === 0 ? "pass" : "fail",
    counts: `${done.join(", ")}; ${plural(watch.requests, "request")}, ${plural(watch.violations.length, "violation")}`,
    details: problems,
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
  const redact = redactor(options.token);
  const prism = await startPrism({
    mode: "proxy",
    spec: options.spec,
    upstream: options.target,
    errors: true,
  });
  const watch: Watch = { requests: 0, violations: [] };
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
    const prismSaidWhy =
      error instanceof PartnerCenterError &&
      error.status === 500 &&
      watch.violations.some((v) => v.includes("Prism"));
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
