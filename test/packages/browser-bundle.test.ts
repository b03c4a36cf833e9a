// The installed client, bundled for a browser by esbuild: nothing Node-only may come along.

import { describe, expect, inject, it } from "vitest";
import { bundleForBrowser } from "../../scripts/packages.js";

const { clientApp } = inject("packages");

describe("the installed client in a browser bundle", () => {
  it("bundles the client and partner-center-customers/redact with no Node built-in among its inputs", async () => {
    const bundle = await bundleForBrowser(
      clientApp,
      [
        'import { createPartnerCenterClient } from "partner-center-customers";',
        'import { redactToken } from "partner-center-customers/redact";',
        "export const client = createPartnerCenterClient({ token: () => 'eyJ0eXAiOiJKV1QifQ.e30.c2ln' });",
        "export { redactToken };",
      ].join("\n"),
    );
    // The bundle is made of the installed package, not the repository's sources.
    expect(bundle.inputs.some((path) => path.includes("node_modules/partner-center-customers/dist/"))).toBe(
      true,
    );
    expect(bundle.inputs.some((path) => path.includes("node_modules/openapi-fetch/"))).toBe(true);
    expect(bundle.nodeBuiltins).toEqual([]);
  });
});
