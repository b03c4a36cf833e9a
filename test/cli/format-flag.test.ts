// One name for the output format in every command (`--format`), the old `--reporter` still working
// with a note, and a did-you-mean for a mistyped option (at most two edits, or a prefix).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { pc } from "./helpers.js";

const RECORDING = join(ROOT, "test", "recordings", "walks", "empty-result.json");

describe("--format in every command", () => {
  it("check --format json writes the JSON report, like list --format json", async () => {
    const run = await pc(["check", RECORDING, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
  });

  it("check --reporter json still works, with a deprecation note on stderr", async () => {
    const run = await pc(["check", RECORDING, "--reporter", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
    expect(run.stderr).toBe(
      "pc-customers: --reporter is deprecated and will be removed: use --format (same values).\n",
    );
  });

  it("--reporter and --format together is a usage error (one would silently win)", async () => {
    const run = await pc(["check", RECORDING, "--reporter", "json", "--format", "junit"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "pc-customers: --reporter is the old name of --format: give only --format. Run 'pc-customers check --help'.\n",
    );
  });

  it("help shows --format, not the old name", async () => {
    for (const command of ["check", "conformance", "list"]) {
      const run = await pc([command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/--format FMT/);
      expect(run.stdout).not.toMatch(/--reporter/);
    }
  });
});

describe("did you mean, for an unknown option", () => {
  it.each([
    ["check", ["--fromat", "json", RECORDING], "--fromat", "format"],
    ["check", ["--formt=json", RECORDING], "--formt", "format"],
    ["list", ["--sezi", "3"], "--sezi", "size"],
    ["list", ["--allow", "x"], "--allow", "allow-insecure-http"],
    ["mock", ["--custmers", "3"], "--custmers", "customers"],
  ])("%s %j (%s): did you mean --%s?", async (command, args, given, meant) => {
    const run = await pc([command, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `pc-customers: unknown option ${given} for '${command}'. Did you mean --${meant}? Run 'pc-customers ${command} --help'.\n`,
    );
  });

  it("suggests nothing when no option is near", async () => {
    const run = await pc(["list", "--frobnicate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "pc-customers: unknown option --frobnicate for 'list'. Run 'pc-customers list --help'.\n",
    );
  });
});
