import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The client's package names, resolved to its TypeScript sources in the repository (as in
 * tsconfig.json's paths): the toolkit and the tests import the client by its name. Shared with
 * vitest.mutation.config.ts.
 */
export const CLIENT_ALIASES = [
  { find: /^partner-center-customers$/, replacement: source("./src/client/index.ts") },
  {
    find: /^partner-center-customers\/redact$/,
    replacement: source("./src/client/security/redact-token.ts"),
  },
  { find: /^partner-center-customers\/mock$/, replacement: source("./src/client/mock/index.ts") },
  { find: /^partner-center-customers\/msw$/, replacement: source("./src/client/mock/msw.ts") },
];

// One project per layer (see README): the spec itself; unit (pure code, no network); integration
// (the client against real local HTTP servers); contract (one real Prism process for the whole
// run); cli (pc-customers as processes and in process); types (checked by the compiler); packages
// (the packed tarballs, installed once per run by their own global setup).
export default defineConfig({
  resolve: { alias: CLIENT_ALIASES },
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
          // Property tests run hundreds of cases; on a shared 2-core machine they need headroom.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
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
          name: "packages",
          include: ["test/packages/**/*.test.ts"],
          // Packing both packages (each builds on prepack) and installing them is done once, here.
          globalSetup: ["test/packages/global-setup.ts"],
          testTimeout: 60_000,
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
