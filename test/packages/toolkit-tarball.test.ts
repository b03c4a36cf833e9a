// The toolkit as CI gets it from npm: its tarball installed beside the client's, run through npx.
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { RECORDINGS } from "../helpers/paths.js";
import { runIn } from "./run.js";

const { toolkitApp } = inject("packages");

/**
 * `npx --no -- pc-customers ...args` in the app: the installed bin, never one fetched from the
 * registry. Without `--`, npx 11 takes `--version` as its own flag and prints npm's version.
 */
const pcCustomers = (args: string[]) =>
  runIn(toolkitApp, "npx", ["--no", "--", "pc-customers", ...args], 90_000);

describe("the toolkit tarball, installed with the client tarball", () => {
  it("npx pc-customers --version prints the package's version", async () => {
    const { version } = JSON.parse(
      await readFile(join(toolkitApp, "node_modules", "pc-customers", "package.json"), "utf8"),
    ) as { version: string };
    const ran = await pcCustomers(["--version"]);
    expect(ran.stdout).toBe(`pc-customers ${version}\n`);
    expect(ran.code).toBe(0);
  });

  it("pc-customers check exits 0 on a conforming recording and 1 on a broken one", async () => {
    const good = join(toolkitApp, "good.json");
    const bad = join(toolkitApp, "bad.json");
    await copyFile(join(RECORDINGS, "documented", "get-a-list-of-customers.json"), good);
    await copyFile(join(RECORDINGS, "invalid", "customer-id-not-uuid.json"), bad);
    const [passed, failed] = await Promise.all([
      pcCustomers(["check", good, "--format", "json"]),
      pcCustomers(["check", bad, "--format", "json"]),
    ]);
    expect(passed.stderr).toBe("");
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ ok: true, files: [{ ok: true }] });
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, files: [{ ok: false }] });
  });

  it('import { checkFile } from "pc-customers" loads the library in plain node', async () => {
    const script = 'import { checkFile } from "pc-customers"; console.log(typeof checkFile);';
    const ran = await runIn(toolkitApp, process.execPath, ["--input-type=module", "-e", script]);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe("function\n");
    expect(ran.code).toBe(0);
  });
});
