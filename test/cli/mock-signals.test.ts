// `pc-customers mock` stops, and takes its Prism with it, however it was started and stopped: a
// closed terminal (SIGHUP) as well as Ctrl-C, and under `npx`, which does not pass a signal on to
// the command it started (the shell between them exits, the command is orphaned).
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { alive, BIN, baseEnv, freePort } from "./helpers.js";

/** Whether `port` on 127.0.0.1 can be listened on again. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Every process descended from `root`, with its command line (from /proc). */
function descendants(root: number): Array<{ pid: number; args: string }> {
  const parentOf = new Map<number, number>();
  const argsOf = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The command name in parentheses may hold spaces: the fields after its last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(pid, ppid);
      argsOf.set(pid, readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim());
    } catch {
      // gone meanwhile
    }
  }
  const found: Array<{ pid: number; args: string }> = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [pid, ppid] of parentOf) {
      if (ppid !== parent) continue;
      found.push({ pid, args: argsOf.get(pid) ?? "" });
      queue.push(pid);
    }
  }
  return found;
}

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

/** Waits for the first stdout line (the mock's URL); fails with stderr if the process exits first. */
async function urlOf(child: ChildProcess): Promise<string> {
  let stdout = "";
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (stdout.includes("\n")) resolve(stdout.trim());
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}) before serving: ${stderr}`)));
  });
}

/** Waits until every pid is gone (or a minute passes) and returns the ones still running. */
async function survivors(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 600 && pids.some(alive); i++) await sleep(100);
  return pids.filter(alive);
}

// The process tree is read from /proc.
describe.skipIf(process.platform !== "linux")(
  "pc-customers mock stops with Prism on every stop signal",
  () => {
    it("SIGTERM to `npx pc-customers mock` (npx passes no signal on): the mock and Prism exit, the port is free", async () => {
      const port = await freePort();
      const npx = spawn("npx", ["pc-customers", "mock", "--port", String(port)], {
        cwd: ROOT,
        env: baseEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      if (npx.pid) started.push(npx.pid);
      const url = await urlOf(npx);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const tree = descendants(npx.pid as number);
      started.push(...tree.map((p) => p.pid));
      expect(tree.some((p) => p.args.includes("prism-cli"))).toBe(true);
      expect(tree.some((p) => p.args.includes("pc-customers mock"))).toBe(true);

      npx.kill("SIGTERM");
      expect(await survivors(tree.map((p) => p.pid))).toEqual([]);
      expect(await portFree(port)).toBe(true);
    });

    it("SIGHUP (a closed terminal) to the bin: it stops the mock and Prism and says so", async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, "mock", "--port", String(port)], {
        cwd: ROOT,
        env: baseEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      if (child.pid) started.push(child.pid);
      let stderr = "";
      child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      await urlOf(child);
      const tree = descendants(child.pid as number);
      started.push(...tree.map((p) => p.pid));
      expect(tree.some((p) => p.args.includes("prism-cli"))).toBe(true);
      const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

      child.kill("SIGHUP");
      expect(await exit).toBe(0);
      expect(stderr).toContain("Stopped the mock (SIGHUP).");
      expect(await survivors(tree.map((p) => p.pid))).toEqual([]);
      expect(await portFree(port)).toBe(true);
    });
  },
);
