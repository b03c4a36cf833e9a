// The generated step: the package's generated types are what openapi-typescript makes of the
// package's spec. They are made from that spec only, so with another `--spec` the comparison
// would be meaningless: the step is skipped and says how to check types made from that spec.
import { existsSync, realpathSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type EmbeddedAssets, embeddedAssets } from "../../../conformance/assets.js";
import { displayPath } from "../../display-path.js";
import { findBin, runTool } from "../../tools.js";
import { lastLines, notInstalled, type StepOutcome } from "./step.js";

/**
 * Compares the generated types with openapi-typescript's output of `spec`, when `spec` is the
 * package's own (`assets.spec`; a test passes other assets); skipped for any other spec.
 */
export async function generatedStep(
  spec: string,
  assets: Pick<EmbeddedAssets, "spec" | "generated"> = embeddedAssets(),
): Promise<StepOutcome> {
  const { generated } = assets;
  if (!sameFile(spec, assets.spec)) {
    return {
      verdict: "skip",
      counts: "other spec",
      details: [
        `--spec ${spec} is not this package's spec: ${displayPath(generated)} is generated from ${displayPath(assets.spec)} only. ` +
          `To check types generated from ${spec}, run: npx openapi-typescript ${shellWord(spec)} -o your-types.d.ts --check`,
      ],
    };
  }
  if (!existsSync(generated)) {
    return { verdict: "skip", counts: "-", details: [`no generated types at ${generated}`] };
  }
  const bin = findBin("openapi-typescript", "openapi-typescript");
  if (!bin) return { verdict: "skip", counts: "-", details: [notInstalled("openapi-typescript")] };
  // Run in an empty folder: openapi-typescript reads a redocly.yaml in its working directory and
  // would then ignore the file it was given.
  const scratch = await mkdtemp(join(tmpdir(), "pc-customers-generated-"));
  try {
    const result = await runTool(bin, [resolve(spec), "-o", generated, "--check"], { cwd: scratch });
    if (result.code === 0) return { verdict: "pass", counts: "1 file current", details: [] };
    const stale = /not up-to-date/i.test(result.stderr + result.stdout);
    return {
      verdict: "fail",
      counts: stale ? "1 file stale" : `exit ${result.code}`,
      details: [
        stale
          ? `${displayPath(generated)} is not the openapi-typescript output of ${spec}: run 'npm run generate' and commit the result`
          : `openapi-typescript failed: ${lastLines(result.stderr || result.stdout)}`,
      ],
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Whether two paths name the same file (through symbolic links; by path when one is missing). */
function sameFile(a: string, b: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  return real(a) === real(b);
}

/** `path` as one word of a shell command, quoted only when it needs to be. */
function shellWord(path: string): string {
  return /^[\w./:@%+=,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
