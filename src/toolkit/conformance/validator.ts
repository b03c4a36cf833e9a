// Checks requests and responses against the compiled spec (compile.ts makes the rules, rules.ts
// says what they are; this module turns Ajv's errors into violations a person can act on).
import type { ErrorObject } from "ajv/dist/2020.js";
import { type CompiledSpec, compileSpec } from "./compile.js";
import { DriftModel } from "./drift.js";
import { escapePointer, valueAt } from "./json-pointer.js";
import {
  findOperation,
  lowerCaseKeys,
  mediaTypeMatches,
  type OperationRule,
  pathOf,
  responseRuleFor,
  statusKeyFor,
} from "./rules.js";
import type { OpenApiDocument } from "./spec.js";
import { preview, type Violation } from "./violation.js";

export { valueAt } from "./json-pointer.js";
export { pathOf } from "./rules.js";

/** A response to check: what came back for `method path`. */
export interface ResponseToCheck {
  method: string;
  /** The URL or just its path; host and query are ignored. */
  url: string;
  status: number;
  /** Header names in any case. */
  headers?: Record<string, string>;
  /** The parsed JSON body; `undefined` when there was none. */
  body?: unknown;
}

/** A request to check: the parameters the client sent. */
export interface RequestToCheck {
  method: string;
  /** The URL or a host-less URI with its query string. */
  url: string;
  /** Header names in any case. */
  headers?: Record<string, string>;
}

/** An operation of the spec, as the checker sees it. */
export interface OperationSummary {
  method: string;
  path: string;
  operationId: string | undefined;
  statuses: string[];
}

/**
 * Checks responses against an OpenAPI 3.1 document with Ajv (JSON Schema 2020-12, all formats, all
 * errors). Every validator, one per operation, status and declared header, is compiled once when
 * the checker is built and reused for every response. It holds what the spec says, never what a
 * check saw: any number of checks, in any order, can share one.
 */
export class SpecValidator {
  readonly #compiled: CompiledSpec;
  readonly #operations: OperationRule[];
  #drift: DriftModel | undefined;

  constructor(readonly document: OpenApiDocument) {
    this.#compiled = compileSpec(document);
    this.#operations = this.#compiled.operations;
  }

  /** The spec's responses as drift compares recordings with them, derived on first use. */
  get drift(): DriftModel {
    this.#drift ??= new DriftModel(this.document, this.#operations);
    return this.#drift;
  }

