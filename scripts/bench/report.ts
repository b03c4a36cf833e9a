/** Turns the measurements into the printed tables and the list of targets met or missed. */
import { basename } from "node:path";
import type { CheckerResult } from "./checker.js";
import { type ClientOverheadResult, VARIANTS, type Variant } from "./client-overhead.js";
import type { FootprintResult } from "./footprint.js";
import { type LargeRecordingResult, largeSection } from "./large.js";
import type { MemoryResult } from "./memory.js";
import { type PacedResult, pacedSection } from "./paced.js";
import type { PackedClientResult } from "./packed-client.js";
import { type Cell, fmt, type Section, times } from "./table.js";

/** One target of issue #6, with its verdict (`undefined`: could not be measured). */
export interface Target {
  name: string;
  value: string;
  target: string;
  ok: boolean | undefined;
}

export interface Results {
  clientOverhead?: ClientOverheadResult | { failed: string };
  checker?: CheckerResult | { failed: string };
  largeRecordings?: LargeRecordingResult | { failed: string };
  memory?: MemoryResult | { failed: string };
  footprint?: FootprintResult | { unavailable: string } | { failed: string };
  packedClient?: PackedClientResult | { failed: string };
  paced?: PacedResult | { failed: string };
}

export const TARGETS = {
  clientVsBare: 1.05,
  /** Issue #18: checkFileSync, all four passes on and apart, within 1.5× of the floor. */
  checkerVsFloor: 1.5,
  /** Issue #18: `pc-customers check` per file within 1.5× of the floor (process start-up aside). */
  cliVsFloor: 1.5,
  startupMs: 500,
  memoryGrowthMb: 50,
  installPackages: 4,
  installBytes: 2_000_000,
};

const verdict = (ok: boolean | undefined) => (ok === undefined ? "n/a" : ok ? "ok" : "MISSED");
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const signed = (mbValue: number | undefined, decimals = 1) =>
  mbValue === undefined ? "—" : `${mbValue >= 0 ? "+" : ""}${fmt(mbValue, decimals)} MB`;

function clientSection(r: Results["clientOverhead"], targets: Target[]): Section | string {
  if (!r) return "Client overhead: not run";
  if ("failed" in r) return `Client overhead: FAILED (${r.failed})`;
  const perPage = (ms: number) => fmt((ms / r.pages) * 1000, 0);
  const rows: Cell[][] = [];
  for (const [variant, label] of Object.entries(VARIANTS) as Array<[Variant, string]>) {
    const v = r.variants[variant];
    const isClient = variant === "client";
    if (!v) {
      if (variant.startsWith("client")) rows.push([label, "not available", "", "", "", "", "", "", ""]);
      continue;
    }
    const ok = isClient ? v.vsBare <= TARGETS.clientVsBare : undefined;
    rows.push([
      label,
      fmt(v.wall.median),
      perPage(v.wall.median),
      perPage(v.cpu.median),
      times(v.vsBare),
      times(v.vsBarePaired),
      times(v.vsBareBest),
      isClient ? `≤ ${TARGETS.clientVsBare}×` : "",
      isClient ? verdict(ok) : "",
    ]);
    if (isClient)
      targets.push({
        name: "client ≤ 1.05× bare fetch",
        value: times(v.vsBare),
        target: `≤ ${TARGETS.clientVsBare}×`,
        ok,
      });
  }
  if (r.clientUnavailable)
    targets.push({
      name: "client ≤ 1.05× bare fetch",
      value: `not available (${r.clientUnavailable})`,
      target: `≤ ${TARGETS.clientVsBare}×`,
      ok: undefined,
    });
  return {
    title: `1. Client overhead: ${r.pages} pages × ${r.customers / r.pages} customers (${r.customers}) from a server process`,
    note: `median of ${r.rounds} alternating rounds after warm-up; vs bare = ratio of medians (the target); paired = median of per-round ratios; best = ratio of fastest walks; cpu = this process only`,
    columns: [
      "variant",
      "walk ms",
      "µs/page",
      "cpu µs/page",
      "vs bare",
      "paired",
      "best",
      "target",
      "verdict",
    ],
    rows,
  };
}

