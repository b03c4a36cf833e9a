/**
 * Large recordings: `pc-customers check` on one exchange file of about 50, 100 and 200 MB (a page
 * of that many customers), spawned as a user runs it, beside a child that only reads and parses
 * the same file. Time and peak memory should grow in proportion to the size: the "a 200 MB
 * recording is checked in time and memory proportional to its size".
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHILD_ENV, ROOT, run, trackTempDir } from "./children.js";
import { CLI_BIN } from "./cli-check.js";
import { customer, page, recordingOf } from "./fixtures.js";
import type { Target } from "./report.js";
import { round } from "./stats.js";
import { fmt, type Section, times } from "./table.js";

const MAX_RSS = join(ROOT, "scripts", "bench", "max-rss.mjs");
// A customer of the fixtures is about 0.55 kB of JSON.
const CUSTOMER_BYTES = 550;

/** One size: the file, the full check, and the read + parse beside it. */
export interface LargeRecordingRun {
  megabytes: number;
  customers: number;
  checkMs: number;
  checkPeakMb: number;
  parseMs: number;
  parsePeakMb: number;
}

export interface LargeRecordingResult {
  runs: LargeRecordingRun[];
  /** The check's time per MB of the largest file over that of the middle one (1 = in proportion). */
  timeGrowth: number;
  /** The same for the check's peak memory. */
  memoryGrowth: number;
}

async function measured(args: string[]): Promise<{ ms: number; peakMb: number }> {
  const finished = await run(process.execPath, ["--import", MAX_RSS, ...args], {
    env: { ...CHILD_ENV, NODE_OPTIONS: "--max-old-space-size=8192" },
    timeoutMs: 600_000,
  });
  if (finished.code !== 0)
    throw new Error(`${args.join(" ")} exited ${finished.code}: ${finished.stderr.slice(0, 400)}`);
  const kb = /bench-max-rss-kb (\d+)/.exec(finished.stderr)?.[1];
  if (kb === undefined) throw new Error(`${args.join(" ")}: no peak memory reported`);
  return { ms: round(finished.ms, 0), peakMb: round(Number(kb) / 1024, 0) };
}

const PARSE_ONLY = `const { readFileSync } = require("node:fs"); JSON.parse(readFileSync(process.argv[1], "utf8"));`;

// Written in batches: a page of 400,000 customers built as one object would raise this process's
// resident memory by a gigabyte, and a child forked from it (the streaming-memory part) would
// report that as its own peak (Linux carries the resident size over fork and exec).
function writeLargeRecording(file: string, customers: number): void {
  const exchange = JSON.parse(recordingOf(0, 1)) as { response: { body: unknown } };
  exchange.response.body = { ...page(0, 1, 0), totalCount: customers, items: "ITEMS" };
  const [head, tail] = JSON.stringify(exchange).split('"ITEMS"');
  const fd = openSync(file, "w");
  try {
    writeSync(fd, `${head}[`);
    for (let start = 0; start < customers; start += 1000) {
      const batch: string[] = [];
      for (let n = start; n < Math.min(start + 1000, customers); n++) batch.push(JSON.stringify(customer(n)));
      writeSync(fd, (start > 0 ? "," : "") + batch.join(","));
    }
    writeSync(fd, `]${tail}`);
  } finally {
    closeSync(fd);
  }
}

/** Writes one recording of about `megabytes` MB per size and measures each. */
export async function measureLargeRecordings(sizes: readonly number[]): Promise<LargeRecordingResult> {
  const dir = await mkdtemp(join(tmpdir(), "pc-bench-large-"));
  const untrack = trackTempDir(dir);
  try {
    const runs: LargeRecordingRun[] = [];
    for (const target of sizes) {
      const customers = Math.round((target * 1024 * 1024) / CUSTOMER_BYTES);
      const file = join(dir, `large-${target}mb.json`);
      writeLargeRecording(file, customers);
      const megabytes = round((await stat(file)).size / 1024 / 1024, 1);
      const check = await measured([CLI_BIN, "check", file]);
      const parse = await measured(["-e", PARSE_ONLY, file]);
      runs.push({
        megabytes,
        customers,
        checkMs: check.ms,
        checkPeakMb: check.peakMb,
        parseMs: parse.ms,
        parsePeakMb: parse.peakMb,
      });
      await rm(file);
    }
    const [, middle, large] = runs;
    if (!middle || !large) throw new Error("three sizes are needed to see how the cost grows");
    // Per MB at the largest size over per MB at the middle one: both far above the start-up's
    // fixed cost (about 0.4 s and 110 MB), which would make the smallest size look dearer per MB.
    const growth = (of: (r: LargeRecordingRun) => number) =>
      round(of(large) / large.megabytes / (of(middle) / middle.megabytes), 2);
    return { runs, timeGrowth: growth((r) => r.checkMs), memoryGrowth: growth((r) => r.checkPeakMb) };
  } finally {
    untrack();
    await rm(dir, { recursive: true, force: true });
  }
}

/** How much faster than in proportion a large recording's cost may grow and still count as proportional. */
export const LARGE_GROWTH_TARGET = 1.5;

/** The printed section of `measureLargeRecordings`, and its target. */
export function largeSection(
  r: LargeRecordingResult | { failed: string } | undefined,
  targets: Target[],
): Section | string {
  if (!r) return "Large recordings: not run";
  if ("failed" in r) return `Large recordings: FAILED (${r.failed})`;
  const ok = r.timeGrowth <= LARGE_GROWTH_TARGET && r.memoryGrowth <= LARGE_GROWTH_TARGET;
  const largest = r.runs[r.runs.length - 1];
  targets.push({
    name: "large recording: time and memory in proportion to its size",
    value: `${largest?.megabytes} MB in ${fmt((largest?.checkMs ?? 0) / 1000)} s, ${largest?.checkPeakMb} MB peak; growth ${times(r.timeGrowth)} time, ${times(r.memoryGrowth)} memory`,
    target: `growth ≤ ${LARGE_GROWTH_TARGET}×`,
    ok,
  });
  return {
    title: "Large recordings: `pc-customers check` on one exchange file (sources via tsx)",
    note: `growth = cost per MB of the largest file over that of the middle one (1 = in proportion); time ${times(r.timeGrowth)}, memory ${times(r.memoryGrowth)}; read + parse alone beside it`,
    columns: ["file MB", "customers", "check s", "peak MB", "read + parse s", "peak MB", "check s per MB"],
    rows: r.runs.map((run) => [
      fmt(run.megabytes),
      run.customers,
      fmt(run.checkMs / 1000, 2),
      run.checkPeakMb,
      fmt(run.parseMs / 1000, 2),
      run.parsePeakMb,
      fmt(run.checkMs / 1000 / run.megabytes, 3),
    ]),
  };
}
