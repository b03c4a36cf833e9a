import { execFileSync } from "node:child_process";
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os";
import { ROOT } from "./children.js";

/** The machine and checkout a run was measured on. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  commit: string;
  /** 1-minute load average when the run started: above ~1 other work shared the CPUs and the numbers are noisy. */
  loadAverage: number;
  /** Files under src/ or bin/ that differ from the commit (work in progress was measured). */
  uncommitted: string[];
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "";
  }
}

export function machine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: `${platform()} ${release()}`,
    node: process.version,
    commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    uncommitted: git(["status", "--porcelain", "--", "src", "scripts/bench"])
      .split("\n")
      .filter(Boolean)
      .map((line) => line.slice(3)),
  };
}

export function describeMachine(m: Machine): string {
  const dirty = m.uncommitted.length
    ? ` + ${m.uncommitted.length} uncommitted file(s) in src or scripts/bench`
    : "";
  return `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, node ${m.node}, commit ${m.commit}${dirty}`;
}
