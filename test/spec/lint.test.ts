import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { bin, ROOT, SPEC, TOOL_ENV } from "../helpers/paths.js";

const run = promisify(execFile);

// Both linters must report nothing at all, warnings included: a warning left in the spec is a
// warning every user of the spec sees.
describe("the spec passes the standard OpenAPI linters", () => {
  it("Redocly's recommended rules report no error and no warning", async () => {
    const { stdout } = await run(bin("redocly"), ["lint", "--format=json"], { cwd: ROOT, env: TOOL_ENV });
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: unknown[];
    };
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("Spectral's spectral:oas rules report nothing (hints included)", async () => {
    const { stdout } = await run(
      bin("spectral"),
      ["lint", SPEC, "--format=json", "--quiet", "--fail-severity=hint"],
      {
        cwd: ROOT,
        env: TOOL_ENV,
      },
    );
    expect(JSON.parse(stdout)).toEqual([]);
  });
});
