// A full disk for CLI tests: a real 64 KiB tmpfs where this machine lets the test mount one (root),
// else a simulated ENOSPC (a preload that fails fs.promises.writeFile for matching paths).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SIMULATE = join(import.meta.dirname, "fixtures", "simulate-enospc.mjs");

/** A folder whose disk is (or will soon be) full. */
export interface FullDisk {
  readonly dir: string;
  /** "tmpfs" (a real small file system) or "simulated" (writeFile fails for `failing` paths). */
  readonly kind: "tmpfs" | "simulated";
  /** Environment for the CLI process (the preload, in the simulated case). */
  env(failing: RegExp): Record<string, string>;
  /** Fills the tmpfs, leaving `free` bytes (no-op when simulated). */
  fill(free: number): void;
  /** Unmounts (tmpfs). */
  remove(): void;
}

/** Mounts a 64 KiB tmpfs at `dir`, or falls back to a simulated full disk there. */
export function fullDisk(dir: string): FullDisk {
  mkdirSync(dir, { recursive: true });
  let kind: FullDisk["kind"] = "simulated";
  try {
    // PC_TEST_SIMULATE_ENOSPC=1 tries the simulation on a machine that could mount a tmpfs.
    if (process.env.PC_TEST_SIMULATE_ENOSPC === "1") throw new Error("simulation asked for");
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "ignore" });
    kind = "tmpfs";
  } catch {
    console.warn(
      `no 64 KiB tmpfs could be mounted at ${dir} (it needs root and mount permission): simulating ENOSPC with ${SIMULATE}`,
    );
  }
  return {
    dir,
    kind,
    env: (failing) =>
      kind === "tmpfs"
        ? {}
        : {
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${SIMULATE}`.trim(),
            PC_TEST_ENOSPC_MATCH: failing.source,
          },
    fill: (free) => {
      if (kind === "tmpfs") writeFileSync(join(dir, "filler"), Buffer.alloc(64 * 1024 - free));
    },
    remove: () => {
      if (kind === "tmpfs") execFileSync("umount", [dir], { stdio: "ignore" });
    },
  };
}
