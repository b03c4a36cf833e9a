// The bin as the published package runs it: no src/, only the build (dist/src/cli/main.js, made by
// `tsc -p tsconfig.build.json`), beside openapi/ and node_modules.
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, RECORDINGS, ROOT } from "../helpers/paths.js";
import { pc, tempDir } from "./helpers.js";

const run = promisify(execFile);
let tmp: { dir: string; remove: () => Promise<void> };
let pkgBin: string;

beforeAll(async () => {
  tmp = await tempDir("pc-published-");
  const pkg = join(tmp.dir, "partner-center-customers");
  await mkdir(join(pkg, "bin"), { recursive: true });
  await cp(join(ROOT, "bin", "pc-customers.js"), join(pkg, "bin", "pc-customers.js"));
  await cp(join(ROOT, "package.json"), join(pkg, "package.json"));
  await symlink(join(ROOT, "openapi"), join(pkg, "openapi"), "dir");
  await symlink(join(ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
  // The build may report type errors in files other engineers are still writing; what matters
  // here is the JavaScript it emits.
  await run(bin("tsc"), ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], {
    cwd: ROOT,
  }).catch(() => undefined);
  pkgBin = join(pkg, "bin", "pc-customers.js");
}, 120_000);

afterAll(async () => {
  await tmp.remove();
});

describe("the published build", () => {
  it("the bin runs dist/src/cli/main.js when there are no sources", async () => {
    const version = await pc(["--version"], { bin: pkgBin });
    expect(version.code).toBe(0);
    const { version: expected } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    expect(version.stdout).toBe(`pc-customers ${expected}\n`);

    const good = join(RECORDINGS, "documented", "get-a-list-of-customers.json");
    const check = await pc(["check", good, "--reporter", "json"], { bin: pkgBin, cwd: tmp.dir });
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, files: [{ ok: true }] });
  });

  it("without a build or sources it says what to do", async () => {
    const lonely = join(tmp.dir, "lonely", "bin");
    await mkdir(lonely, { recursive: true });
    await cp(join(ROOT, "bin", "pc-customers.js"), join(lonely, "pc-customers.js"));
    await writeFile(join(tmp.dir, "lonely", "package.json"), '{"type":"module"}');
    const runLonely = await pc(["--help"], { bin: join(lonely, "pc-customers.js") });
    expect(runLonely.code).toBe(1);
    expect(runLonely.stderr).toMatch(/cannot find .*dist\/src\/cli\/main\.js\. Run 'npm run build' first/);
  });
});
