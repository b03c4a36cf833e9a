import { type ChildProcess, fork, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Environment for every child: no colours, no analytics (Prism's Scarf). */
export const CHILD_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  SCARF_ANALYTICS: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooked = false;

/** Registers a child so that it is killed if this process exits or is interrupted. */
export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once("exit", () => running.delete(child));
  hook();
  return child;
}

/** Registers a temporary directory to remove if this process exits or is interrupted first. */
export function trackTempDir(dir: string): () => void {
  tempDirs.add(dir);
  hook();
  return () => tempDirs.delete(dir);
}

function hook(): void {
  if (!hooked) {
    hooked = true;
    process.once("exit", killAll);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.once(signal, () => {
        killAll();
        process.kill(process.pid, signal);
      });
    }
  }
}

/** Kills every child still running (SIGKILL) and removes the temporary directories left. */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** How many tracked children are still running. */
export function runningChildren(): number {
  return running.size;
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
export async function stop(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Forks a TypeScript module of this directory with tsx, with an IPC channel. */
export function forkTs(module: string, args: string[] = [], execArgv: string[] = []): ChildProcess {
  return track(
    fork(join(ROOT, "scripts", "bench", module), args, {
      execArgv: [...execArgv, "--import", "tsx"],
      env: CHILD_ENV,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
}

/** Forks a plain JavaScript module (a bundle) with `node`, no loader, with an IPC channel. */
export function forkJs(file: string, args: string[] = [], execArgv: string[] = []): ChildProcess {
  return track(
    fork(file, args, { execArgv, env: CHILD_ENV, stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
}

/** Waits for the first IPC message of a child, or fails if it exits first or takes too long. */
export function firstMessage<T>(child: ChildProcess, timeoutMs = 60_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`child ${child.pid} sent nothing within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve(message as T);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`child ${child.pid} exited (code ${code}, signal ${signal}) before reporting`));
    });
  });
}

/** The result of a finished command. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, in milliseconds. */
  ms: number;
}

/** Runs a command to completion and collects its output (stdout is drained, never printed). */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  return new Promise<Finished>((resolve, reject) => {
    const start = performance.now();
    const child = track(
      spawn(command, args, {
        cwd: options.cwd ?? ROOT,
        env: options.env ?? CHILD_ENV,
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - start,
      });
    });
  });
}
