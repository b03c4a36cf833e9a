/** One problem Prism reported, from its `sl-violations` header or its problem+json body. */
export interface PrismViolation {
  /** Where, as Prism says it: `["response","body","items","0","id"]`, `["query","size"]`, … */
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** Prism's verdict on one exchange that went through it. */
export interface PrismVerdict {
  /** True when Prism found nothing wrong (no violation, not even a warning, and no Prism error). */
  valid: boolean;
  violations: PrismViolation[];
  /** The status the caller received (Prism's own 422/500 when `--errors` rejected the exchange). */
  status: number;
  /** A Prism error that is not a schema violation (e.g. `FetchError` for a body that is not JSON). */
  error?: string;
}

/** The violations in an `sl-violations` header (absent or empty: none). */
export function violationsOf(headers: Headers): PrismViolation[] {
  const raw = headers.get("sl-violations");
  if (raw === null || raw.trim() === "") return [];
  const parsed = JSON.parse(raw) as PrismViolation[];
  return Array.isArray(parsed) ? parsed : [];
}

/**
 * Reads Prism's verdict from a response that came through `prism proxy --errors` or `prism mock`.
 * A request Prism rejects comes back as 422 problem+json, a response it rejects as 500 problem+json
 * (with `sl-violations`), an undeclared status passes with a warning in `sl-violations`, and an
 * upstream body that is not JSON becomes a problem+json `FetchError`.
 */
export async function verdictOf(response: Response): Promise<PrismVerdict> {
  const violations = violationsOf(response.headers);
  const contentType = response.headers.get("content-type") ?? "";
  let error: string | undefined;
  if (contentType.startsWith("application/problem+json")) {
    const problem = (await response.json()) as {
      type?: string;
      title?: string;
      validation?: Array<{ location?: string[]; severity?: string; code?: string; message?: string }>;
    };
    for (const v of problem.validation ?? []) {
      const location = v.location ?? [];
      if (violations.some((known) => known.message === v.message)) continue;
      violations.push({
        location: location[0] === "query" || location[0] === "header" ? ["request", ...location] : location,
        severity: v.severity ?? "Error",
        ...(v.code === undefined ? {} : { code: v.code }),
        message: v.message ?? "",
      });
    }
    if (violations.length === 0) error = `${problem.type ?? "prism error"}: ${problem.title ?? ""}`;
  } else {
    await response.arrayBuffer();
  }
  return {
    valid: violations.length === 0 && error === undefined,
    violations,
    status: response.status,
    ...(error === undefined ? {} : { error }),
  };
}

/** A one-line summary of a verdict, for assertion messages. */
export function describeVerdict(verdict: PrismVerdict): string {
  if (verdict.valid) return `accepted (status ${verdict.status})`;
  const parts = verdict.violations.map((v) => `${v.location.join(".")}: ${v.message}`);
  if (verdict.error) parts.push(verdict.error);
  return `rejected (status ${verdict.status}): ${parts.join("; ")}`;
}

/** Where a problem is, in the terms of `Violation`: `{location, pointer}`. */
export interface Site {
  location: "request" | "status" | "headers" | "body";
  /** JSON pointer into the body, or the parameter/header name (lower case); `""` for the whole. */
  pointer: string;
}

/**
 * Translates Prism's verdict into sites comparable with Ajv's violations: `response.body.items.0`
 * with "must have required property 'id'" becomes `body /items/0/id`, a status Prism cannot match
 * becomes `status`, a body Prism could not parse becomes `body` (whole).
 */
export function prismSites(verdict: PrismVerdict): Site[] {
  const sites: Site[] = verdict.violations.map((v) => {
    const [first, second, ...rest] = v.location;
    if (first === "request")
      return { location: "request", pointer: (rest.at(-1) ?? second ?? "").toLowerCase() };
    if (first === "response" && second === "header")
      return { location: "headers", pointer: (rest[0] ?? "").toLowerCase() };
    if (first === "response" && second === "body") {
      const missing = v.code === "required" ? /required property '([^']+)'/.exec(v.message)?.[1] : undefined;
      const path = missing === undefined ? rest : [...rest, missing];
      return {
        location: "body",
        pointer: path.map((p) => `/${p.replace(/~/g, "~0").replace(/\//g, "~1")}`).join(""),
      };
    }
    if (/status code/i.test(v.message)) return { location: "status", pointer: "" };
    if (/media type/i.test(v.message)) return { location: "headers", pointer: "content-type" };
    return { location: "body", pointer: "" };
  });
  if (verdict.error !== undefined) sites.push({ location: "body", pointer: "" });
  return sites;
}
