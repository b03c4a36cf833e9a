import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { CLIENT_ALIASES } from "./vitest.config.js";

const root = fileURLToPath(new URL(".", import.meta.url));

// The mutation run (stryker.config.mjs) gives Stryker only the tests that exercise the client:
// those under test/unit and test/integration that import it, by a relative path into src/client
// or by its package name, directly or through a helper under test/helpers that does (the client
// harness, the capturing fetch). Chosen by what a file imports rather than by a list of names, so
// that moving or renaming a test file neither drops it from the run nor needs this file edited.
const IMPORTS_CLIENT =
  /from\s+["'](?:\.\.\/)+src\/client\/|from\s+["']partner-center-customers(?:\/redact)?["']/;

function testFiles(dir: string, suffix: string): string[] {
  try {
    return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(suffix))
      .map((name) => join(root, dir, name));
  } catch {
    return [];
  }
}

const clientHelpers = testFiles("test/helpers", ".ts")
  .filter((file) => IMPORTS_CLIENT.test(readFileSync(file, "utf8")))
  .map((file) => basename(file, ".ts"));
const IMPORTS_CLIENT_HELPER = new RegExp(
  `from\\s+["'](?:\\.\\.\\/)+helpers\\/(?:${clientHelpers.join("|")})\\.js["']`,
);

function clientTests(dir: string): string[] {
  return testFiles(dir, ".test.ts")
    .filter((file) => {
      const text = readFileSync(file, "utf8");
      return IMPORTS_CLIENT.test(text) || (clientHelpers.length > 0 && IMPORTS_CLIENT_HELPER.test(text));
    })
    .map((file) => relative(root, file).split("\\").join("/"));
}

export default defineConfig({
  resolve: { alias: CLIENT_ALIASES },
  test: {
    include: [...clientTests("test/unit"), ...clientTests("test/integration")],
    // Each mutant runs every test that reached its code: the property tests' default hundreds of
    // cases would make them most of the run's time, for little a fixed example does not catch.
    env: { FC_NUM_RUNS: "10" },
    // Instrumented code is slower, and two mutants share two cores with whatever else runs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