function checkerSection(r: Results["checker"], targets: Target[]): Section | string {
  if (!r) return "Checker throughput: not run";
  if ("failed" in r) return `Checker throughput: FAILED (${r.failed})`;
  const floor = r.floorPerFileMs;
  const w = r.inProcess;
  const rows: Cell[][] = [
    ["floor: readFileSync + JSON.parse + 1 Ajv validator", fmt(floor, 4), "1.00×", "", "", ""],
  ];
  const okIn = r.checkFileVsFloor <= TARGETS.checkerVsFloor;
  rows.push([
    "checkFileSync (four passes), in process",
    fmt(r.checkFilePerFileMs, 4),
    times(r.checkFileVsFloor),
    `≤ ${TARGETS.checkerVsFloor}×`,
    verdict(okIn),
    "",
  ]);
  targets.push({
    name: `checkFileSync per file ≤ ${TARGETS.checkerVsFloor}× floor`,
    value: times(r.checkFileVsFloor),
    target: `≤ ${TARGETS.checkerVsFloor}×`,
    ok: okIn,
  });
  if ("unavailable" in r.cli) {
    rows.push(["pc-customers check (CLI)", "not available", "", "", "n/a", ""]);
    targets.push({
      name: `CLI per file ≤ ${TARGETS.cliVsFloor}× floor`,
      value: `not available (${r.cli.unavailable})`,
      target: `≤ ${TARGETS.cliVsFloor}×`,
      ok: undefined,
    });
    targets.push({
      name: "CLI start-up (one file) ≤ 500 ms",
      value: "not available",
      target: "≤ 500 ms",
      ok: undefined,
    });
  } else {
    for (const c of r.cli) {
      if ("failed" in c) {
        rows.push([`pc-customers check, ${c.label}`, "FAILED", "", "", "n/a", c.failed.slice(0, 60)]);
        targets.push({ name: `CLI (${c.label})`, value: `failed: ${c.failed}`, target: "", ok: undefined });
        continue;
      }
      const ratio = c.perFileMs / floor;
      const ok = ratio <= TARGETS.cliVsFloor;
      const okStart = c.startup.median <= TARGETS.startupMs;
      rows.push([
        `pc-customers check, ${c.label}`,
        fmt(c.perFileMs, 4),
        times(ratio),
        `≤ ${TARGETS.cliVsFloor}×`,
        verdict(ok),
        `${r.files} files ${fmt(c.all.median, 0)} ms; one file ${fmt(c.startup.median, 0)} ms (≤ ${TARGETS.startupMs}: ${verdict(okStart)})`,
      ]);
      targets.push({
        name: `CLI per file ≤ ${TARGETS.cliVsFloor}× floor (${c.label})`,
        value: times(ratio),
        target: `≤ ${TARGETS.cliVsFloor}×`,
        ok,
      });
      targets.push({
        name: `CLI start-up, one file (${c.label})`,
        value: `${fmt(c.startup.median, 0)} ms`,
        target: `≤ ${TARGETS.startupMs} ms`,
        ok: okStart,
      });
    }
  }
  if ("failed" in r.prism) {
    rows.push(["Prism proxy --errors", "FAILED", "", "", "", r.prism.failed.slice(0, 80)]);
  } else {
    const p = r.prism;
    rows.push([
      "Prism proxy --errors: added per page",
      fmt(p.perPageAddedMs, 4),
      times(p.perPageAddedMs / floor, 1),
      "",
      "",
      `${p.pages} pages; ${fmt(p.perPageViaPrismMs, 3)} ms/page through Prism vs ${fmt(p.direct.median / p.pages, 3)} direct (≈ ${fmt((p.perPageViaPrismMs * r.files) / 1000, 1)} s for ${r.files}); start ${fmt(p.startMs, 0)} ms`,
    ]);
  }
  return {
    title: `2. Checker throughput: ${r.files} recorded pages of 40 customers (exchange files, ${kB(r.avgFileBytes)} each)`,
    note: `ms per file, tinybench's median over every file in turn; spec load + compile ${fmt(w.validatorSetupMs, 0)} ms (floor's compile ${fmt(w.floorSetupMs, 0)} ms)${prismNote(r)}`,
    columns: ["checker", "ms/file", "vs floor", "target", "verdict", "notes"],
    rows,
  };
}

