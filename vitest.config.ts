import { defineConfig } from "vitest/config";

// Three layers (see README): unit tests against local HTTP servers, contract tests against one
// real Prism process started for the whole run, and type tests checked by the compiler.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "spec",
          include: ["test/spec/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "contract",
          include: ["test/contract/**/*.test.ts"],
          globalSetup: ["test/helpers/prism-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "cli",
          include: ["test/cli/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "types",
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ["test/types/**/*.test-d.ts"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
    ],
  },
});
