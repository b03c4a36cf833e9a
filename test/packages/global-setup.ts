// The packages project's one expensive step, done once per run: pack both packages as `npm publish`
// would (each package's prepack builds its dist/), then install the tarballs into two throwaway
// apps as a user would, from the warm npm cache. The tests only read what this leaves behind.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { CLIENT_WORKSPACE, emptyApp, install, pack, TOOLKIT_WORKSPACE } from "../../scripts/packages.js";
import { ROOT } from "../helpers/paths.js";

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
  /** An app with the client tarball and msw (its optional peer, at the workspace's version) installed. */
  readonly mswApp: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    packages: PackedPackages;
  }
}

/** Packs and installs both packages; returns the teardown that removes every file it made. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), "pc-packages-"));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    const [clientTarball, toolkitTarball] = await pack(
      [CLIENT_WORKSPACE, TOOLKIT_WORKSPACE],
      join(root, "tarballs"),
    );
    const [clientApp, toolkitApp, mswApp] = await Promise.all([
      emptyApp(join(root, "client-app")),
      emptyApp(join(root, "toolkit-app")),
      emptyApp(join(root, "msw-app")),
    ]);
    const msw = JSON.parse(await readFile(join(ROOT, "node_modules", "msw", "package.json"), "utf8")) as {
      version: string;
    };
    await Promise.all([
      install(clientApp, [clientTarball]),
      install(toolkitApp, [toolkitTarball, clientTarball]),
      install(mswApp, [clientTarball, `msw@${msw.version}`]),
    ]);
    project.provide("packages", { clientTarball, toolkitTarball, clientApp, toolkitApp, mswApp });
  } catch (error) {
    await remove();
    throw error;
  }
  return remove;
}
