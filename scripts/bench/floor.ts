/**
 * The floor of checking a recorded page: read the file, `JSON.parse` it, run one precompiled Ajv
 * (JSON Schema 2020-12, with formats) validator of the `200` body schema on the body. Nothing else:
 * no request check, no headers, no credential pass, no error reporting. The read is `readFileSync`,
 * the cheapest way to read a small file whole, as `check` reads.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { OpenApiDocument } from "../../src/toolkit/conformance/spec.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Rewrites `#/components/schemas/X` references to `#/$defs/X` and drops OpenAPI `x-` keys. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-")) continue;
    out[key] =
      key === "$ref" && typeof value === "string"
        ? value.replace("#/components/schemas/", "#/$defs/")
        : toJsonSchema(value);
  }
  return out;
}

/** Compiles the validator of the `CustomerCollection` schema (the `200` body of `GET /v1/customers`). */
export function compileFloor(document: OpenApiDocument): ValidateFunction {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  return ajv.compile({
    $id: "urn:bench:floor",
    $ref: "#/$defs/CustomerCollection",
    $defs: toJsonSchema(document.components?.schemas ?? {}),
  });
}

interface Recorded {
  response: { body: unknown };
}

/** The floor for one file: whether its response body is valid. */
export function floorCheck(validate: ValidateFunction, file: string): boolean {
  return validate((JSON.parse(readFileSync(file, "utf8")) as Recorded).response.body);
}
