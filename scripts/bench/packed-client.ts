/**
 * The client as an app gets it: `npm pack -w src/client` (its prepack builds dist/), the tarball
 * installed into an empty app from the npm cache, and a browser bundle of that installed copy
 * (esbuild, minified, and gzipped). The test/packages project asserts the limits; this measures them.
 */
import { lstat, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bundleForBrowser, CLIENT_WORKSPACE, emptyApp, install, pack } from "../packages.js";
import { track, trackTempDir } from "./children.js";
import type { Size } from "./footprint.js";

export interface PackedClientResult {
  /** The tarball's size. */
  tarballBytes: number;
  /** Packages in the app's node_modules after installing the tarball (the client included). */
  packages: string[];
  /** Bytes on disk of every file in that node_modules. */
  installBytes: number;
  /** The installed client and `partner-center-customers/redact`, bundled for the browser. */
  browserBundle: Size;
  /** Node built-ins among the browser bundle's inputs or their imports (must stay empty). */
  nodeBuiltins: string[];
}

async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isDirectory()) total += (await lstat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Package folders under a node_modules, nested ones included (`a>b` for b inside a). */
async function packagesUnder(nodeModules: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const folders = entry.name.startsWith("@")
      ? (await readdir(join(nodeModules, entry.name))).map((scoped) => `${entry.name}/${scoped}`)
      : [entry.name];
    for (const folder of folders) {
      names.push(`${prefix}${folder}`);
      names.push(...(await packagesUnder(join(nodeModules, folder, "node_modules"), `${prefix}${folder}>`)));
    }
  }
  return names.sort();
}

/** Packs the client, installs the tarball into a temporary app, and bundles it for the browser. */
export async function measurePackedClient(): Promise<PackedClientResult> {
  const dir = await mkdtemp(join(tmpdir(), "pc-bench-packed-"));
  const untrack = trackTempDir(dir);
  try {
    const [tarball] = await pack([CLIENT_WORKSPACE], join(dir, "tarballs"), { onSpawn: track });
    const app = await emptyApp(join(dir, "app"));
    await install(app, [tarball], { onSpawn: track });
    const bundle = await bundleForBrowser(
      app,
      'export { createPartnerCenterClient } from "partner-center-customers";\nexport { redactToken } from "partner-center-customers/redact";\n',
    );
    return {
      tarballBytes: (await lstat(tarball)).size,
      packages: await packagesUnder(join(app, "node_modules")),
      installBytes: await bytesUnder(join(app, "node_modules")),
      browserBundle: {
        minifiedBytes: bundle.code.length,
        gzipBytes: gzipSync(bundle.code, { level: 9 }).length,
      },
      nodeBuiltins: [...bundle.nodeBuiltins],
    };
  } finally {
    untrack();
    await rm(dir, { recursive: true, force: true });
  }
}
