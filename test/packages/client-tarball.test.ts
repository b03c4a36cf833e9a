// The client as an app gets it from npm: the packed tarball, installed into an empty folder.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { filesUnder, installedPackages, runIn } from "./run.js";

const { clientApp } = inject("packages");
const nodeModules = join(clientApp, "node_modules");
const installed = join(nodeModules, "partner-center-customers");

describe("the client tarball, installed", () => {
  it("brings in at most 4 packages, under 2 MB on disk", async () => {
    const packages = await installedPackages(nodeModules);
    expect(packages).toContain("partner-center-customers");
    expect(packages.length, packages.join(", ")).toBeLessThanOrEqual(4);
    const bytes = (await filesUnder(nodeModules)).reduce((sum, file) => sum + file.bytes, 0);
    expect(bytes).toBeLessThan(2_000_000);
  });

  it("loads in plain node: import { createPartnerCenterClient } from the package name", async () => {
    const script = [
      'import { createPartnerCenterClient } from "partner-center-customers";',
      'import { REDACTED, redactToken } from "partner-center-customers/redact";',
      'const client = createPartnerCenterClient({ token: "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJwYyJ9.c2ln" });',
      'console.log(typeof client.customers.list, redactToken("id tok-12345678 end", "tok-12345678"), REDACTED);',
    ].join("\n");
    const ran = await runIn(clientApp, process.execPath, ["--input-type=module", "-e", script]);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe("function id [REDACTED] end [REDACTED]\n");
    expect(ran.code).toBe(0);
  });

  it("ships no tests and no recordings, and the spec and the generated types once each", async () => {
    const paths = (await filesUnder(installed)).map((file) => file.path);
    expect(
      paths.filter((path) => /(^|\/)(test|tests|__tests__|recordings)\/|\.test(-d)?\.[cm]?[jt]s$/.test(path)),
    ).toEqual([]);
    expect(paths.filter((path) => path.endsWith("partner-center.yaml"))).toHaveLength(1);
    expect(paths.filter((path) => /(^|\/)partner-center\.d\.ts$/.test(path))).toHaveLength(1);
    expect(paths.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"))).toEqual([]);
  });

  it("has source maps that carry their sources, so a stack trace points at readable code", async () => {
    const maps = (await filesUnder(installed))
      .map((file) => file.path)
      .filter((path) => path.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const path of maps) {
      const map = JSON.parse(await readFile(join(installed, path), "utf8")) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      expect(map.sourcesContent, path).toHaveLength(map.sources.length);
      for (const content of map.sourcesContent ?? []) expect(typeof content, path).toBe("string");
    }
  });

  it("declares sideEffects: false and depends on openapi-fetch only", async () => {
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(manifest.sideEffects).toBe(false);
    expect(Object.keys((manifest.dependencies as Record<string, string>) ?? {})).toEqual(["openapi-fetch"]);
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    // msw only for the partner-center-customers/msw subpath: optional, so never installed with the client.
    expect(manifest.peerDependencies ?? {}).toEqual({ msw: "^2.0.0" });
    expect(manifest.peerDependenciesMeta).toEqual({ msw: { optional: true } });
    expect(await installedPackages(nodeModules)).not.toContain("msw");
  });
});
