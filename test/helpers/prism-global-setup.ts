import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type PrismProcess, startPrism } from "../../src/toolkit/mock/prism.js";
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
 * process exits or receives SIGINT/SIGTERM). Prism's log goes to a file, never to the terminal: a
 * test that fails prints the end of it (see test/contract/client-mock.test.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.SCARF_ANALYTICS = "false";
  const dir = mkdtempSync(join(tmpdir(), "pc-contract-prism-"));
  const logFile = join(dir, "prism-mock.log");
  writeFileSync(logFile, "");
  let prism: PrismProcess;
  try {
    prism = await startPrism({
      mode: "mock",
      spec: SPEC,
      onLog: (line) => appendFileSync(logFile, `${line}\n`),
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide("prismUrl", prism.url);
  project.provide("prismLogFile", logFile);

  return async () => {
    await prism.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
