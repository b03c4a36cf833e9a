// The command-line tools `conformance` runs (Redocly, Spectral, openapi-typescript): found in the
// node_modules of this package or of the project it runs in, and run as child processes with
// telemetry off. They are optional peers: when one is missing its step is skipped, not failed.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The environment for the tools: no analytics, no update notices, no colours. */
export function toolEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    SCARF_ANALYTICS: "false",
    REDOCLY_TELEMETRY: "off",
    REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
}

/**
 * The script of a package's executable, looked up in every node_modules above this module and
 * above the working directory; `undefined` when the package is not installed.
 */
export function findBin(pkg: string, bin: string): string | undefined {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const manifest = join(dir, "node_modules", pkg, "package.json");
      if (existsSync(manifest)) {
        try {
          const json = JSON.parse(readFileSync(manifest, "utf8")) as {
            bin?: string | Record<string, string>;
          };
          const relative = typeof json.bin === "string" ? json.bin : json.bin?.[bin];
          if (relative) return join(dirname(manifest), relative);
        } catch {
          // an unreadable manifest counts as not installed
        }
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** What a tool printed and how it ended. */
export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node script ...args` and collects its output (at most `timeoutMs`, default 2 minutes). */
export function runTool(
  script: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number },
): Promise<ToolRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd,
      env: toolEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}
