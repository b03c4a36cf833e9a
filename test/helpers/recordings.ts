import { readFileSync } from "node:fs";
import { relative } from "node:path";
import {
  collectFiles,
  type Exchange,
  type ExpectedViolation,
  type ParsedRecording,
  type Provenance,
  parseRecording,
  type SpecValidator,
  type Violation,
} from "../../src/toolkit/conformance/index.js";
import { RECORDINGS } from "./paths.js";

/** One recording file, read and parsed. */
export interface Recording {
  /** Path relative to test/recordings, with `/` separators: `walks/three-page-walk.har`. */
  name: string;
  path: string;
  text: string;
  parsed: ParsedRecording;
  provenance: Provenance | undefined;
  /**
   * The folder: `documented`, `walks`, `errors`, `invalid` (rejected by Ajv and Prism),
   * `invalid/ajv-stricter` (rejected by Ajv only) or `prism-stricter` (rejected by Prism only).
   */
  folder: string;
}

/** Every recording under test/recordings (`.json` and `.har`), in a stable order. */
export async function loadRecordings(): Promise<Recording[]> {
  const files = await collectFiles([RECORDINGS]);
  return files.map((path) => {
    const name = relative(RECORDINGS, path).split("\\").join("/");
    const text = readFileSync(path, "utf8");
    const parsed = parseRecording(text);
    return {
      name,
      path,
      text,
      parsed,
      provenance: parsed.ok ? parsed.provenance : undefined,
      folder: name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : "",
    };
  });
}

/** The exchanges of a recording that are operations of the spec (HAR entries for other URLs skipped). */
export function specExchanges(
  recording: Recording,
  validator: SpecValidator,
): Array<{ exchange: Exchange; entry: number | undefined }> {
  if (!recording.parsed.ok) return [];
  return recording.parsed.exchanges
    .filter(({ exchange }) => validator.hasOperation(exchange.request.method, exchange.request.url))
    .map(({ exchange, entry }) => ({ exchange, entry }));
}

/** What a recording declares it violates: its known defects plus its expected violations. */
export function declaredViolations(recording: Recording): ExpectedViolation[] {
  const p = recording.provenance;
  return [
    ...(p?.knownDefects ?? []).map((d) => ({ location: "body" as const, pointer: d.pointer, why: d.why })),
    ...(p?.expectedViolations ?? []),
  ];
}

/** `location pointer [#entry]`: how a violation is compared with a declared one. */
export function siteOf(v: { location: string; pointer: string; entry?: number | undefined }): string {
  return `${v.location} ${v.pointer === "" ? "(whole)" : v.pointer}${v.entry === undefined ? "" : ` #${v.entry}`}`;
}

/** The JSON Schema keyword a violation failed on (last segment of its schema path). */
export function keywordOf(v: Violation): string {
  return v.schemaPath.split("/").pop() ?? "";
}

/** Whether `found` (violations at one site) satisfy the declared one's keyword or fragment. */
export function matchesDeclared(declared: ExpectedViolation, found: Violation[]): boolean {
  if (declared.keyword !== undefined) return found.some((v) => keywordOf(v) === declared.keyword);
  if (declared.fragment !== undefined) return found.some((v) => v.message.includes(declared.fragment ?? ""));
  return found.length > 0;
}

/** A violation as one readable line: where, what, the rule in the spec, expected and actual. */
export function describeViolation(file: string, v: Violation): string {
  const parts = [
    `${file}${v.entry === undefined ? "" : ` (entry ${v.entry})`}: ${v.location} ${v.pointer || "(whole)"}`,
  ];
  parts.push(`: ${v.message}`);
  if (v.schemaPath) parts.push(` [schema ${v.schemaPath}]`);
  if (v.expected !== undefined) parts.push(` expected ${JSON.stringify(v.expected)}`);
  if (v.actual !== undefined) parts.push(` actual ${JSON.stringify(v.actual)}`);
  return parts.join("");
}
