import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type PrismProcess, startPrism } from "../../src/conformance/prism.js";
import { SPEC } from "./paths.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the one `prism mock` process shared by the whole contract run. */
    prismUrl: string;
    /** File that receives the mock's log, so that a failing test can show what Prism saw. */
    prismLogFile: string;
  }
}

/**
 * Starts one real `prism mock` on the spec for the whole contract project and stops it at the end,
 * whether the run passed, failed or was interrupted (startPrism also kills its children when this
 * process exits or receives SIGINT/SIGTERM). Prism's log stays in a file and is printed only when a
 * test of the project failed.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.SCARF_ANALYTICS = "false";
  const dir = mkdtempSync(join(tmpdir(), "pc-contract-prism-"));
  const logFile = join(dir, "prism-mock.log");
  const lines: string[] = [];
  const flush = () => writeFileSync(logFile, `${lines.join("\n")}\n`);
  let prism: PrismProcess;
  try {
    prism = await startPrism({
      mode: "mock",
      spec: SPEC,
      onLog: (line) => {
        lines.push(line);
        if (lines.length > 5000) lines.splice(0, 1000);
      },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  flush();
  const timer = setInterval(flush, 500);
  timer.unref();
  project.provide("prismUrl", prism.url);
  project.provide("prismLogFile", logFile);

  return async () => {
    clearInterval(timer);
    await prism.stop();
    const failed = project.vitest.state.getCountOfFailedTests();
    if (failed > 0) {
      process.stderr.write(
        `\nprism mock (${prism.url}) log, last 60 lines, because ${failed} test(s) failed:\n${lines.slice(-60).join("\n")}\n`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
