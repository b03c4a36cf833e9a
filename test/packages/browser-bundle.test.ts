// The installed client, bundled for a browser by esbuild: nothing Node-only may come along.

import { writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, inject, it } from "vitest";

const { clientApp } = inject("packages");
const builtins = new Set(builtinModules.flatMap((name) => [name, name.split("/")[0] as string]));

/** Whether an import specifier names a Node built-in: `node:...`, or a bare name such as `fs` or `fs/promises`. */
function isNodeBuiltin(specifier: string): boolean {
  return (
    specifier.startsWith("node:") ||
    builtins.has(specifier) ||
    builtins.has(specifier.split("/")[0] as string)
  );
}

describe("the installed client in a browser bundle", () => {
  it("bundles the client and partner-center-customers/redact with no Node built-in among its inputs", async () => {
    const entry = join(clientApp, "browser-entry.js");
    await writeFile(
      entry,
      [
        'import { createPartnerCenterClient } from "partner-center-customers";',
        'import { redactValue } from "partner-center-customers/redact";',
        "export const client = createPartnerCenterClient({ token: () => 'eyJ0eXAiOiJKV1QifQ.e30.c2ln' });",
        "export { redactValue };",
      ].join("\n"),
    );
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: clientApp,
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.entries(result.metafile.inputs);
    // The bundle is made of the installed package, not the repository's sources.
    expect(inputs.some(([path]) => path.includes("node_modules/partner-center-customers/dist/"))).toBe(true);
    expect(inputs.some(([path]) => path.includes("node_modules/openapi-fetch/"))).toBe(true);
    const nodeOnly = inputs.flatMap(([path, input]) => [
      ...(path.startsWith("node:") || builtins.has(path) ? [path] : []),
      ...input.imports
        .map((i) => i.original ?? i.path)
        .filter(isNodeBuiltin)
        .map((specifier) => `${path} imports ${specifier}`),
    ]);
    expect(nodeOnly).toEqual([]);
  });
});
