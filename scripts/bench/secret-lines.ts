/**
 * The size of the project's secret handling, the modules whose only job is keeping credentials out
 * of what the packages report, write or warn about: the client's exact-token redaction, the
 * recordings' allow-list and `check`'s credential pass. Counted as code lines (not blank, not a
 * comment), since a measure of code should not reward deleting the reasons written beside it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./children.js";

/** The modules counted, relative to the repository. */
export const SECRET_MODULES = [
  "src/client/security/redact-token.ts",
  "src/toolkit/conformance/sanitise.ts",
  "src/toolkit/conformance/credentials.ts",
] as const;

/** The issue's cap on those modules' code lines together. */
export const SECRET_LINES_TARGET = 350;

/** Lines of each module, and their sum. */
export interface SecretLinesResult {
  readonly modules: ReadonlyArray<{ readonly file: string; readonly lines: number; readonly code: number }>;
  readonly lines: number;
  readonly code: number;
  readonly ok: boolean;
}

function codeLines(text: string): number {
  let code = 0;
  let inBlock = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes("*/")) inBlock = false;
      continue;
    }
    if (line === "" || line.startsWith("//")) continue;
    if (line.startsWith("/*")) {
      inBlock = !line.includes("*/");
      continue;
    }
    code++;
  }
  return code;
}

/** Counts the lines of {@link SECRET_MODULES}. */
export function measureSecretLines(): SecretLinesResult {
  const modules = SECRET_MODULES.map((file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    return { file, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0), code: codeLines(text) };
  });
  const code = modules.reduce((sum, m) => sum + m.code, 0);
  return {
    modules,
    lines: modules.reduce((sum, m) => sum + m.lines, 0),
    code,
    ok: code <= SECRET_LINES_TARGET,
  };
}

/** The report's lines for {@link measureSecretLines}. */
export function secretLinesLines(result: SecretLinesResult): string[] {
  return [
    "Secret handling (code lines; all lines in brackets)",
    ...result.modules.map((m) => `  ${m.file.padEnd(40)} ${String(m.code).padStart(4)} (${m.lines})`),
    `  ${"total".padEnd(40)} ${String(result.code).padStart(4)} (${result.lines}); target <= ${SECRET_LINES_TARGET} code lines: ${result.ok ? "ok" : "MISSED"}`,
    "",
  ];
}
