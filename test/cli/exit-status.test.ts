// The exit status never lies: a reader that leaves early (`| head -1`) or output that cannot be
// written must not turn a failure, or lost output, into exit 0. Spawned processes, real pipes.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCustomerServer } from "../helpers/customer-server.js";
import { ROOT } from "../helpers/paths.js";
import { BIN, baseEnv, start, tempDir } from "./helpers.js";

const PASSING = join(ROOT, "test", "recordings", "documented", "get-a-list-of-customers.json");
const FAILING = join(ROOT, "test", "recordings", "invalid", "customer-id-not-uuid.json");
// Enough files that the report outgrows a pipe's buffer (64 kB) long before the last one.
const COPIES = 2500;

let tmp: { dir: string; remove: () => Promise<void> };
let failing: string;
let passing: string;
let warned: string;
beforeAll(async () => {
  tmp = await tempDir("pc-exit-");
  passing = join(tmp.dir, "passing");
  failing = join(tmp.dir, "failing");
  await mkdir(passing);
  await mkdir(failing);
  for (let i = 0; i < COPIES; i++) {
    const name = `page-${String(i).padStart(5, "0")}.json`;
    await copyFile(PASSING, join(passing, name));
    await copyFile(PASSING, join(failing, name));
  }
  // Sorted last: checked after the reader has gone.
  await copyFile(FAILING, join(failing, "zz-customer-id-not-uuid.json"));
  // Conforming recordings that each earn a warning on stderr, then a failing one.
  warned = join(tmp.dir, "warned");
  await mkdir(warned);
  const leaky = JSON.stringify({
    request: { method: "GET", url: "/v1/customers", headers: { "x-api-key": "key-0123456789" } },
    response: { status: 200, headers: {}, body: { totalCount: 0, items: [] } },
  });
  for (let i = 0; i < COPIES; i++)
    await writeFile(join(warned, `page-${String(i).padStart(5, "0")}.json`), leaky);
  await copyFile(FAILING, join(warned, "zz-customer-id-not-uuid.json"));
});
afterAll(async () => {
  await tmp.remove();
});

/** Runs `pc-customers ...args` and closes its stdout (or stderr) pipe once the first line has arrived. */
async function headOne(
  args: string[],
  closing: "stdout" | "stderr" = "stdout",
): Promise<{ code: number | null; first: string; stderr: string }> {
  const child = start(args);
  const other = closing === "stdout" ? child.stderr : child.stdout;
  const closed = closing === "stdout" ? child.stdout : child.stderr;
  let stderr = "";
  other?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  let first = "";
  closed?.setEncoding("utf8").on("data", (d: string) => {
    first += d;
    if (first.includes("\n")) closed?.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  return { code, first: first.split("\n")[0] ?? "", stderr };
}

describe("pc-customers check | head -1", () => {
  it.each([["pretty"], ["json"], ["junit"]])(
    "exits 1 when a recording fails after the reader has gone (--format %s)",
    async (reporter) => {
      const run = await headOne(["check", failing, "--format", reporter]);
      expect(run.first).not.toBe("");
      expect(run.stderr).not.toMatch(/EPIPE|failed:/);
      expect(run.code).toBe(1);
    },
  );

  it("exits 1 when stderr's reader leaves during the warnings (2>&1 | head -1)", async () => {
    const run = await headOne(["check", warned], "stderr");
    expect(run.first).toMatch(/^warning: /);
    expect(run.code).toBe(1);
  });

  it("exits 0 when every recording conforms", async () => {
    const run = await headOne(["check", passing]);
    expect(run.first).toMatch(/^✓ /);
    expect(run.code).toBe(0);
  });
});

describe.runIf(existsSync("/dev/full"))("output that cannot be written", () => {
  it("turns a passing check into exit 1 (stdout on a full disk)", async () => {
    const full = openSync("/dev/full", "w");
    try {
      const child = spawn(process.execPath, [BIN, "check", passing], {
        cwd: ROOT,
        env: baseEnv(),
        stdio: ["ignore", full, "pipe"],
      });
      const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
      expect(code).toBe(1);
    } finally {
      closeSync(full);
    }
  });
});

describe("pc-customers list | head -1", () => {
  it("stops walking once the reader has gone, and exits 0: nothing failed", async () => {
    const server = await startCustomerServer({ customers: 3000 });
    try {
      const run = await headOne(["list", "--base-url", server.url, "--size", "10"]);
      expect(run.first).toMatch(/^ID\s+COMPANY/);
      expect(run.code).toBe(0);
      // 300 pages to walk; the reader left after the first line.
      expect(server.requests.length).toBeLessThan(300);
    } finally {
      await server.close();
    }
  });
});
