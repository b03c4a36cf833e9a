/**
 * `pc-customers check`, spawned as users run it: the repository's `bin/pc-customers.js` (sources
 * through tsx) and the CLI compiled to plain JavaScript (as the published package runs it, bundled
 * here with esbuild). Measures the start-up (one file) and the whole set of recordings.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundle } from "./build.js";
import { ROOT, run } from "./children.js";
import { median, round, type Sample, summarise } from "./stats.js";

/** A way of running the CLI. */
export interface CliCommand {
  label: string;
  command: string;
  /** Arguments before `check`. */
  args: string[];
}

export interface CliResult {
  label: string;
  /** `check one.json`, one spawn each (ms). */
  startup: Sample;
  /** `check <dir>` over every recording, one spawn each (ms). */
  all: Sample;
  files: number;
  /** (all − startup) / (files − 1): the per-file cost once started (ms). */
  perFileMs: number;
}

export const CLI_MAIN = join(ROOT, "src", "toolkit", "cli", "main.ts");
export const CLI_BIN = join(ROOT, "src", "toolkit", "bin", "pc-customers.js");

/** The ways to run the CLI that exist in this checkout, or why there are none. */
export async function cliCommands(buildDir: string): Promise<CliCommand[] | { unavailable: string }> {
  if (!existsSync(CLI_MAIN) || !existsSync(CLI_BIN))
    return { unavailable: "src/toolkit/cli/main.ts or src/toolkit/bin/pc-customers.js does not exist" };
  const commands: CliCommand[] = [
    { label: "bin/pc-customers.js (sources via tsx)", command: process.execPath, args: [CLI_BIN] },
  ];
  try {
    const built = await bundle(CLI_MAIN, join(buildDir, "pc-customers.mjs"), { external: "packages" });
    commands.push({ label: "compiled JS (as published)", command: process.execPath, args: [built.outfile] });
  } catch (error) {
    const message = (error as { errors?: Array<{ text: string }> }).errors?.[0]?.text ?? String(error);
    commands.push({ label: `compiled JS: does not bundle (${message})`, command: "", args: [] });
  }
  return commands;
}

async function check(cli: CliCommand, paths: string[]): Promise<number> {
  const finished = await run(cli.command, [...cli.args, "check", ...paths]);
  if (finished.code !== 0) {
    throw new Error(
      `${cli.label}: 'check' exited ${finished.code}: ${(finished.stderr || finished.stdout).slice(0, 400)}`,
    );
  }
  return finished.ms;
}

/** Spawns `check one` `startupSpawns` times and `check dir` `allSpawns` times (after one warm-up each). */
export async function measureCli(
  cli: CliCommand,
  one: string,
  dir: string,
  files: number,
  startupSpawns: number,
  allSpawns: number,
): Promise<CliResult> {
  await check(cli, [one]);
  const startup: number[] = [];
  for (let i = 0; i < startupSpawns; i++) startup.push(await check(cli, [one]));
  const all: number[] = [];
  for (let i = 0; i < allSpawns; i++) all.push(await check(cli, [dir]));
  return {
    label: cli.label,
    startup: summarise(startup),
    all: summarise(all),
    files,
    perFileMs: round((median(all) - median(startup)) / (files - 1), 4),
  };
}