/** How many times Prism's added cost per page is our cost per file (in process, and each CLI). */
function prismNote(r: CheckerResult): string {
  if ("failed" in r.prism) return "";
  const added = r.prism.perPageAddedMs;
  const vs = [`${fmt(added / r.checkFilePerFileMs, 1)}× our in-process checkFile`];
  if (Array.isArray(r.cli))
    for (const c of r.cli)
      if (!("failed" in c)) vs.push(`${fmt(added / c.perFileMs, 1)}× the CLI (${c.label})`);
  return `\n  Prism's validation costs ${fmt(added, 2)} ms per page: ${vs.join(", ")}`;
}

function breakdownSection(r: Results["checker"]): Section | undefined {
  if (!r || "failed" in r) return undefined;
  return {
    title: "2b. Where a checkFileSync goes (each step alone, texts in memory; ms per file, tinybench)",
    columns: ["step", "median ms/file", "vs floor", "± %", "samples"],
    rows: Object.entries(r.inProcess.perFile).map(([step, t]) => [
      step,
      fmt(t.median, 4),
      times(t.median / r.floorPerFileMs),
      fmt(t.rme, 1),
      t.samples,
    ]),
  };
}

function memorySection(r: Results["memory"], targets: Target[]): Section | string {
  if (!r) return "Streaming memory: not run";
  if ("failed" in r) return `Streaming memory: FAILED (${r.failed})`;
  const rows: Cell[][] = [];
  const span = r.sizes.map((n) => n.toLocaleString("en-US")).join(" → ");
  for (const variant of ["client", "bareFetch"] as const) {
    const runs = r.runs[variant];
    if (!runs) continue;
    const growth = r.growthMb[variant];
    const isClient = variant === "client";
    const ok = isClient && growth !== undefined ? growth < TARGETS.memoryGrowthMb : undefined;
    rows.push([
      isClient ? "pc.customers.list() iterator" : "bare fetch iterator (control)",
      ...runs.map((m) => `${fmt(m.maxRssMb)} MB`),
      `${fmt(runs[0]?.baselineRssMb)} MB`,
      signed(growth),
      signed(r.retainedGrowthMb[variant], 2),
      isClient ? `< ${TARGETS.memoryGrowthMb} MB` : "",
      isClient ? verdict(ok) : "",
    ]);
    if (isClient)
      targets.push({
        name: `streaming: peak RSS growth ${span} < 50 MB`,
        value: `${fmt(growth)} MB`,
        target: `< ${TARGETS.memoryGrowthMb} MB`,
        ok,
      });
  }
  if (r.clientUnavailable) {
    rows.unshift([
      "pc.customers.list() iterator",
      ...r.sizes.map(() => "not available"),
      "",
      "",
      "",
      `< ${TARGETS.memoryGrowthMb} MB`,
      "n/a",
    ]);
    targets.push({
      name: `streaming: peak RSS growth ${span} < 50 MB`,
      value: `not available (${r.clientUnavailable})`,
      target: `< ${TARGETS.memoryGrowthMb} MB`,
      ok: undefined,
    });
  }
  return {
    title:
      "3. Streaming memory: peak RSS (maxRSS) of a fresh plain-node process listing N customers (40 per page)",
    note: `retained after GC = heap in use after a forced full GC at the end of the ${r.sizes[r.sizes.length - 1]?.toLocaleString("en-US")} walk minus at its first tenth (separate --expose-gc run)`,
    columns: [
      "iterator",
      ...r.sizes.map((n) => `peak @ ${n.toLocaleString("en-US")}`),
      "RSS before",
      "growth",
      "retained after GC",
      "target",
      "verdict",
    ],
    rows,
  };
}

