// `check` given what a CI job or a hostile user gives it: quoted globs, a FIFO, a device, an
// unreadable folder, symlinked folders and a loop, a browser's HAR. Each gets a clear result
// within seconds, and the other files are still checked.
import { execFileSync, spawn } from "node:child_process";
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devtoolsHar } from "../helpers/devtools-har.js";
import { BIN, baseEnv, collect, pc, type Run, tempDir } from "./helpers.js";

const good = { totalCount: 0, items: [] };
const bad = { totalCount: "two", items: [] };
const SECONDS = { timeoutMs: 20_000 };

let tmp: Awaited<ReturnType<typeof tempDir>>;
const at = (...parts: string[]) => join(tmp.dir, ...parts);
/** What the run did, for a failure message: without it, a crash shows only a JSON parse error. */
const shown = (run: Run) =>
  `exit ${run.code}${run.signal ? ` (${run.signal})` : ""}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
const json = (run: Run) => {
  try {
    return JSON.parse(run.stdout) as {
      files: Array<{ file: string; ok: boolean; violations: Array<{ message: string }> }>;
    };
  } catch (error) {
    throw new Error(`the output is not a JSON report (${error}): ${shown(run)}`);
  }
};
const byName = (run: Run) =>
  Object.fromEntries(json(run).files.map((f) => [f.file.slice(tmp.dir.length + 1), f]));

beforeAll(async () => {
  tmp = await tempDir("pc-check-inputs-");
  await mkdir(at("rec", "sub"), { recursive: true });
  await writeFile(at("rec", "a.json"), JSON.stringify(good));
  await writeFile(at("rec", "b.json"), JSON.stringify(bad));
  await writeFile(at("rec", "c.har"), JSON.stringify(devtoolsHar()));
  await writeFile(at("rec", "sub", "d.json"), JSON.stringify(good));
  execFileSync("mkfifo", [at("rec", "pipe.json")]);
  // A symlinked folder holding an invalid recording, a second link to it, and a loop.
  await mkdir(at("elsewhere"), { recursive: true });
  await writeFile(at("elsewhere", "e.json"), JSON.stringify(bad));
  await mkdir(at("linked"), { recursive: true });
  await symlink(at("elsewhere"), at("linked", "one"));
  await symlink(at("elsewhere"), at("linked", "two"));
  await symlink(at("linked"), at("elsewhere", "loop"));
  // A folder the checking user cannot read, beside one it can.
  await mkdir(at("locked", "closed"), { recursive: true });
  await writeFile(at("locked", "closed", "x.json"), JSON.stringify(good));
  await writeFile(at("locked", "open.json"), JSON.stringify(bad));
  await chmod(at("locked", "closed"), 0o000);
});
afterAll(async () => {
  await chmod(at("locked", "closed"), 0o755);
  await tmp.remove();
});

describe("pc-customers check with globs", () => {
  it("checks the files a quoted glob names, as CI YAML passes it", async () => {
    const run = await pc(["check", at("rec", "*.json"), "--format", "json"], SECONDS);
    expect(Object.keys(byName(run))).toEqual(["rec/a.json", "rec/b.json", "rec/pipe.json"]);
    expect(run.code).toBe(1);
  });

  it("expands ** and {a,b}", async () => {
    const run = await pc(["check", at("rec", "**", "{a,d}.json"), "--format", "json"], SECONDS);
    expect(Object.keys(byName(run))).toEqual(["rec/a.json", "rec/sub/d.json"]);
    expect(run.code).toBe(0);
  });

  it("calls a glob that matches nothing a usage error", async () => {
    const run = await pc(["check", at("rec", "*.yaml")], SECONDS);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`'${at("rec", "*.yaml")}' matches no file`);
  });
});

describe("pc-customers check never hangs or grows on what is not a file", () => {
  it("reports a FIFO among the recordings as a FIFO and checks the rest", async () => {
    const run = await pc(["check", at("rec"), "--format", "json"], SECONDS);
    const files = byName(run);
    expect(files["rec/pipe.json"]?.violations[0]?.message).toBe(
      "it is a FIFO (named pipe), not a regular file: only recording files are read",
    );
    expect(files["rec/a.json"]?.ok).toBe(true);
    expect(files["rec/sub/d.json"]?.ok).toBe(true);
    expect(run.code).toBe(1);
  });

  it("reports /dev/zero as a device instead of reading it", async () => {
    const run = await pc(["check", "/dev/zero"], SECONDS);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("it is a character device, not a regular file");
  });
});

describe("pc-customers check walks folders", () => {
  it("follows a symlinked folder once, checks the invalid recording in it, and ends a loop", async () => {
    const run = await pc(["check", at("linked"), "--format", "json"], SECONDS);
    const files = json(run).files;
    expect(files.map((f) => f.file.slice(tmp.dir.length + 1))).toEqual(["linked/one/e.json"]);
    expect(files[0]?.ok).toBe(false);
    expect(run.code).toBe(1);
  });

  it("reports a folder it cannot read and still checks the rest", async () => {
    // Root reads every folder whatever its mode, so as root the check runs without the two
    // capabilities that allow that (setpriv drops them from its bounding set). It stays root, so it
    // still reads the repository wherever it was cloned: run as another user (nobody), it could not
    // even load the bin from a clone under a 0700 folder, as `mktemp -d` makes.
    const args = [BIN, "check", at("locked"), "--format", "json"];
    const [command, commandArgs] =
      process.getuid?.() === 0
        ? ["setpriv", ["--bounding-set=-dac_override,-dac_read_search", process.execPath, ...args]]
        : [process.execPath, args];
    const child = spawn(command, commandArgs, {
      env: baseEnv({ TSX_TSCONFIG_PATH: undefined }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const run = await collect(child, 30_000);
    const files = byName(run);
    expect(files["locked/closed"]?.violations[0]?.message, shown(run)).toMatch(
      /^cannot read the folder \(EACCES\): the recordings in it were not checked/,
    );
    expect(files["locked/open.json"]?.ok, shown(run)).toBe(false);
    expect(run.code, shown(run)).toBe(1);
  });
});

describe("pc-customers check on a browser's HAR", () => {
  it("reports 2 checked and 5 skipped, and the HAR conforms", async () => {
    const run = await pc(["check", at("rec", "c.har")], SECONDS);
    expect(run.stdout).toContain("(HAR, 2 checked, 5 skipped (3 not in the spec, 1 preflight, 1 aborted))");
    expect(run.code).toBe(0);
  });
});
