/**
 * The client as an app gets it: `npm pack -w src/client` (its prepack builds dist/), the tarball
 * installed into an empty app from the npm cache, and a browser bundle of that installed copy
 * (esbuild, minified, and gzipped). The test/packages project asserts the limits; this measures them.
 */
import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ROOT, run, trackTempDir } from "./children.js";
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
  /** Node built-ins the browser bundle's inputs import (must stay empty). */
  nodeBuiltins: string[];
}

/** npm's environment without an enclosing `npm run`'s workspace and package fields. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SCARF_ANALYTICS: "false", NO_COLOR: "1" };
  for (const key of Object.keys(env)) {
    if (/^npm_(lifecycle_|package_|config_(workspace|workspaces|include_workspace_root)$)/i.test(key)) {
      delete env[key];
    }
  }
  return env;
}

async function npm(args: string[], cwd: string): Promise<void> {
  const finished = await run("npm", args, { cwd, timeoutMs: 240_000, env: npmEnv() });
  if (finished.code !== 0) {
    throw new Error(`npm ${args.join(" ")} exited ${finished.code}: ${finished.stderr.slice(0, 400)}`);
  }
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
    const tarballs = join(dir, "tarballs");
    const app = join(dir, "app");
    await mkdir(tarballs);
    await mkdir(app);
    await npm(["pack", "-w", "src/client", "--pack-destination", tarballs], ROOT);
    const tarball = (await readdir(tarballs)).find((f) => f.endsWith(".tgz"));
    if (tarball === undefined) throw new Error("npm pack -w src/client made no tarball");
    await writeFile(join(app, "package.json"), '{ "name": "app", "private": true, "type": "module" }\n');
    await npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(tarballs, tarball)], app);

    const entry = join(app, "browser-entry.js");
    await writeFile(
      entry,
      'export { createPartnerCenterClient } from "partner-center-customers";\nexport { redactValue } from "partner-center-customers/redact";\n',
    );
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: app,
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const builtins = new Set(builtinModules);
    const nodeBuiltins = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports
        .map((i) => i.original ?? i.path)
        .filter((s) => s.startsWith("node:") || builtins.has(s) || builtins.has(s.split("/")[0] ?? "")),
    );
    return {
      tarballBytes: (await lstat(join(tarballs, tarball))).size,
      packages: await packagesUnder(join(app, "node_modules")),
      installBytes: await bytesUnder(join(app, "node_modules")),
      browserBundle: { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length },
      nodeBuiltins,
    };
  } finally {
    untrack();
    await rm(dir, { recursive: true, force: true });
  }
}
