// The generated step: the package's generated types are what openapi-typescript makes of the spec.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { type EmbeddedAssets, embeddedAssets } from "../../../conformance/assets.js";
import { findBin, runTool } from "../../tools.js";
import { lastLines, notInstalled, type StepOutcome } from "./step.js";

/** Compares the generated types (`assets.generated`) with openapi-typescript's output of `spec`. */
export async function generatedStep(
  spec: string,
  assets: Pick<EmbeddedAssets, "spec" | "generated"> = embeddedAssets(),
): Promise<StepOutcome> {
  const { generated } = assets;
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
          ? `${shown(generated)} is not the openapi-typescript output of ${spec}: run 'npm run generate' and commit the result`
          : `openapi-typescript failed: ${lastLines(result.stderr || result.stdout)}`,
      ],
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}
