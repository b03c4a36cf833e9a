import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, GENERATED, ROOT, SPEC, TOOL_ENV } from "../helpers/paths.js";

const run = promisify(execFile);

/** Runs openapi-typescript's own staleness check of `out` against `spec`; resolves to its exit code. */
async function checkGenerated(cwd: string, spec: string, out: string): Promise<number> {
  try {
    await run(bin("openapi-typescript"), [spec, "-o", out, "--check"], { cwd, env: TOOL_ENV });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? 1;
  }
}

describe("generated/ is the openapi-typescript output of the current spec", () => {
  let scratch: string;
  beforeAll(async () => {
    // A folder with no redocly.yaml, so that openapi-typescript reads exactly the files named.
    scratch = await mkdtemp(join(tmpdir(), "pc-generated-"));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("the committed types match the spec (run `npm run generate` after editing the spec)", async () => {
    expect(await checkGenerated(ROOT, SPEC, GENERATED)).toBe(0);
  });

  it("a spec edited without regenerating is reported as stale", async () => {
    const spec = join(scratch, "edited.yaml");
    const out = join(scratch, "types.d.ts");
    const text = await readFile(SPEC, "utf8");
    const edited = text.replace(
      "description: The customer's commerce id.",
      "description: An edited description.",
    );
    expect(edited).not.toBe(text);
    await writeFile(spec, edited);
    await cp(GENERATED, out);
    expect(await checkGenerated(scratch, spec, out)).not.toBe(0);
  });
});
