/**
 * Runs in its own process (forked by checker.ts, so the parent's heap and JIT state do not leak in).
 * Arguments: `<dir> <milliseconds per task>`. Times with tinybench, per file, cycling through every
 * file of `dir`: the floor (read + parse + one precompiled validator), `checkFileSync` with its
 * four passes, and each step alone on texts and parsed recordings already in memory.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Bench } from "tinybench";
import { checkFileSync, validate } from "../../src/toolkit/conformance/check.js";
import { tallyCoverage } from "../../src/toolkit/conformance/coverage.js";
import { findCredentials } from "../../src/toolkit/conformance/credentials.js";
import { driftOf } from "../../src/toolkit/conformance/drift.js";
import { parseRecording } from "../../src/toolkit/conformance/recording.js";
import { loadSpec } from "../../src/toolkit/conformance/spec.js";
import { SpecValidator } from "../../src/toolkit/conformance/validator.js";
import { compileFloor, floorCheck } from "./floor.js";
import { now, round } from "./stats.js";

/** One task's latency per file (ms). */
export interface PerFile {
  median: number;
  mean: number;
  /** Relative margin of error of the mean, in percent. */
  rme: number;
  samples: number;
}

export interface CheckerWorkerResult {
  files: number;
  /** Loading the spec and compiling every validator (ms). */
  validatorSetupMs: number;
  floorSetupMs: number;
  /** The two the targets compare: the floor, and checkFileSync with its four passes. */
  floor: PerFile;
  checkFile: PerFile;
  /** Each task's cost per file, those two included, by name. */
  perFile: Record<string, PerFile>;
}

const FLOOR = "floor: readFileSync + JSON.parse + 1 Ajv validator";
const CHECK_FILE = "checkFileSync: read, parse, and the four passes";

const [dir = "", msArg = "2000"] = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => join(dir, f));

let t = now();
const document = loadSpec();
const validator = new SpecValidator(document);
const validatorSetupMs = now() - t;
t = now();
const floor = compileFloor(document);
const floorSetupMs = now() - t;

const texts = files.map((f) => readFileSync(f, "utf8"));
const parsed = texts.map((text) => {
  const p = parseRecording(text);
  if (!p.ok) throw new Error(p.message);
  return p;
});
const checked = parsed.map((p) => validate(validator, p).checked);

// Each task is called once per file, going round the files.
const cycling = <T>(items: readonly T[], fn: (item: T) => unknown) => {
  let i = 0;
  return () => {
    fn(items[i++ % items.length] as T);
  };
};
const bench = new Bench({ time: Number(msArg), warmupTime: Math.min(500, Number(msArg) / 4) });
bench
  .add(
    FLOOR,
    cycling(files, (file) => {
      if (!floorCheck(floor, file)) throw new Error(`floor rejects ${file}`);
    }),
  )
  .add(
    CHECK_FILE,
    cycling(files, (file) => {
      const result = checkFileSync(validator, file);
      if (!result.ok)
        throw new Error(`checkFileSync rejects ${file}: ${JSON.stringify(result.violations[0])}`);
    }),
  )
  .add(
    "readFileSync (utf8)",
    cycling(files, (file) => readFileSync(file, "utf8")),
  )
  .add(
    "JSON.parse",
    cycling(texts, (text) => JSON.parse(text)),
  )
  .add(
    "parseRecording (JSON.parse + shape)",
    cycling(texts, (text) => parseRecording(text)),
  )
  .add(
    "floor's Ajv validator on a parsed body",
    cycling(parsed, (p) => floor(p.exchanges[0]?.exchange.response.body)),
  )
  .add(
    "validation pass (request, headers, body: Ajv)",
    cycling(parsed, (p) => validate(validator, p)),
  )
  .add(
    "drift pass",
    cycling(checked, (c) => driftOf(validator.drift, c)),
  )
  .add(
    "coverage pass",
    cycling(checked, (c) => tallyCoverage(validator, c)),
  )
  .add(
    "credential pass",
    cycling(parsed, (p) => findCredentials(p.value)),
  );
await bench.run();

const perFile: Record<string, PerFile> = {};
for (const task of bench.tasks) {
  const result = task.result;
  if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
  perFile[task.name] = {
    median: round(result.latency.p50, 4),
    mean: round(result.latency.mean, 4),
    rme: round(result.latency.rme, 2),
    samples: result.latency.samplesCount,
  };
}
const output: CheckerWorkerResult = {
  files: files.length,
  floor: perFile[FLOOR] as PerFile,
  checkFile: perFile[CHECK_FILE] as PerFile,
  validatorSetupMs: round(validatorSetupMs),
  floorSetupMs: round(floorSetupMs),
  perFile,
};
process.send?.(output);
process.disconnect?.();
