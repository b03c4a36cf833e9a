// @ts-check

// The test runner's worker threads cannot change the time zone, so the tests that read an asctime
// Retry-After in another zone would all run in this machine's zone (often UTC, where the bug they
// guard against does not show). A zone with an offset makes them mean something here too.
process.env.TZ ??= "America/New_York";

/**
 * Mutation testing of the client package (`npm run test:mutation`; not part of `npm test`).
 * How to run and read it, and the survivors judged equivalent: docs/mutation-testing.md.
 *
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  // Only the client's own source: index.ts re-exports names and holds no logic; dist/ is a build;
  // mock/ is the test stand-in (its subpaths load none of the client's logic), checked by its own
  // tests against the spec (Ajv, Prism), as it was when it lived in the toolkit.
  mutate: ["src/client/**/*.ts", "!src/client/index.ts", "!src/client/dist/**", "!src/client/mock/**"],
  testRunner: "vitest",
  // The tests that exercise the client, chosen in this config (see the comment there).
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  // Each mutant runs only the tests that reached its code in the initial run.
  coverageAnalysis: "perTest",
  // A mutant the compiler rejects is never run. The client's own build settings (no Node types,
  // the DOM lib) so the check is as strict as `npm run build`.
  checkers: ["typescript"],
  tsconfigFile: "src/client/tsconfig.build.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Two cores on the shared machine.
  concurrency: 2,
  // A second run re-tests only the mutants whose code or tests changed. The file is ignored by
  // git (reports/): it is a cache of this machine's last run, and a committed copy would conflict
  // on every branch and could hide a change Stryker cannot see (helpers, configs, dependencies).
  // `npm run test:mutation -- --force` re-tests everything.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 85, break: 90 },
  // The tests start real servers; a hung mutant (an endless walk) ends at this limit.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
