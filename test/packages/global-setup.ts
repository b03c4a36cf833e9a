// The packages project's one expensive step, done once per run: pack both packages as `npm publish`
// would (each package's prepack builds its dist/), then install the tarballs into two throwaway
// apps as a user would, from the warm npm cache. The tests only read what this leaves behind.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { ROOT } from "../helpers/paths.js";

const run = promisify(execFile);

/** Where the packed and installed packages are, for the tests (`inject("packages")`). */
export interface PackedPackages {
  /** The client's tarball (partner-center-customers-<version>.tgz). */
  readonly clientTarball: string;
  /** The toolkit's tarball (pc-customers-<version>.tgz). */
  readonly toolkitTarball: string;
  /** An app with only the client tarball installed. */
  readonly clientApp: string;
  /** An app with the toolkit and client tarballs installed. */
  readonly toolkitApp: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    packages: PackedPackages;
  }
}

/**
 * npm's environment without what an enclosing `npm test` puts in it: a workspace selection or
 * this repository's package fields would make the inner npm act on the wrong project.
 */
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
  try {
    await run("npm", args, { cwd, env: npmEnv(), maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

/** A private ESM app folder with nothing installed yet. */
async function app(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "app", private: true, type: "module" })}\n`,
  );
  return dir;
}

/** Packs and installs both packages; returns the teardown that removes every file it made. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), "pc-packages-"));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    const tarballs = join(root, "tarballs");
    await mkdir(tarballs);
    await npm(["pack", "-w", "src/client", "-w", "src/toolkit", "--pack-destination", tarballs], ROOT);
    const files = await readdir(tarballs);
    const find = (name: string) => {
      const file = files.find((f) => new RegExp(`^${name}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`).test(f));
      if (file === undefined) throw new Error(`npm pack made no ${name} tarball (made: ${files.join(", ")})`);
      return join(tarballs, file);
    };
    const clientTarball = find("partner-center-customers");
    const toolkitTarball = find("pc-customers");

    const install = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
    const [clientApp, toolkitApp] = await Promise.all([
      app(join(root, "client-app")),
      app(join(root, "toolkit-app")),
    ]);
    await Promise.all([
      npm([...install, clientTarball], clientApp),
      npm([...install, toolkitTarball, clientTarball], toolkitApp),
    ]);
    project.provide("packages", { clientTarball, toolkitTarball, clientApp, toolkitApp });
  } catch (error) {
    await remove();
    throw error;
  }
  return remove;
}
