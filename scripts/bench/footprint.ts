/**
 * Footprint of the client entry (`src/client/index.ts`): which modules importing it loads (it must not load
 * Ajv, YAML parsers, Prism or the conformance code), how long the import takes, and how many bytes
 * the client adds on top of openapi-fetch (esbuild, minified, and gzipped).
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { bundle, makeBuildDir } from "./build.js";
import { firstMessage, forkJs, ROOT } from "./children.js";
import type { ProbeResult } from "./footprint-probe.js";
import { median, round } from "./stats.js";
import { CLIENT_ENTRY } from "./walkers.js";

/** Modules the client entry must never load. */
export const FORBIDDEN: Array<[string, RegExp]> = [
  ["Ajv", /\/node_modules\/ajv(-formats)?\//],
  ["YAML parser", /\/node_modules\/(yaml|js-yaml)\//],
  ["Prism", /\/node_modules\/@stoplight\//],
  ["toolkit code", /\/src\/toolkit\//],
];

export interface Size {
  minifiedBytes: number;
  gzipBytes: number;
}

export interface FootprintResult {
  /** Median time of `import()` of the client entry (as compiled to JS, one file per module like dist/), in a fresh process. */
  importMs: number;
  /** The same for `openapi-fetch` alone. */
  openapiFetchImportMs: number;
  /** Modules loaded at run time by importing the entry, relative to the repository. */
  loaded: string[];
  /** Files esbuild bundles from the entry (static: everything reachable, dynamic imports included). */
  bundled: string[];
  /** Forbidden modules found, by either method. */
  forbidden: string[];
  /** The client with openapi-fetch bundled in; the client alone (openapi-fetch external); openapi-fetch alone. */
  sizeWithOpenapiFetch: Size;
  sizeClientOnly: Size;
  sizeOpenapiFetch: Size;
}

async function sizeOf(file: string): Promise<Size> {
  const bytes = await readFile(file);
  return { minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name));
}

function forbiddenIn(paths: string[]): string[] {
  return FORBIDDEN.flatMap(([what, pattern]) => {
    const hits = paths.filter((p) => pattern.test(`/${p}`));
    return hits.length ? [`${what}: ${hits.slice(0, 3).join(", ")}${hits.length > 3 ? ", …" : ""}`] : [];
  });
}

/** Measures the footprint of `entry` (a module under src/; the client entry unless told). */
export async function measureFootprint(
  spawns: number,
  entryFile = CLIENT_ENTRY,
): Promise<FootprintResult | { unavailable: string }> {
  const out = await makeBuildDir();
  try {
    // Static: everything the entry can reach, and the sizes.
    let all: Awaited<ReturnType<typeof bundle>>;
    try {
      all = await bundle(entryFile, join(out.dir, "all.min.mjs"), { minify: true });
    } catch (error) {
      const message = (error as { errors?: Array<{ text: string }> }).errors?.[0]?.text ?? String(error);
      return { unavailable: `${relative(ROOT, entryFile)} does not bundle: ${message}` };
    }
    const clientOnly = await bundle(entryFile, join(out.dir, "client.min.mjs"), {
      minify: true,
      external: ["openapi-fetch"],
    });
    const openapiFetch = await bundle(
      "node_modules/openapi-fetch/dist/index.mjs",
      join(out.dir, "openapi-fetch.min.mjs"),
      { minify: true },
    );
    const bundled = Object.keys(all.metafile.inputs).map((p) => p.replace(/^(\.\.\/)+/, ""));

    // Run time: the sources compiled one file per module (as `tsc` builds dist/), imported by a probe.
    await build({
      entryPoints: await tsFiles(join(ROOT, "src")),
      outdir: join(out.dir, "src"),
      outbase: join(ROOT, "src"),
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "silent",
    });
    const probe = await bundle("scripts/bench/footprint-probe.ts", join(out.dir, "probe.mjs"));
    const entry = join(out.dir, relative(ROOT, entryFile)).replace(/\.ts$/, ".js");
    const run = (module: string, mode: "time" | "list") =>
      firstMessage<ProbeResult>(forkJs(probe.outfile, [module, mode]), 60_000);
    const listed = await run(entry, "list");
    const loaded = listed.modules.map((url) => {
      const file = fileURLToPath(url);
      return file.startsWith(out.dir) ? relative(out.dir, file) : relative(ROOT, file);
    });
    const openapiFetchEntry = join(ROOT, "node_modules", "openapi-fetch", "dist", "index.mjs");
    const times: number[] = [];
    const baseTimes: number[] = [];
    for (let i = 0; i < spawns; i++) {
      times.push((await run(entry, "time")).importMs);
      baseTimes.push((await run(openapiFetchEntry, "time")).importMs);
    }
    return {
      importMs: round(median(times)),
      openapiFetchImportMs: round(median(baseTimes)),
      loaded,
      bundled,
      forbidden: [...new Set([...forbiddenIn(loaded), ...forbiddenIn(bundled)])],
      sizeWithOpenapiFetch: await sizeOf(all.outfile),
      sizeClientOnly: await sizeOf(clientOnly.outfile),
      sizeOpenapiFetch: await sizeOf(openapiFetch.outfile),
    };
  } finally {
    await out.remove();
  }
}
