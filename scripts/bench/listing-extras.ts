/**
 * Issue #21's measures: `pc-customers list --format csv` against `--format ndjson` over the same
 * 10,000 customers from the paging server (within 1.2× of each other), and `pc-customers diff` of
 * two 100,000-customer NDJSON listings (1% removed, 1% added, 1% changed), time and peak memory,
 * beside a child that only reads both files line by line and parses each line. Every run is a
 * spawned CLI, as a user runs it; rounds alternate the variants so drift in the machine's load hits
 * both alike.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHILD_ENV, run, trackTempDir } from "./children.js";
import { CLI_BIN } from "./cli-check.js";
import { customer } from "./fixtures.js";
import { startPagingServer } from "./server-handle.js";
import { median, round } from "./stats.js";

// Preloaded into each measured child: its peak resident set and its CPU time (user + system), which
// a busy shared machine disturbs far less than wall time.
const USAGE = `data:text/javascript,${encodeURIComponent(
  [
    'import { writeSync } from "node:fs";',
    'process.on("exit", () => {',
    "  const u = process.resourceUsage();",
    '  writeSync(2, "\\nbench-usage " + u.maxRSS + " " + (u.userCPUTime + u.systemCPUTime) + "\\n");',
    "});",
  ].join("\n"),
)}`;
export interface ListingExtrasResult {
  /** Medians of the rounds: CPU time (user + system) of the whole CLI process, and wall time. */
  csv: {
    customers: number;
    rounds: number;
    csvCpuMs: number;
    ndjsonCpuMs: number;
    csvMs: number;
    ndjsonMs: number;
    /** The slower format's CPU time over the faster one's. */
    ratio: number;
    ok: boolean;
  };
  diff: {
    customers: number;
    fileMb: number;
    diffMs: number;
    diffCpuMs: number;
    diffPeakMb: number;
    readMs: number;
    readCpuMs: number;
    readPeakMb: number;
  };
}

async function measured(
  args: string[],
  okCodes: number[] = [0],
): Promise<{ ms: number; cpuMs: number; peakMb: number }> {
  const finished = await run(process.execPath, ["--import", USAGE, ...args], {
    env: { ...CHILD_ENV, PARTNER_CENTER_TOKEN: "bench-token-not-a-secret" },
    timeoutMs: 600_000,
  });
  if (finished.code === null || !okCodes.includes(finished.code))
    throw new Error(`${args.join(" ")} exited ${finished.code}: ${finished.stderr.slice(0, 400)}`);
  const usage = /bench-usage (\d+) (\d+)/.exec(finished.stderr);
  if (usage === null) throw new Error(`${args.join(" ")}: no peak memory reported`);
  return {
    ms: round(finished.ms, 0),
    cpuMs: round(Number(usage[2]) / 1000, 0),
    peakMb: round(Number(usage[1]) / 1024, 0),
  };
}

// Only what any reader of the two files must do: read them line by line and parse every line.
const READ_ONLY = `
const { createReadStream } = require("node:fs");
const { createInterface } = require("node:readline");
(async () => {
  for (const file of process.argv.slice(1)) {
    for await (const line of createInterface({ input: createReadStream(file) })) if (line) JSON.parse(line);
  }
})();`;

function writeListing(file: string, ids: Iterable<number>, edit: (n: number) => boolean): void {
  const fd = openSync(file, "w");
  try {
    let batch: string[] = [];
    for (const n of ids) {
      const c = customer(n);
      if (edit(n)) c.companyProfile.companyName = `${c.companyProfile.companyName} (renamed)`;
      batch.push(`${JSON.stringify(c)}\n`);
      if (batch.length === 1000) {
        writeSync(fd, batch.join(""));
        batch = [];
      }
    }
    writeSync(fd, batch.join(""));
  } finally {
    closeSync(fd);
  }
}

function* range(from: number, to: number): Generator<number> {
  for (let n = from; n < to; n++) yield n;
}

export async function measureListingExtras(quick: boolean): Promise<ListingExtrasResult> {
  const listCustomers = 10_000;
  const pageSize = 100;
  const rounds = quick ? 1 : 5;
  const runs: Record<"csv" | "ndjson", Array<{ ms: number; cpuMs: number }>> = { csv: [], ndjson: [] };
  const server = await startPagingServer(listCustomers / pageSize, pageSize);
  try {
    const list = (format: string) =>
      measured([CLI_BIN, "list", "--base-url", server.url, "--size", String(pageSize), "--format", format]);
    await list("ndjson"); // warm-up: the tsx cache, the page cache
    for (let i = 0; i < rounds; i++) {
      runs.csv.push(await list("csv"));
      runs.ndjson.push(await list("ndjson"));
    }
  } finally {
    await server.stop();
  }
  const csvMs = median(runs.csv.map((r) => r.ms));
  const ndjsonMs = median(runs.ndjson.map((r) => r.ms));
  const csvCpuMs = median(runs.csv.map((r) => r.cpuMs));
  const ndjsonCpuMs = median(runs.ndjson.map((r) => r.cpuMs));
  const ratio = round(Math.max(csvCpuMs, ndjsonCpuMs) / Math.min(csvCpuMs, ndjsonCpuMs), 2);

  const diffCustomers = quick ? 10_000 : 100_000;
  const dir = await mkdtemp(join(tmpdir(), "pc-bench-diff-"));
  const untrack = trackTempDir(dir);
  try {
    const before = join(dir, "old.ndjson");
    const after = join(dir, "new.ndjson");
    const onePercent = diffCustomers / 100;
    writeListing(before, range(0, diffCustomers), () => false);
    writeListing(after, range(onePercent, diffCustomers + onePercent), (n) => n % 100 === 50);
    const fileMb = round((await stat(before)).size / 1024 / 1024, 1);
    const diff = await measured([CLI_BIN, "diff", "--format", "ndjson", before, after], [1]);
    const read = await measured(["-e", READ_ONLY, before, after]);
    const result: ListingExtrasResult = {
      csv: {
        customers: listCustomers,
        rounds,
        csvCpuMs,
        ndjsonCpuMs,
        csvMs,
        ndjsonMs,
        ratio,
        ok: ratio <= 1.2,
      },
      diff: {
        customers: diffCustomers,
        fileMb,
        diffMs: diff.ms,
        diffCpuMs: diff.cpuMs,
        diffPeakMb: diff.peakMb,
        readMs: read.ms,
        readCpuMs: read.cpuMs,
        readPeakMb: read.peakMb,
      },
    };
    process.stderr.write(
      [
        `bench: list ${listCustomers} customers, CPU time (wall) median of ${rounds}: csv ${csvCpuMs} ms (${csvMs} ms), ndjson ${ndjsonCpuMs} ms (${ndjsonMs} ms); ratio ${ratio} (target ≤ 1.2: ${result.csv.ok ? "ok" : "MISSED"})`,
        `bench: diff of two ${diffCustomers}-customer NDJSON listings (${fileMb} MB each): CPU ${diff.cpuMs} ms (wall ${diff.ms} ms), peak ${diff.peakMb} MB; reading and parsing both: CPU ${read.cpuMs} ms (wall ${read.ms} ms), peak ${read.peakMb} MB`,
        "",
      ].join("\n"),
    );
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
    untrack();
  }
}
