/**
 * Runs in its own process (forked by checker.ts, so the parent's heap and JIT state do not leak in).
 * Arguments: `<dir> <rounds> <warmup>`. Times, over every file of `dir`, the floor and our in-process
 * `checkFile` loop, alternating per round, plus a breakdown of checkText's steps; reports over IPC.
 */

import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { checkFile } from "../../src/toolkit/conformance/check.js";
import { parseRecording } from "../../src/toolkit/conformance/recording.js";
import { findSecrets, locateSecrets } from "../../src/toolkit/conformance/secrets.js";
import { loadSpec } from "../../src/toolkit/conformance/spec.js";
import { SpecValidator } from "../../src/toolkit/conformance/validator.js";
import { compileFloor, floorCheck, floorCheckAsyncRead } from "./floor.js";
import { now, round, type Sample, summarise } from "./stats.js";

export interface CheckerWorkerResult {
  files: number;
  /** Loading the spec and compiling every validator (ms). */
  validatorSetupMs: number;
  floorSetupMs: number;
  /** Whole passes over every file (ms). */
  floor: Sample;
  /** The floor with `fs/promises` `readFile`, the read checkFile uses. */
  floorAsyncRead: Sample;
  checkFile: Sample;
  /** Per-file cost of checkText's steps, on texts already in memory (ms per file). */
  breakdown: Record<string, number>;
}

const [dir = "", roundsArg = "3", warmupArg = "1"] = process.argv.slice(2);
const files = (await readdir(dir))
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

const passes = {
  floor: async () => {
    for (const file of files) if (!floorCheck(floor, file)) throw new Error(`floor rejects ${file}`);
  },
  floorAsyncRead: async () => {
    for (const file of files)
      if (!(await floorCheckAsyncRead(floor, file))) throw new Error(`floor rejects ${file}`);
  },
  checkFile: async () => {
    for (const file of files) {
      const result = await checkFile(validator, file);
      if (!result.ok) throw new Error(`checkFile rejects ${file}: ${JSON.stringify(result.violations[0])}`);
    }
  },
};
const runs: Record<keyof typeof passes, number[]> = { floor: [], floorAsyncRead: [], checkFile: [] };
const order = Object.keys(passes) as Array<keyof typeof passes>;
for (let r = 0; r < Number(warmupArg) + Number(roundsArg); r++) {
  for (let i = 0; i < order.length; i++) {
    const name = order[(i + r) % order.length] as keyof typeof passes;
    const start = now();
    await passes[name]();
    if (r >= Number(warmupArg)) runs[name].push(now() - start);
  }
}

// Where checkFile's time goes beyond the floor: each step alone, on the texts in memory.
const texts = await Promise.all(files.map((f) => readFile(f, "utf8")));
const perFile = (fn: (text: string) => unknown): number => {
  for (const text of texts.slice(0, 200)) fn(text);
  const start = now();
  for (const text of texts) fn(text);
  return round((now() - start) / texts.length, 4);
};
const breakdown = {
  "readFileSync (utf8)": round(
    (() => {
      const start = now();
      for (const f of files) readFileSync(f, "utf8");
      return (now() - start) / files.length;
    })(),
    4,
  ),
  "fs/promises readFile (utf8)": round(
    await (async () => {
      const start = now();
      for (const f of files) await readFile(f, "utf8");
      return (now() - start) / files.length;
    })(),
    4,
  ),
  "JSON.parse": perFile((text) => JSON.parse(text)),
  "JSON.parse + floor's Ajv validator": perFile((text) =>
    floor((JSON.parse(text) as { response: { body: unknown } }).response.body),
  ),
  "findSecrets (scan of the text, for files that do not parse)": perFile((text) => findSecrets(text)),
  "JSON.parse + locateSecrets (the checker's secret scan)": perFile((text) =>
    locateSecrets(JSON.parse(text)),
  ),
  "JSON.parse + the one walk (secrets, and drift beside the body)": perFile((text) => {
    const value = JSON.parse(text) as {
      request: { url: string };
      response: { headers: Record<string, string>; body: object };
    };
    const drift = validator.drift.begin("GET", value.request.url, 200, value.response.headers);
    const alongside = drift?.beside(value.response.body);
    locateSecrets(value, alongside ? { alongside } : {});
    drift?.finish();
  }),
  "parseRecording (JSON.parse + shape)": perFile((text) => parseRecording(text)),
  "parseRecording + checkRequest": perFile((text) => {
    const parsed = parseRecording(text);
    if (parsed.ok) for (const { exchange } of parsed.exchanges) validator.checkRequest(exchange.request);
  }),
  "parseRecording + checkResponse (Ajv, headers)": perFile((text) => {
    const parsed = parseRecording(text);
    if (parsed.ok)
      for (const { exchange } of parsed.exchanges)
        validator.checkResponse({ ...exchange.request, ...exchange.response });
  }),
  "parseRecording + drift (the walk beside the schema)": perFile((text) => {
    const parsed = parseRecording(text);
    if (parsed.ok)
      for (const { exchange } of parsed.exchanges)
        validator.drift.exchange(
          exchange.request.method,
          exchange.request.url,
          exchange.response.status,
          exchange.response.headers,
          exchange.response.body,
        );
  }),
};

const result: CheckerWorkerResult = {
  files: files.length,
  validatorSetupMs: round(validatorSetupMs),
  floorSetupMs: round(floorSetupMs),
  floor: summarise(runs.floor),
  floorAsyncRead: summarise(runs.floorAsyncRead),
  checkFile: summarise(runs.checkFile),
  breakdown,
};
process.send?.(result);
process.disconnect?.();
