/**
 * Checker throughput: generates the recordings, then measures in turn the floor and the in-process
 * `checkFileSync` with its four passes (checker-worker.ts, tinybench, in its own process), the
 * spawned CLI, and Prism's validating proxy on a sample of the same pages.
 */
import { makeBuildDir } from "./build.js";
import type { CheckerWorkerResult } from "./checker-worker.js";
import { firstMessage, forkTs } from "./children.js";
import { type CliResult, cliCommands, measureCli } from "./cli-check.js";
import { measurePrism, type PrismResult } from "./prism-proxy.js";
import { generateRecordings } from "./recordings.js";
import { round } from "./stats.js";

export interface CheckerOptions {
  files: number;
  pageSize: number;
  /** tinybench's time per in-process task (ms). */
  taskMs: number;
  startupSpawns: number;
  cliSpawns: number;
  prismPages: number;
  prismRounds: number;
}

export interface CheckerResult {
  files: number;
  /** Average recording size (bytes). */
  avgFileBytes: number;
  inProcess: CheckerWorkerResult;
  /** Per file (ms, tinybench's median): the floor, the in-process checkFileSync, and their ratio. */
  floorPerFileMs: number;
  checkFilePerFileMs: number;
  checkFileVsFloor: number;
  cli: Array<CliResult | { label: string; failed: string }> | { unavailable: string };
  prism: PrismResult | { failed: string };
}

export async function measureChecker(options: CheckerOptions): Promise<CheckerResult> {
  const set = await generateRecordings(options.files);
  const out = await makeBuildDir();
  try {
    const worker = forkTs("checker-worker.ts", [set.dir, String(options.taskMs)]);
    const inProcess = await firstMessage<CheckerWorkerResult>(worker, 600_000);
    const floorPerFileMs = inProcess.floor.median;
    const checkFilePerFileMs = inProcess.checkFile.median;

    const commands = await cliCommands(out.dir);
    let cli: CheckerResult["cli"];
    if (Array.isArray(commands)) {
      cli = [];
      for (const command of commands) {
        if (!command.command) continue;
        const one = set.files[0] ?? "";
        try {
          cli.push(
            await measureCli(
              command,
              one,
              set.dir,
              set.files.length,
              options.startupSpawns,
              options.cliSpawns,
            ),
          );
        } catch (error) {
          cli.push({ label: command.label, failed: (error as Error).message.split("\n", 1)[0] ?? "" });
        }
      }
    } else {
      cli = commands;
    }

    let prism: CheckerResult["prism"];
    try {
      prism = await measurePrism(options.prismPages, options.pageSize, options.prismRounds);
    } catch (error) {
      prism = { failed: (error as Error).message.split("\n", 1)[0] ?? "" };
    }
    return {
      files: set.files.length,
      avgFileBytes: Math.round(set.bytes / set.files.length),
      inProcess,
      floorPerFileMs: round(floorPerFileMs, 4),
      checkFilePerFileMs: round(checkFilePerFileMs, 4),
      checkFileVsFloor: round(checkFilePerFileMs / floorPerFileMs),
      cli,
      prism,
    };
  } finally {
    await out.remove();
    await set.remove();
  }
}
