// The compiled form of the spec's operations, as the checker consults them: one rule per
// operation, status, declared header and parameter, each with its precompiled Ajv function, and
// how a recorded method and URL find their operation.
import type { ValidateFunction } from "ajv/dist/2020.js";

/** A response header the spec declares. */
export interface HeaderRule {
  name: string;
  required: boolean;
  validate: ValidateFunction | undefined;
  /** Whether its schema is a number, so that header text is compared as one. */
  numeric: boolean;
}

/** What the spec declares for one status of one operation. */
export interface ResponseRule {
  schemaPath: string;
  mediaTypes: string[];
  validate: ValidateFunction | undefined;
  headers: HeaderRule[];
}

/** A query or header parameter of an operation. */
export interface ParameterRule {
  name: string;
  in: "query" | "header";
  required: boolean;
  schemaPath: string;
  validate: ValidateFunction | undefined;
  /** For a JSON-in-a-string parameter (`contentMediaType: application/json`), its `contentSchema`. */
  validateContent: ValidateFunction | undefined;
  numeric: boolean;
}

/** One operation of the spec. */
export interface OperationRule {
  parameters: ParameterRule[];
  method: string;
  template: string;
  pattern: RegExp;
  operationId: string | undefined;
  responses: Map<string, ResponseRule>;
}

/** The operation for `method url` (host and query ignored), if the spec has one. */
export function findOperation(
  operations: readonly OperationRule[],
  method: string,
  url: string,
): OperationRule | undefined {
  const m = method.toLowerCase();
  const path = pathOf(url);
  return operations.find((o) => o.method === m && o.pattern.test(path));
}

/** The key a status falls under in an operation's responses: the exact code, its `4XX` range, `default`. */
export function statusKeyFor(op: OperationRule, status: number): string | undefined {
  return [String(status), `${String(status)[0]}XX`, "default"].find((key) => op.responses.has(key));
}

/** The rule for a status (see `statusKeyFor`). */
export function responseRuleFor(op: OperationRule, status: number): ResponseRule | undefined {
  const key = statusKeyFor(op, status);
  return key === undefined ? undefined : op.responses.get(key);
}

/** The path of a URL or of a host-less URI, without query or fragment. */
export function pathOf(url: string): string {
  const path = ABSOLUTE.test(url) ? absolutePath(url) : (url.split(/[?#]/, 1)[0] ?? "");
  return path.length > 1 ? path.replace(/\/+$/, "") : path || "/";
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

// A recording's URL is data: one that is not a valid URL (a bad host, say) still has a path.
function absolutePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return (
      url
        .replace(ABSOLUTE, "")
        .replace(/^[^/?#]*/, "")
        .split(/[?#]/, 1)[0] ?? ""
    );
  }
}

/** A path template (`/v1/customers/{id}`) as a pattern for concrete paths. */
export function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}/?$`);
}

/** Whether a response's Content-Type is one of a declared media type (ranges like `*\/*` too). */
export function mediaTypeMatches(declared: string, actual: string): boolean {
  const base = actual.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  const want = declared.toLowerCase();
  if (want === "*/*" || want === base) return true;
  if (want.endsWith("/*")) return base.startsWith(want.slice(0, -1));
  return false;
}

/** Headers keyed by their lower-case names. */
export function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
