import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { type OpenApiDocument, resolveRef } from "./spec.js";
import { preview, type Violation } from "./violation.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const SPEC_ID = "urn:partner-center-customers:spec";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

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

interface HeaderRule {
  name: string;
  required: boolean;
  validate: ValidateFunction | undefined;
  numeric: boolean;
}

interface ResponseRule {
  schemaPath: string;
  mediaTypes: string[];
  validate: ValidateFunction | undefined;
  headers: HeaderRule[];
}

interface ParameterRule {
  name: string;
  in: "query" | "header";
  required: boolean;
  schemaPath: string;
  validate: ValidateFunction | undefined;
  /** For a JSON-in-a-string parameter (`contentMediaType: application/json`), its `contentSchema`. */
  validateContent: ValidateFunction | undefined;
  numeric: boolean;
}

/** A request to check: the parameters the client sent. */
export interface RequestToCheck {
  method: string;
  /** The URL or a host-less URI with its query string. */
  url: string;
  /** Header names in any case. */
  headers?: Record<string, string>;
}

interface OperationRule {
  parameters: ParameterRule[];
  method: string;
  template: string;
  pattern: RegExp;
  operationId: string | undefined;
  responses: Map<string, ResponseRule>;
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
 * the checker is built and reused for every response.
 */
export class SpecValidator {
  readonly #operations: OperationRule[] = [];
  readonly #ajv: Ajv2020;
  // Every schema object handed to Ajv, mapped to its JSON pointer in the spec, so that a failure
  // can name the exact rule in the spec (Ajv only knows paths relative to the nearest $ref).
  readonly #pointers = new WeakMap<object, string>();

  constructor(readonly document: OpenApiDocument) {
    this.#ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      strict: true,
      allowUnionTypes: true,
      validateFormats: true,
    });
    addFormats(this.#ajv);
    // OpenAPI's own annotation keywords, which JSON Schema does not know.
    this.#ajv.addVocabulary(["example", "xml", "externalDocs", "discriminator"]);
    this.#ajv.addSchema({
      $id: SPEC_ID,
      $defs: this.#prepare(document.components?.schemas ?? {}, "#/components/schemas"),
    });
    for (const [template, item] of Object.entries(document.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item[method] as
          | { operationId?: string; parameters?: unknown[]; responses?: Record<string, unknown> }
          | undefined;
        if (operation)
          this.#operations.push(
            this.#compileOperation(
              method,
              template,
              operation,
              (item.parameters as unknown[] | undefined) ?? [],
            ),
          );
      }
    }
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
    const rule =
      op.responses.get(String(response.status)) ??
      op.responses.get(`${String(response.status)[0]}XX`) ??
      op.responses.get("default");
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
    const parent = this.#pointers.get(error.parentSchema as object);
    return parent === undefined ? error.schemaPath : `${parent}/${error.keyword}`;
  }

  // Rewrites `#/components/schemas/X` to an absolute reference into the shared schema registry, so a
  // schema compiled on its own still resolves its references; drops OpenAPI-only `x-` keys; and
  // remembers where in the spec every schema object came from.
  #prepare(node: unknown, pointer: string): unknown {
    if (Array.isArray(node)) return node.map((item, i) => this.#prepare(item, `${pointer}/${i}`));
    if (typeof node !== "object" || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-")) continue;
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")) {
        out[key] = `${SPEC_ID}#/$defs/${value.slice("#/components/schemas/".length)}`;
      } else {
        out[key] = this.#prepare(value, `${pointer}/${escapePointer(key)}`);
      }
    }
    this.#pointers.set(out, pointer);
    return out;
  }

  #find(method: string, url: string): OperationRule | undefined {
    const m = method.toLowerCase();
    const path = pathOf(url);
    return this.#operations.find((o) => o.method === m && o.pattern.test(path));
  }

  #compileParameters(rawList: unknown[], basePath: string): ParameterRule[] {
    const rules: ParameterRule[] = [];
    for (const [index, raw] of rawList.entries()) {
      const p = resolveRef<{
        name: string;
        in: string;
        required?: boolean;
        schema?: Record<string, unknown>;
      }>(this.document, raw);
      if (p.in !== "query" && p.in !== "header") continue;
      const ref = (raw as { $ref?: string }).$ref;
      const schemaPath = ref ?? `${basePath}/${index}`;
      const schema = p.schema ? resolveRef<Record<string, unknown>>(this.document, p.schema) : undefined;
      const contentSchema =
        schema?.contentMediaType === "application/json" ? schema.contentSchema : undefined;
      rules.push({
        name: p.name,
        in: p.in,
        required: p.required === true,
        schemaPath,
        validate: schema
          ? this.#ajv.compile(this.#prepare(schema, `${schemaPath}/schema`) as object)
          : undefined,
        validateContent: contentSchema
          ? this.#ajv.compile(this.#prepare(contentSchema, `${schemaPath}/schema/contentSchema`) as object)
          : undefined,
        numeric: schema?.type === "integer" || schema?.type === "number",
      });
    }
    return rules;
  }

  #compileOperation(
    method: string,
    template: string,
    operation: { operationId?: string; parameters?: unknown[]; responses?: Record<string, unknown> },
    pathParameters: unknown[],
  ): OperationRule {
    const responses = new Map<string, ResponseRule>();
    for (const [status, raw] of Object.entries(operation.responses ?? {})) {
      const response = resolveRef<{
        content?: Record<string, { schema?: unknown }>;
        headers?: Record<string, unknown>;
      }>(this.document, raw);
      const schemaPath = `#/paths/${escapePointer(template)}/${method}/responses/${status}`;
      const content = response.content ?? {};
      const mediaTypes = Object.keys(content);
      const mediaType = mediaTypes.find((m) => content[m]?.schema !== undefined);
      const schema = mediaType === undefined ? undefined : content[mediaType]?.schema;
      const headers: HeaderRule[] = Object.entries(response.headers ?? {}).map(([name, rawHeader]) => {
        const header = resolveRef<{ required?: boolean; schema?: Record<string, unknown> }>(
          this.document,
          rawHeader,
        );
        const headerSchema = header.schema
          ? resolveRef<Record<string, unknown>>(this.document, header.schema)
          : undefined;
        return {
          name,
          required: header.required === true,
          validate: headerSchema
            ? this.#ajv.compile(
                this.#prepare(headerSchema, `${schemaPath}/headers/${escapePointer(name)}/schema`) as object,
              )
            : undefined,
          numeric: headerSchema?.type === "integer" || headerSchema?.type === "number",
        };
      });
      responses.set(status, {
        schemaPath,
        mediaTypes,
        validate:
          schema === undefined || mediaType === undefined
            ? undefined
            : this.#ajv.compile(
                this.#prepare(schema, `${schemaPath}/content/${escapePointer(mediaType)}/schema`) as object,
              ),
        headers,
      });
    }
    const parameters = [
      ...this.#compileParameters(pathParameters, `#/paths/${escapePointer(template)}/parameters`),
      ...this.#compileParameters(
        operation.parameters ?? [],
        `#/paths/${escapePointer(template)}/${method}/parameters`,
      ),
    ];
    return {
      method,
      template,
      pattern: templatePattern(template),
      operationId: operation.operationId,
      responses,
      parameters,
    };
  }
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

function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}/?$`);
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

/** The value at a JSON pointer, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function mediaTypeMatches(declared: string, actual: string): boolean {
  const base = actual.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  const want = declared.toLowerCase();
  if (want === "*/*" || want === base) return true;
  if (want.endsWith("/*")) return base.startsWith(want.slice(0, -1));
  return false;
}
