/**
 * Prism's verdict on an exchange, as its `sl-violations` response header lists it: read in this
 * one place by the mock (which turns a response violation into Prism's 500) and by the
 * conformance walks (which report every violation).
 */

/** One violation Prism reported. */
export interface PrismViolation {
  /** Where: `["request", "header", "x-locale"]`, `["response", "body", "items"]`, … */
  readonly location: readonly string[];
  /** `Error`, `Warning`, … as Prism says it. */
  readonly severity: string;
  readonly message: string;
}

/** More than Prism ever lists for one exchange; a header with more is cut here. */
const MAX_VIOLATIONS = 100;

/**
 * The violations in an `sl-violations` header: none for an absent or blank one; a header that is
 * not a JSON array is itself one error on the response, so that it is never read as "no violation".
 */
export function parsePrismViolations(raw: string | null | undefined): PrismViolation[] {
  if (raw === null || raw === undefined || raw.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed))
    return [
      {
        location: ["response"],
        severity: "Error",
        message: `Prism's sl-violations header is not a JSON array: ${raw.slice(0, 200)}`,
      },
    ];
  return parsed.slice(0, MAX_VIOLATIONS).map((item: unknown) => {
    const v = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    return {
      location: Array.isArray(v.location) ? v.location.map(String) : [],
      severity: String(v.severity ?? "Error"),
      message: String(v.message ?? "violation"),
    };
  });
}

/** A violation as a report line shows it: the message, then where (`… at request.header.x-locale`). */
export function describePrismViolation(violation: PrismViolation): string {
  return `${violation.message}${violation.location.length > 0 ? ` at ${violation.location.join(".")}` : ""}`;
}