function footprintSection(r: Results["footprint"], targets: Target[]): Section | string {
  if (!r) return "Footprint: not run";
  if ("failed" in r) return `4. Footprint: FAILED (${r.failed})`;
  if ("unavailable" in r) {
    targets.push({
      name: "client entry loads no Ajv/YAML/Prism",
      value: `not available (${r.unavailable})`,
      target: "none",
      ok: undefined,
    });
    return `4. Footprint: not available (${r.unavailable})`;
  }
  const ok = r.forbidden.length === 0;
  targets.push({
    name: "client entry loads no Ajv/YAML/Prism",
    value: ok ? "none loaded" : r.forbidden.join("; "),
    target: "none",
    ok,
  });
  const ours = r.loaded.filter((m) => !m.startsWith("node_modules/"));
  const packages = [
    ...new Set(
      r.loaded
        .filter((m) => m.startsWith("node_modules/"))
        .map((m) =>
          m
            .split("/")
            .slice(1, m.includes("/@") ? 3 : 2)
            .join("/"),
        ),
    ),
  ];
  return {
    title: "4. Footprint of the client entry (src/client/index.ts)",
    columns: ["measure", "value", "verdict"],
    rows: [
      [
        "modules loaded by import",
        `${ours.length} own (${ours.map((m) => basename(m, ".js")).join(", ")}) + ${packages.join(", ") || "no packages"}`,
        "",
      ],
      ["Ajv / YAML / Prism / toolkit loaded", ok ? "none" : r.forbidden.join("; "), verdict(ok)],
      [
        "import time, fresh process (median)",
        `${fmt(r.importMs)} ms (openapi-fetch alone ${fmt(r.openapiFetchImportMs)} ms)`,
        "",
      ],
      [
        "client alone (openapi-fetch external), minified",
        `${kB(r.sizeClientOnly.minifiedBytes)} (${kB(r.sizeClientOnly.gzipBytes)} gzip)`,
        "",
      ],
      [
        "client + openapi-fetch, minified",
        `${kB(r.sizeWithOpenapiFetch.minifiedBytes)} (${kB(r.sizeWithOpenapiFetch.gzipBytes)} gzip)`,
        "",
      ],
      [
        "openapi-fetch alone, minified",
        `${kB(r.sizeOpenapiFetch.minifiedBytes)} (${kB(r.sizeOpenapiFetch.gzipBytes)} gzip)`,
        "",
      ],
    ],
  };
}

function packedClientSection(r: Results["packedClient"], targets: Target[]): Section | string {
  if (!r) return "5. Packed client: not run";
  if ("failed" in r) return `5. Packed client: FAILED (${r.failed})`;
  const okCount = r.packages.length <= TARGETS.installPackages;
  const okBytes = r.installBytes < TARGETS.installBytes;
  const okBrowser = r.nodeBuiltins.length === 0;
  const mb = (bytes: number) => `${fmt(bytes / 1_000_000, 2)} MB`;
  targets.push(
    {
      name: `client install ≤ ${TARGETS.installPackages} packages`,
      value: `${r.packages.length}`,
      target: `≤ ${TARGETS.installPackages}`,
      ok: okCount,
    },
    {
      name: "client install < 2 MB on disk",
      value: mb(r.installBytes),
      target: `< ${mb(TARGETS.installBytes)}`,
      ok: okBytes,
    },
    {
      name: "browser bundle imports no Node built-in",
      value: okBrowser ? "none" : r.nodeBuiltins.join(", "),
      target: "none",
      ok: okBrowser,
    },
  );
  return {
    title: "5. The packed client (npm pack -w src/client), installed into an empty app",
    columns: ["measure", "value", "target", "verdict"],
    rows: [
      ["tarball", kB(r.tarballBytes), "", ""],
      [
        "packages installed",
        `${r.packages.length} (${r.packages.join(", ")})`,
        `≤ ${TARGETS.installPackages}`,
        verdict(okCount),
      ],
      ["node_modules on disk", mb(r.installBytes), `< ${mb(TARGETS.installBytes)}`, verdict(okBytes)],
      [
        "browser bundle (client + redact + openapi-fetch), minified",
        `${kB(r.browserBundle.minifiedBytes)} (${kB(r.browserBundle.gzipBytes)} gzip)`,
        "",
        "",
      ],
      [
        "Node built-ins in the browser bundle",
        okBrowser ? "none" : r.nodeBuiltins.join(", "),
        "none",
        verdict(okBrowser),
      ],
    ],
  };
}

/** The sections to print, and the targets with their verdicts. */
export function buildReport(results: Results): { sections: Array<Section | string>; targets: Target[] } {
  const targets: Target[] = [];
  const sections: Array<Section | string> = [
    clientSection(results.clientOverhead, targets),
    pacedSection(results.paced, targets),
    checkerSection(results.checker, targets),
  ];
  const breakdown = breakdownSection(results.checker);
  if (breakdown) sections.push(breakdown);
  sections.push(
    largeSection(results.largeRecordings, targets),
    memorySection(results.memory, targets),
    footprintSection(results.footprint, targets),
    packedClientSection(results.packedClient, targets),
  );
  return { sections, targets };
}
