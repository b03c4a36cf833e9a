import { readFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Provenance } from "./recording.js";
import { type Exchange, parseRecording, type RecordingKind, responseBody } from "./recording.js";
import { findSecrets } from "./secrets.js";
import type { SpecValidator } from "./validator.js";
import type { Violation } from "./violation.js";

/** The verdict on one file. */
export interface FileResult {
  file: string;
  ok: boolean;
  /** How the file was read; absent when it could not be read as a recording at all. */
  kind?: RecordingKind;
  /** How many exchanges the file held. */
  exchanges: number;
  violations: Violation[];
  /** Things that do not break conformance but need a person's eye (token-shaped text). */
  warnings: string[];
  /** The recording's provenance, as `parseRecording` read it; absent when it has none. */
  provenance?: Provenance;
}

/** Checks one recorded exchange, its request's parameters and its response, against the spec. */
export function checkExchange(validator: SpecValidator, exchange: Exchange, entry?: number): Violation[] {
  const parsed = responseBody(exchange);
  const at = entry === undefined ? {} : { entry };
  const request = validator.checkRequest(exchange.request).filter((v) => v.pointer !== "");
  if (!parsed.ok) {
    return [
      ...request,
      { location: "body" as const, pointer: "", message: parsed.message, schemaPath: "" },
    ].map((v) => ({ ...v, ...at }));
  }
  const response = validator.checkResponse({
    method: exchange.request.method,
    url: exchange.request.url,
    status: exchange.response.status,
    headers: exchange.response.headers,
    body: parsed.body,
  });
  return [...request, ...response].map((v) => ({ ...v, ...at }));
}

/** Checks a recording's text; never throws. */
export function checkText(validator: SpecValidator, file: string, text: string): FileResult {
  const warnings = findSecrets(text).map((f) => `${f.hint}: remove credentials from recordings`);
  try {
    return checkParsed(validator, file, text, warnings);
  } catch (error) {
    // A recording is untrusted input and the verdict on the other files must not be lost to it:
    // a failure of the checker itself is reported against this file (the tests hold this unused).
    return {
      file,
      ok: false,
      exchanges: 0,
      violations: [
        {
          location: "file",
          pointer: "",
          message: `${CHECKER_FAILURE} (${(error as Error)?.message ?? String(error)}); please report it`,
          schemaPath: "",
        },
      ],
      warnings,
    };
  }
}

/** How a violation begins when the checker itself failed on a file (a bug, never a verdict). */
export const CHECKER_FAILURE = "the checker failed on this file";

function checkParsed(validator: SpecValidator, file: string, text: string, warnings: string[]): FileResult {
  const parsed = parseRecording(text);
  if (!parsed.ok) {
    return {
      file,
      ok: false,
      exchanges: 0,
      violations: [{ location: "file", pointer: "", message: parsed.message, schemaPath: "" }],
      warnings,
    };
  }
  const violations = parsed.exchanges.flatMap(({ exchange, entry }) =>
    // HAR files hold whatever a browser saw; only entries for operations of the spec are checked.
    parsed.kind === "har" && !validator.hasOperation(exchange.request.method, exchange.request.url)
      ? []
      : checkExchange(validator, exchange, entry),
  );
  return {
    file,
    ok: violations.length === 0,
    kind: parsed.kind,
    exchanges: parsed.exchanges.length,
    violations,
    warnings,
    ...(parsed.provenance ? { provenance: parsed.provenance } : {}),
  };
}

/** Reads and checks one file; an unreadable file is a violation in the result, not an exception. */
export function checkFileSync(validator: SpecValidator, file: string): FileResult {
  let text: string;
  try {
    // Synchronous on purpose: checking is CPU-bound, and for small files readFileSync costs a
    // fraction of fs/promises readFile (measured by `npm run bench`, checker breakdown).
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return {
      file,
      ok: false,
      exchanges: 0,
      violations: [
        { location: "file", pointer: "", message: `cannot read the file (${reason})`, schemaPath: "" },
      ],
      warnings: [],
    };
  }
  return checkText(validator, file, text);
}

/** `checkFileSync` behind a promise, for callers that check files among other async work. */
export async function checkFile(validator: SpecValidator, file: string): Promise<FileResult> {
  return checkFileSync(validator, file);
}

/** Recording files: `.json` and `.har`. */
export const RECORDING_EXTENSIONS = new Set([".json", ".har"]);

/**
 * Expands files and directories into the recording files to check, in a stable order. A directory
 * is walked recursively for `.json` and `.har` files; a path named directly is always included,
 * whatever its extension, and a path that does not exist is kept so that its check reports it.
 */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      files.push(path);
      continue;
    }
    if (info.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) out.push(...(await walk(full)));
    } else if (RECORDING_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      out.push(full);
    }
  }
  return out;
}
