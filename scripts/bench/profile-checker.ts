/**
 * A profiling loop for the checker: `node --cpu-prof --import tsx scripts/bench/profile-checker.ts [files] [passes]`
 * generates the bench's recordings, then runs `checkFileSync` over them `passes` times, so that a CPU
 * profile shows where a checked file's time goes (the bench's breakdown times each step alone).
 */
import { checkFileSync } from "../../src/toolkit/conformance/check.js";
import { loadSpec } from "../../src/toolkit/conformance/spec.js";
import { SpecValidator } from "../../src/toolkit/conformance/validator.js";
import { generateRecordings } from "./recordings.js";

const [filesArg = "500", passesArg = "10"] = process.argv.slice(2);
const set = await generateRecordings(Number(filesArg));
try {
  const validator = new SpecValidator(loadSpec());
  const start = performance.now();
  for (let pass = 0; pass < Number(passesArg); pass++)
    for (const file of set.files) {
      const result = checkFileSync(validator, file);
      if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.violations[0])}`);
    }
  const perFile = (performance.now() - start) / (set.files.length * Number(passesArg));
  process.stdout.write(`checkFileSync: ${perFile.toFixed(4)} ms per file\n`);
} finally {
  await set.remove();
}
