// Compiles an OpenAPI 3.1 document into the checker's rules, once: one Ajv (JSON Schema 2020-12,
// all formats, all errors) holding the components, and one precompiled function per operation,
// status, declared header and parameter.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { escapePointer } from "./json-pointer.js";
import type { HeaderRule, OperationRule, ParameterRule, ResponseRule } from "./rules.js";
import { templatePattern } from "./rules.js";
import { type OpenApiDocument, resolveRef } from "./spec.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const SPEC_ID = "urn:partner-center-customers:spec";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** The compiled spec: its operations, and where in the spec an Ajv error's rule is. */
export interface CompiledSpec {
  operations: OperationRule[];
  /** The JSON pointer into the spec of the rule an Ajv error comes from. */
  schemaPathOf(error: ErrorObject): string;
  /** The compiled validator of a component schema (`Customer`), or undefined when there is none. */
  componentSchema(name: string): ValidateFunction | undefined;
}

type RawOperation = { operationId?: string; parameters?: unknown[]; responses?: Record<string, unknown> };

/** Compiles every operation of `document`; throws (from Ajv) on a schema it cannot compile. */
export function compileSpec(document: OpenApiDocument): CompiledSpec {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    validateFormats: true,
  });
  addFormats(ajv);
  // OpenAPI's own annotation keywords, which JSON Schema does not know.
  ajv.addVocabulary(["example", "xml", "externalDocs", "discriminator"]);
  // Every schema object handed to Ajv, mapped to its JSON pointer in the spec, so that a failure
  // can name the exact rule in the spec (Ajv only knows paths relative to the nearest $ref).
  const pointers = new WeakMap<object, string>();

  // Rewrites `#/components/schemas/X` to an absolute reference into the shared schema registry, so
  // a schema compiled on its own still resolves its references; drops OpenAPI-only `x-` keys; and
  // remembers where in the spec every schema object came from.
  const prepare = (node: unknown, pointer: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => prepare(item, `${pointer}/${i}`));
    if (typeof node !== "object" || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-")) continue;
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")) {
        out[key] = `${SPEC_ID}#/$defs/${value.slice("#/components/schemas/".length)}`;
      } else {
        out[key] = prepare(value, `${pointer}/${escapePointer(key)}`);
      }
    }
    pointers.set(out, pointer);
    return out;
  };
  const compile = (schema: unknown, pointer: string) => ajv.compile(prepare(schema, pointer) as object);
  const schemaOf = (value: unknown) =>
    value === undefined ? undefined : resolveRef<Record<string, unknown>>(document, value);
  const isNumeric = (schema: Record<string, unknown> | undefined) =>
    schema?.type === "integer" || schema?.type === "number";

  const compileParameters = (rawList: unknown[], basePath: string): ParameterRule[] => {
    const rules: ParameterRule[] = [];
    for (const [index, raw] of rawList.entries()) {
      const p = resolveRef<{ name: string; in: string; required?: boolean; schema?: unknown }>(document, raw);
      if (p.in !== "query" && p.in !== "header") continue;
      const schemaPath = (raw as { $ref?: string }).$ref ?? `${basePath}/${index}`;
      const schema = schemaOf(p.schema);
      const contentSchema =
        schema?.contentMediaType === "application/json" ? schema.contentSchema : undefined;
      rules.push({
        name: p.name,
        in: p.in,
        required: p.required === true,
        schemaPath,
        validate: schema ? compile(schema, `${schemaPath}/schema`) : undefined,
        validateContent: contentSchema
          ? compile(contentSchema, `${schemaPath}/schema/contentSchema`)
          : undefined,
        numeric: isNumeric(schema),
      });
    }
    return rules;
  };

  const compileResponse = (schemaPath: string, raw: unknown): ResponseRule => {
    const response = resolveRef<{
      content?: Record<string, { schema?: unknown }>;
      headers?: Record<string, unknown>;
    }>(document, raw);
    const content = response.content ?? {};
    const mediaTypes = Object.keys(content);
    const mediaType = mediaTypes.find((m) => content[m]?.schema !== undefined);
    const schema = mediaType === undefined ? undefined : content[mediaType]?.schema;
    const headers = Object.entries(response.headers ?? {}).map(([name, rawHeader]): HeaderRule => {
      const header = resolveRef<{ required?: boolean; schema?: unknown }>(document, rawHeader);
      const headerSchema = schemaOf(header.schema);
      return {
        name,
        required: header.required === true,
        validate: headerSchema
          ? compile(headerSchema, `${schemaPath}/headers/${escapePointer(name)}/schema`)
          : undefined,
        numeric: isNumeric(headerSchema),
      };
    });
    return {
      schemaPath,
      mediaTypes,
      validate:
        schema === undefined || mediaType === undefined
          ? undefined
          : compile(schema, `${schemaPath}/content/${escapePointer(mediaType)}/schema`),
      headers,
    };
  };

  const compileOperation = (
    method: string,
    template: string,
    operation: RawOperation,
    pathParameters: unknown[],
  ): OperationRule => {
    const base = `#/paths/${escapePointer(template)}`;
    const responses = new Map<string, ResponseRule>();
    for (const [status, raw] of Object.entries(operation.responses ?? {}))
      responses.set(status, compileResponse(`${base}/${method}/responses/${status}`, raw));
    return {
      method,
      template,
      pattern: templatePattern(template),
      operationId: operation.operationId,
      responses,
      parameters: [
        ...compileParameters(pathParameters, `${base}/parameters`),
        ...compileParameters(operation.parameters ?? [], `${base}/${method}/parameters`),
      ],
    };
  };

  ajv.addSchema({
    $id: SPEC_ID,
    $defs: prepare(document.components?.schemas ?? {}, "#/components/schemas"),
  });
  const operations: OperationRule[] = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as RawOperation | undefined;
      if (operation)
        operations.push(
          compileOperation(method, template, operation, (item.parameters as unknown[] | undefined) ?? []),
        );
    }
  }
  return {
    operations,
    componentSchema(name) {
      if (!Object.hasOwn(document.components?.schemas ?? {}, name)) return undefined;
      return ajv.getSchema(`${SPEC_ID}#/$defs/${escapePointer(name)}`);
    },
    schemaPathOf(error) {
      const parent = pointers.get(error.parentSchema as object);
      return parent === undefined ? error.schemaPath : `${parent}/${error.keyword}`;
    },
  };
}
