/**
 * Bundles TypeScript entries into plain ESM for Node with esbuild, into a temporary directory whose
 * `node_modules` and `openapi` link to the repository's (as in the published package), so that the
 * bundles run under plain `node` (no tsx loader in the process being measured) and still resolve the
 * packages left external and the embedded spec.
 */
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { build, type Metafile } from "esbuild";
import { ROOT, trackTempDir } from "./children.js";

/** A temporary build directory. */
export interface BuildDir {
  dir: string;
  remove(): Promise<void>;
}

export async function makeBuildDir(): Promise<BuildDir> {
  const dir = await mkdtemp(join(tmpdir(), "pc-bench-build-"));
  const untrack = trackTempDir(dir);
  for (const name of ["node_modules", "openapi"]) await symlink(join(ROOT, name), join(dir, name), "dir");
  return {
    dir,
    remove: async () => {
      untrack();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface BundleOptions {
  /** Leave every package (node_modules) external, or only these. */
  external?: "packages" | string[];
  minify?: boolean;
}

/** Bundles `entry` (relative to the repository root) to `outfile`; returns the output size and metafile. */
export async function bundle(
  entry: string,
  outfile: string,
  options: BundleOptions = {},
): Promise<{ outfile: string; bytes: number; metafile: Metafile }> {
  const result = await build({
    entryPoints: [isAbsolute(entry) ? entry : join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: options.minify ?? false,
    metafile: true,
    logLevel: "silent",
    ...(options.external === "packages"
      ? { packages: "external" as const }
      : { external: options.external ?? [] }),
  });
  const output = Object.values(result.metafile.outputs)[0];
  return { outfile, bytes: output?.bytes ?? 0, metafile: result.metafile };
}
