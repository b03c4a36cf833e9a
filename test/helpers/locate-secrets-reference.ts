/**
 * The checker's walk of a parsed recording for secrets as it was before its speed-up (commit
 * 4b0fe7d, src/toolkit/conformance/secrets.ts), kept as the reference a property test compares
 * the optimised `locateSecrets` with.
 */
import { findSecretShapes, isSecretHeader, type SecretShape } from "partner-center-customers/redact";
import type { SecretFinding } from "../../src/toolkit/conformance/secrets.js";

const WHAT: Record<SecretShape["kind"], string> = {
  jwt: "JWT-shaped text",
  jwe: "JWE-shaped text",
  bearer: "a bearer credential",
  basic: "a Basic credential",
  sas: "a SAS signature",
  "secret-key": "the value of a secret key",
  "secret-header": "the value of a credential header",
};

/** Where to look for secrets in a parsed recording. */
interface LocateOptions {
  /** For a HAR log: entries that were skipped, whose contents are not the API's and not reported. */
  skippedEntries?: ReadonlySet<number>;
  /**
   * Only HAR headers `{ name, value }` with a credential header's name: what a scan of the text
   * cannot see (it knows `"x-api-key": "…"`, not a name and a value in two fields).
   */
  headersOnly?: boolean;
}

// Deeper than this a recording is not walked (the scan of its text has already run).
const MAX_DEPTH = 64;

/**
 * Finds credential-shaped values in a parsed recording, each located by its path from the root
 * (`entries[3].response.headers[2]`, `request.headers.authorization`; a HAR log's `log.` is left
 * out). A HAR header `{ name, value }` is judged as the header it is.
 */
export function referenceLocateSecrets(root: unknown, options: LocateOptions = {}): SecretFinding[] {
  const found: SecretFinding[] = [];
  const report = (text: string, path: string) => {
    for (const shape of findSecretShapes(text))
      found.push({ kind: shape.kind, hint: `${WHAT[shape.kind]} in ${path || "the body"}` });
  };
  const headersOnly = options.headersOnly === true;
  const visit = (node: unknown, path: string, depth: number): void => {
    if (typeof node === "string") {
      if (headersOnly) return;
      report(JSON.stringify(node), path);
      return;
    }
    if (typeof node !== "object" || node === null || depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${path}[${i}]`, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.name === "string" && typeof record.value === "string") {
      if (!headersOnly || isSecretHeader(record.name))
        report(JSON.stringify({ [record.name]: record.value }), path);
      return;
    }
    for (const [key, value] of Object.entries(record)) {
      const at = `${path}${IDENTIFIER.test(key) ? `${path === "" ? "" : "."}${key}` : `[${JSON.stringify(key)}]`}`;
      if (typeof value === "string") {
        if (!headersOnly) report(JSON.stringify({ [key]: value }), at);
      } else visit(value, at, depth + 1);
    }
  };
  const log = (root as { log?: { entries?: unknown } } | null)?.log;
  if (typeof log === "object" && log !== null && Array.isArray(log.entries)) {
    const skipped = options.skippedEntries ?? new Set<number>();
    for (const [key, value] of Object.entries(log))
      if (key !== "entries") visit(value, IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`, 1);
    for (const [i, entry] of log.entries.entries()) if (!skipped.has(i)) visit(entry, `entries[${i}]`, 2);
  } else {
    visit(root, "", 0);
  }
  return found;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
