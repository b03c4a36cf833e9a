// Runs a program in an installed app folder to the end: real exit code, stdout and stderr. A run
// that outlives its timeout is killed (execFile's timeout), so no test leaves a process behind.
import { execFile } from "node:child_process";
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** How a program run ended. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command ...args` in `cwd` without analytics or colours, and never rejects. */
export function runIn(
  cwd: string,
  command: string,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: timeoutMs, env: { ...process.env, SCARF_ANALYTICS: "false", NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Every file under `dir` (relative paths, `/`-separated), symbolic links not followed. */
export async function filesUnder(dir: string): Promise<{ path: string; bytes: number }[]> {
  const found: { path: string; bytes: number }[] = [];
  async function walk(relative: string): Promise<void> {
    for (const entry of await readdir(join(dir, relative), { withFileTypes: true })) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else found.push({ path, bytes: (await lstat(join(dir, path))).size });
    }
  }
  await walk("");
  return found;
}

/** The packages installed in a node_modules folder, nested ones included (by their package.json). */
export async function installedPackages(nodeModules: string): Promise<string[]> {
  const names: string[] = [];
  async function scan(folder: string, prefix: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      if (entry.name.startsWith("@")) {
        for (const scoped of await readdir(join(folder, entry.name), { withFileTypes: true })) {
          if (scoped.isDirectory())
            await found(join(folder, entry.name, scoped.name), `${prefix}${entry.name}/${scoped.name}`);
        }
      } else await found(join(folder, entry.name), `${prefix}${entry.name}`);
    }
  }
  async function found(dir: string, name: string): Promise<void> {
    names.push(name);
    await scan(join(dir, "node_modules"), `${name}>`);
  }
  await scan(nodeModules, "");
  return names.sort();
}
