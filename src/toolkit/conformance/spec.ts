import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { embeddedSpecPath } from "./assets.js";
import { unescapePointer } from "./json-pointer.js";

/** An OpenAPI 3.1 document, as parsed from YAML or JSON (only the parts this package reads are typed). */
export interface OpenApiDocument {
  openapi: string;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export { embeddedSpecPath } from "./assets.js";

/** Thrown when a spec file cannot be read or is not an OpenAPI 3.1 document; the message says which and why. */
export class SpecLoadError extends Error {
  override name = "SpecLoadError";
}

/** Reads and parses an OpenAPI 3.1 document (YAML or JSON). Defaults to the embedded spec. */
export function loadSpec(file: string = embeddedSpecPath()): OpenApiDocument {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new SpecLoadError(`cannot read spec ${path}: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    throw new SpecLoadError(`spec ${path} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || typeof (doc as OpenApiDocument).openapi !== "string") {
    throw new SpecLoadError(`spec ${path} has no "openapi" version field: is it an OpenAPI document?`);
  }
  const version = (doc as OpenApiDocument).openapi;
  if (!version.startsWith("3.1")) {
    throw new SpecLoadError(`spec ${path} is OpenAPI ${version}; this checker reads OpenAPI 3.1 documents`);
  }
  return doc as OpenApiDocument;
}

/** Resolves a local JSON reference (`#/components/...`) in `doc`, following chains of `$ref`. */
export function resolveRef<T = unknown>(doc: OpenApiDocument, value: unknown, seen = new Set<string>()): T {
  if (typeof value !== "object" || value === null || !("$ref" in value)) return value as T;
  const ref = (value as { $ref: unknown }).$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/"))
    throw new SpecLoadError(`only local $ref is supported, got ${String(ref)}`);
  if (seen.has(ref)) throw new SpecLoadError(`circular $ref ${ref}`);
  seen.add(ref);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = unescapePointer(raw);
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    if (node === undefined) throw new SpecLoadError(`$ref ${ref} points at nothing`);
  }
  return resolveRef<T>(doc, node, seen);
}
