/**
 * `npm run bench`: client overhead vs bare fetch, checker throughput vs the parse floor and Prism,
 * streaming memory, the client's footprint, and the packed client (install size, browser bundle),
 * measured in one run. Prints a table and writes
 * bench/results/latest.json. Exits 0 when targets are missed (they are printed as MISSED) and 1 only
 * when a measurement crashed. Options: `--quick` (small sizes, a smoke test), `--only
 * client,paced,checker,large,memory,footprint,mock,extras,redact,lines,package` (either way results are written only
 * with `--out FILE`).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { measureChecker } from "./checker.js";
import { killAll, ROOT, runningChildren } from "./children.js";
import { measureClientOverhead } from "./client-overhead.js";
import { PAGE_SIZE } from "./fixtures.js";
import { measureFootprint } from "./footprint.js";
import { measureLargeRecordings } from "./large.js";
import { type ListingExtrasResult, measureListingExtras } from "./listing-extras.js";
import { describeMachine, machine } from "./machine.js";
import { measureMemory } from "./memory.js";
import { measureMockDoors, mockDoorsLines } from "./mock-doors.js";
import { measurePaced } from "./paced.js";
import { measurePackedClient } from "./packed-client.js";
import { measureRedactToken, type RedactTokenResult } from "./redact-token.js";
import { buildReport, type Results } from "./report.js";
import { measureSecretLines, secretLinesLines } from "./secret-lines.js";
import { renderSection } from "./table.js";

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string" }, out: { type: "string" } },
});
const quick = values.quick === true;
const only = new Set(
  (values.only ?? "client,paced,checker,large,memory,footprint,mock,extras,redact,lines,package").split(","),
);
// Only a full run replaces the committed results.
const out = values.out ?? (quick || values.only ? undefined : join(ROOT, "bench", "results", "latest.json"));

// Sized to finish in a few minutes on 2 cores.
const CONFIG = {
  client: { pages: 300, pageSize: PAGE_SIZE, rounds: quick ? 3 : 25, warmup: quick ? 1 : 3 },
  checker: {
    files: quick ? 300 : 3000,
    pageSize: PAGE_SIZE,
    taskMs: quick ? 500 : 3000,
    startupSpawns: quick ? 2 : 7,
    cliSpawns: quick ? 1 : 3,
    prismPages: 300,
    prismRounds: quick ? 1 : 3,
  },
  // Megabytes of one recording: three sizes, to see how the cost grows with the size.
  large: { sizes: quick ? [5, 10, 20] : [50, 100, 200] },
  memory: { sizes: quick ? [1_000, 10_000] : [10_000, 100_000], pageSize: PAGE_SIZE },
  footprint: { spawns: quick ? 2 : 7 },
};

async function attempt<T>(name: string, fn: () => Promise<T>): Promise<T | { failed: string }> {
  const start = performance.now();
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const result = await fn();
    process.stderr.write(`bench: ${name} done in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (error) {
    process.stderr.write(`bench: ${name} FAILED: ${(error as Error).stack ?? String(error)}\n`);
    return { failed: (error as Error).message.split("\n", 1)[0] ?? String(error) };
  }
}

function listingExtrasLines(result: ListingExtrasResult | { failed: string } | undefined): string[] {
  if (result === undefined) return [];
  if ("failed" in result) return [`CSV and diff: FAILED (${result.failed})`, ""];
  const { csv, diff } = result;
  return [
    `CSV vs NDJSON (list, ${csv.customers} customers, CPU time, median of ${csv.rounds})`,
    `  csv ${csv.csvCpuMs} ms, ndjson ${csv.ndjsonCpuMs} ms: ${csv.ratio}x (target <= 1.2x: ${csv.ok ? "ok" : "MISSED"})`,
    `diff of two ${diff.customers}-customer NDJSON listings (${diff.fileMb} MB each)`,
    `  diff ${diff.diffMs} ms wall, ${diff.diffCpuMs} ms CPU, ${diff.diffPeakMb} MB peak; reading both ${diff.readMs} ms wall, ${diff.readCpuMs} ms CPU, ${diff.readPeakMb} MB peak`,
    "",
  ];
}

function redactLines(result: RedactTokenResult[] | { failed: string } | undefined): string[] {
  if (result === undefined) return [];
  if ("failed" in result) return [`redactToken: FAILED (${result.failed})`, ""];
  return [
    "redactToken on hostile texts (median ms at 100 KB / 1 MB / 10 MB; 10 MB / 1 MB = 10 is linear)",
    ...result.map(
      (r) => `  ${r.input.padEnd(26)} ${r.ms100k} / ${r.ms1m} / ${r.ms10m} ms (ratio ${r.ratio})`,
    ),
    "",
  ];
}

const started = performance.now();
const host = machine();
const results: Results = {};
if (only.has("client"))
  results.clientOverhead = await attempt("client overhead", () => measureClientOverhead(CONFIG.client));
if (only.has("paced")) results.paced = await attempt("paced walks", () => measurePaced());
if (only.has("checker"))
  results.checker = await attempt("checker throughput", () => measureChecker(CONFIG.checker));
if (only.has("large"))
  results.largeRecordings = await attempt("large recordings", () =>
    measureLargeRecordings(CONFIG.large.sizes),
  );
if (only.has("memory"))
  results.memory = await attempt("streaming memory", () =>
    measureMemory(CONFIG.memory.sizes, CONFIG.memory.pageSize),
  );
if (only.has("footprint"))
  results.footprint = await attempt("footprint", () => measureFootprint(CONFIG.footprint.spawns));
const mockDoors = only.has("mock") ? await attempt("mock doors", () => measureMockDoors(quick)) : undefined;
const listingExtras = only.has("extras")
  ? await attempt("csv and diff", () => measureListingExtras(quick))
  : undefined;
const redact = only.has("redact")
  ? await attempt("redactToken", async () => measureRedactToken(quick ? 1 : 5))
  : undefined;
const secretLines = only.has("lines") ? measureSecretLines() : undefined;
// Last: packing deletes and rebuilds src/client/dist, which the compiled CLI measured above imports.
if (only.has("package")) results.packedClient = await attempt("packed client", () => measurePackedClient());

const { sections, targets } = buildReport(results);
const totalSeconds = (performance.now() - started) / 1000;
const loadAtEnd = Math.round((loadavg()[0] ?? 0) * 100) / 100;
const lines = [
  `partner-center-customers benchmarks (${new Date().toISOString().slice(0, 10)}${quick ? ", --quick" : ""})`,
  `machine: ${describeMachine(host)}; load average ${host.loadAverage} at the start (${loadAtEnd} at the end, this run included)`,
  ...(host.loadAverage > 1
    ? [
        "WARNING: other work was using the CPUs when the run started (load average above 1): the numbers are noisy",
      ]
    : []),
  "",
  ...sections.flatMap((s) => [typeof s === "string" ? s : renderSection(s), ""]),
  ...mockDoorsLines(mockDoors),
  ...listingExtrasLines(listingExtras),
  ...redactLines(redact),
  ...(secretLines ? secretLinesLines(secretLines) : []),
  "Targets",
  ...targets.map(
    (t) =>
      `  ${t.ok === undefined ? "n/a   " : t.ok ? "ok    " : "MISSED"}  ${t.name}: ${t.value} (target ${t.target})`,
  ),
  "",
  `${targets.filter((t) => t.ok === false).length} target(s) MISSED, ${targets.filter((t) => t.ok === undefined).length} not measured; run took ${totalSeconds.toFixed(0)} s`,
];
process.stdout.write(`${lines.join("\n")}\n`);

if (out) {
  await mkdir(dirname(out), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: host,
    config: CONFIG,
    quick,
    totalSeconds,
    loadAtEnd,
    targets,
    results: { ...results, mockDoors, listingExtras, redact, secretLines },
    table: lines.join("\n"),
  };
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`bench: wrote ${relative(process.cwd(), out)}\n`);
}

if (runningChildren() > 0) {
  process.stderr.write(`bench: ${runningChildren()} child process(es) still running; killing them\n`);
  killAll();
}
const crashed = [...Object.values(results), mockDoors, listingExtras, redact].some(
  (r) => r !== undefined && "failed" in r,
);
process.exitCode = crashed ? 1 : 0;
