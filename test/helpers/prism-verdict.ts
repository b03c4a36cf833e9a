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