  /** The operations and their declared statuses. */
  operations(): OperationSummary[] {
    return this.#operations.map((op) => ({
      method: op.method.toUpperCase(),
      path: op.template,
      operationId: op.operationId,
      statuses: [...op.responses.keys()],
    }));
  }

  /** Whether the spec has an operation for `method url` (host and query ignored). */
  hasOperation(method: string, url: string): boolean {
    return this.#find(method, url) !== undefined;
  }

  /** The operation `method url` is an instance of, and the status key its response falls under. */
  operationOf(
    method: string,
    url: string,
    status?: number,
  ): { operation: OperationSummary; status?: string } | undefined {
    const op = this.#find(method, url);
    if (!op) return undefined;
    const operation = {
      method: op.method.toUpperCase(),
      path: op.template,
      operationId: op.operationId,
      statuses: [...op.responses.keys()],
    };
    const key = status === undefined ? undefined : statusKeyFor(op, status);
    return key === undefined ? { operation } : { operation, status: key };
  }

  /**
   * Checks a request's query parameters and headers against the operation's parameters: required
   * ones are present, each value matches its schema, and a JSON-in-query parameter's content
   * matches its `contentSchema`. Undeclared parameters are allowed (servers ignore them).
   */
  checkRequest(request: RequestToCheck): Violation[] {
    const op = this.#find(request.method, request.url);
    if (!op) return this.checkResponse({ ...request, status: 0 }).filter((v) => v.location === "request");
    const query = new URLSearchParams(/\?(.*)$/s.exec(request.url.split("#", 1)[0] ?? "")?.[1] ?? "");
    const headers = lowerCaseKeys(request.headers ?? {});
    const violations: Violation[] = [];
    for (const p of op.parameters) {
      const value = p.in === "query" ? (query.get(p.name) ?? undefined) : headers[p.name.toLowerCase()];
      const where = `${p.in} parameter ${p.name}`;
      if (value === undefined) {
        if (p.required)
          violations.push({
            location: "request",
            pointer: p.name,
            message: `${where} is required but missing`,
            schemaPath: p.schemaPath,
          });
        continue;
      }
      const typed = p.numeric && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
      for (const error of p.validate && !p.validate(typed) ? (p.validate.errors ?? []) : []) {
        violations.push({
          location: "request",
          pointer: p.name,
          message: `${where} ${error.message ?? "is invalid"} (got ${JSON.stringify(value)})`,
          schemaPath: this.#schemaPathOf(error),
          ...expectedOf(error),
          actual: preview(value),
        });
      }
      if (!p.validateContent) continue;
      let content: unknown;
      try {
        content = JSON.parse(value);
      } catch {
        violations.push({
          location: "request",
          pointer: p.name,
          message: `${where} must be JSON text (got ${JSON.stringify(preview(value))})`,
          schemaPath: `${p.schemaPath}/schema/contentMediaType`,
          actual: preview(value),
        });
        continue;
      }
      for (const error of p.validateContent(content) ? [] : (p.validateContent.errors ?? [])) {
        violations.push({
          location: "request",
          pointer: `${p.name}${error.instancePath}`,
          message: `${where}: its JSON ${error.instancePath || "value"} ${error.message ?? "is invalid"}`,
          schemaPath: this.#schemaPathOf(error),
          ...expectedOf(error),
          actual: preview(valueAt(content, error.instancePath)),
        });
      }
    }
    return violations;
  }

  /**
   * Checks a value against one of the spec's component schemas (`Customer`), for payloads of
   * operations the spec does not describe; an empty array means it conforms.
   */
  checkSchema(component: string, value: unknown): Violation[] {
    const validate = this.#compiled.componentSchema(component);
    if (!validate) throw new Error(`the spec has no component schema ${JSON.stringify(component)}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => ({
      ...bodyViolation(error, value),
      schemaPath: this.#schemaPathOf(error),
    }));
  }

  /** Checks one response; an empty array means it conforms. */
  checkResponse(response: ResponseToCheck): Violation[] {
    const path = pathOf(response.url);
    const op = this.#find(response.method, response.url);
    if (!op) {
      return [
        {
          location: "request",
          pointer: "",
          message: `${response.method.toUpperCase()} ${path} is not an operation of the spec (it has ${this.operations()
            .map((o) => `${o.method} ${o.path}`)
            .join(", ")})`,
          schemaPath: "#/paths",
          actual: `${response.method.toUpperCase()} ${path}`,
        },
      ];
    }
    const rule = responseRuleFor(op, response.status);
    const opName = `${op.method.toUpperCase()} ${op.template}`;
    if (!rule) {
      return [
        {
          location: "status",
          pointer: "",
          message: `status ${response.status} is not declared for ${opName} (declared: ${[...op.responses.keys()].join(", ")})`,
          schemaPath: `#/paths/${escapePointer(op.template)}/${op.method}/responses`,
          expected: [...op.responses.keys()],
          actual: response.status,
        },
      ];
    }
    const violations: Violation[] = [];
    const headers = lowerCaseKeys(response.headers ?? {});
    for (const header of rule.headers) {
      const value = headers[header.name.toLowerCase()];
      const headerPath = `${rule.schemaPath}/headers/${escapePointer(header.name)}`;
      if (value === undefined) {
        if (header.required) {
          violations.push({
            location: "headers",
            pointer: header.name,
            message: `response header ${header.name} is required for ${response.status} but missing`,
            schemaPath: headerPath,
          });
        }
        continue;
      }
      const typed = header.numeric && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
      if (header.validate && !header.validate(typed)) {
        for (const error of header.validate.errors ?? []) {
          violations.push({
            location: "headers",
            pointer: header.name,
            message: `response header ${header.name} ${error.message ?? "is invalid"} (got ${JSON.stringify(value)})`,
            schemaPath: this.#schemaPathOf(error),
            ...expectedOf(error),
            actual: value,
          });
        }
      }
    }
    if (rule.mediaTypes.length === 0) return violations;
    const contentType = headers["content-type"];
    if (contentType !== undefined && !rule.mediaTypes.some((m) => mediaTypeMatches(m, contentType))) {
      violations.push({
        location: "headers",
        pointer: "Content-Type",
        message: `Content-Type ${contentType} is not one the spec declares for ${response.status} (${rule.mediaTypes.join(", ")})`,
        schemaPath: `${rule.schemaPath}/content`,
        expected: rule.mediaTypes,
        actual: contentType,
      });
    }
    if (response.body === undefined) {
      violations.push({
        location: "body",
        pointer: "",
        message: `the ${response.status} response has no body, but the spec declares ${rule.mediaTypes.join(", ")} content`,
        schemaPath: `${rule.schemaPath}/content`,
      });
      return violations;
    }
    if (rule.validate && !rule.validate(response.body)) {
      for (const error of rule.validate.errors ?? []) {
        violations.push({ ...bodyViolation(error, response.body), schemaPath: this.#schemaPathOf(error) });
      }
    }
    return violations;
  }

  #schemaPathOf(error: ErrorObject): string {
    return this.#compiled.schemaPathOf(error);
  }

  #find(method: string, url: string): OperationRule | undefined {
    return findOperation(this.#operations, method, url);
  }
}

function bodyViolation(error: ErrorObject, body: unknown): Omit<Violation, "schemaPath"> {
  const pointer =
    error.instancePath +
    (error.keyword === "required" ? `/${escapePointer(String(error.params.missingProperty))}` : "");
  const at = error.instancePath === "" ? "the body" : error.instancePath;
  const message =
    error.keyword === "required"
      ? `${pointer}: required property is missing`
      : error.keyword === "type"
        ? `${at}: must be ${String(error.params.type)}, got ${describe(valueAt(body, error.instancePath))}`
        : `${at}: ${error.message ?? "is invalid"}`;
  return {
    location: "body",
    pointer,
    message,
    ...expectedOf(error),
    ...(error.keyword === "required" ? {} : { actual: preview(valueAt(body, error.instancePath)) }),
  };
}

function expectedOf(error: ErrorObject): { expected?: unknown } {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "type":
      return { expected: p.type };
    case "required":
      return { expected: `property ${String(p.missingProperty)}` };
    case "enum":
      return { expected: p.allowedValues };
    case "const":
      return { expected: p.allowedValue };
    case "format":
      return { expected: `format ${String(p.format)}` };
    case "pattern":
      return { expected: `pattern ${String(p.pattern)}` };
    case "minimum":
    case "maximum":
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
      return { expected: `${error.keyword} ${String(p.limit)}` };
    default:
      return {};
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const shown = preview(value);
  return typeof value === "object" ? "object" : `${typeof value} ${JSON.stringify(shown)}`;
}
