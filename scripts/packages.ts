/**
 * The repository's packages as a user gets them: packed as `npm publish` would (each package's
 * prepack builds its dist/), installed from the tarballs into an empty app, and bundled for a
 * browser. The packages tests (test/packages) and the bench's packed-client part both go through
 * here, so the limits the tests hold and the figures the bench measures are about the same thing.
 */
import { type ChildProcess, type ExecFileException, execFile } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The repository root: `npm pack -w` runs there. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A pack or install that takes longer has hung (the npm cache is warm; a prepack build is seconds). */
const NPM_TIMEOUT_MS = 240_000;

/** Far more than npm prints for a pack or install; a run past it is stopped rather than buffered. */
const NPM_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** One of the repository's workspaces: its folder (for `npm pack -w`) and its package name. */
export interface Workspace {
  /** The folder, relative to the repository root. */
  readonly folder: string;
  /** The package name, which npm puts at the start of the tarball's file name. */
  readonly name: string;
}

/** The client package, `partner-center-customers`. */
export const CLIENT_WORKSPACE = {
  folder: "src/client",
  name: "partner-center-customers",
} as const satisfies Workspace;

/** The toolkit package, `pc-customers`. */
export const TOOLKIT_WORKSPACE = { folder: "src/toolkit", name: "pc-customers" } as const satisfies Workspace;

/** Options for the npm runs below. */
export interface NpmOptions {
  /** Called with the npm process once it is started, e.g. to have it killed if the caller is interrupted. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/**
 * npm's environment without what an enclosing `npm test` or `npm run` puts in it: a workspace
 * selection or this repository's package fields would make the inner npm act on the wrong project.
 */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SCARF_ANALYTICS: "false", NO_COLOR: "1" };
  for (const key of Object.keys(env)) {
    if (/^npm_(lifecycle_|package_|config_(workspace|workspaces|include_workspace_root)$)/i.test(key)) {
      delete env[key];
    }
  }
  return env;
}

/** How an npm run failed, in words: its exit code, a timeout, or why it could not run. */
function failure(error: ExecFileException): string {
  if (typeof error.code === "number") return `exited ${error.code}`;
  if (typeof error.code === "string") return `could not finish (${error.code})`;
  if (error.killed) return `was stopped after ${NPM_TIMEOUT_MS / 1000} s`;
  return error.signal ? `was killed by ${error.signal}` : error.message;
}

/**
 * Runs `npm ...args` in `cwd` with {@link npmEnv}, its output collected, never printed. Rejects if
 * npm fails, with an error whose first line says which command failed where and how (and npm's own
 * first line of complaint), followed by everything npm wrote.
 */
export function npm(args: readonly string[], cwd: string, options: NpmOptions = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = execFile(
      "npm",
      args,
      { cwd, env: npmEnv(), maxBuffer: NPM_MAX_OUTPUT_BYTES, timeout: NPM_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve();
          return;
        }
        const output = [stderr.trim(), stdout.trim()].filter((text) => text !== "").join("\n");
        reject(new Error(`npm ${args.join(" ")} ${failure(error)} in ${cwd}${output ? `: ${output}` : ""}`));
      },
    );
    options.onSpawn?.(child);
  });
}

/** npm's tarball name for a package: `<name>-<version>.tgz`. */
function tarballPattern(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`);
}

/**
 * Packs the workspaces with one `npm pack -w … --pack-destination <destination>` from the
 * repository root (the destination made first, if need be), and returns each one's tarball path, in the order given. Fails, naming what npm
 * made instead, if a tarball is missing.
 */
export async function pack<const W extends readonly Workspace[]>(
  workspaces: W,
  destination: string,
  options: NpmOptions = {},
): Promise<{ readonly [K in keyof W]: string }> {
  await mkdir(destination, { recursive: true });
  const selection = workspaces.flatMap((workspace) => ["-w", workspace.folder]);
  await npm(["pack", ...selection, "--pack-destination", destination], ROOT, options);
  const files = await readdir(destination);
  const tarballs = workspaces.map(({ name }) => {
    const file = files.find((f) => tarballPattern(name).test(f));
    if (file === undefined) throw new Error(`npm pack made no ${name} tarball (made: ${files.join(", ")})`);
    return join(destination, file);
  });
  return tarballs as { readonly [K in keyof W]: string };
}

/** Makes `dir` (and its parents) a private ESM app with nothing installed yet; returns `dir`. */
export async function emptyApp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "app", private: true, type: "module" })}\n`,
  );
  return dir;
}

/** Installs the tarballs into the app as a user would, from the npm cache where it can (no audit, no fund). */
export async function install(
  app: string,
  tarballs: readonly string[],
  options: NpmOptions = {},
): Promise<void> {
  await npm(["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs], app, options);
}

/** An esbuild browser bundle and what went into it. */
export interface BrowserBundle {
  /** The minified ESM bundle. */
  readonly code: Uint8Array;
  /** The files esbuild read to make it, relative to the app. */
  readonly inputs: readonly string[];
  /** Every Node built-in among the inputs (`node:fs`) or their imports (`<input> imports <specifier>`). */
  readonly nodeBuiltins: readonly string[];
}

const builtins = new Set(builtinModules.flatMap((name) => [name, name.split("/")[0] as string]));

/** Whether an import specifier names a Node built-in: `node:...`, or a bare name such as `fs` or `fs/promises`. */
function isNodeBuiltin(specifier: string): boolean {
  return (
    specifier.startsWith("node:") ||
    builtins.has(specifier) ||
    builtins.has(specifier.split("/")[0] as string)
  );
}

/**
 * Writes `source` to `browser-entry.js` in the app and bundles it, and what it imports from the
 * app's node_modules, as esbuild does for a browser (ESM, minified, not written to disk).
 */
export async function bundleForBrowser(app: string, source: string): Promise<BrowserBundle> {
  const entry = join(app, "browser-entry.js");
  await writeFile(entry, source);
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
  const inputs = Object.entries(result.metafile.inputs);
  return {
    code: result.outputFiles[0]?.contents ?? new Uint8Array(),
    inputs: inputs.map(([path]) => path),
    nodeBuiltins: inputs.flatMap(([path, input]) => [
      ...(path.startsWith("node:") || builtins.has(path) ? [path] : []),
      ...input.imports
        .map((i) => i.original ?? i.path)
        .filter(isNodeBuiltin)
        .map((specifier) => `${path} imports ${specifier}`),
    ]),
  };
}
