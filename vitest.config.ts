import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Three layers (see README): unit tests against local HTTP servers, contract tests against one
// real Prism process started for the whole run, and type tests checked by the compiler.
export default defineConfig({
  // The toolkit imports the client by its package name: in the repository, its source (as in
  // tsconfig.json's paths).
  resolve: {
    alias: [
      { find: /^partner-center-customers$/, replacement: source("./src/client/index.ts") },
      { find: /^partner-center-customers\/redact$/, replacement: source("./src/client/security/redact.ts") },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "spec",
          include: ["test/spec/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          // The client against local servers on 127.0.0.1 (new files; unit/ holds the older ones).
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "contract",
          include: ["test/contract/**/*.test.ts"],
          globalSetup: ["test/helpers/prism-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "cli",
          include: ["test/cli/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
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
