// `list --checkpoint` for long jobs that never repeat or lose a customer: saved before stopping for
// --max, resumed inside a page, one run per checkpoint (a lock file with the pid, stale locks taken
// over), edited checkpoints refused, the folder checked before the first request, Ctrl-C saving and
// printing the command that continues, and nothing of the access token ever written.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CustomerServer, startCustomerServer } from "../helpers/customer-server.js";
import { until } from "../helpers/until.js";
import { fullDisk } from "./full-disk.js";
import { alive, collect, pc, start, tempDir } from "./helpers.js";

const TOKEN = "opaque-test-token-for-checkpoint-jobs";
const env = { PARTNER_CENTER_TOKEN: TOKEN };

let server: CustomerServer | undefined;
let tmp: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir("pc-checkpoint-jobs-");
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await tmp.remove();
});

const ids = (ndjson: string) =>
  ndjson
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);

/** Every spelling of the token a file could hold it in. */
function expectNoToken(text: string): void {
  for (const spelling of [
    TOKEN,
    encodeURIComponent(TOKEN),
    Buffer.from(TOKEN).toString("base64").replace(/=+$/, ""),
    Buffer.from(TOKEN).toString("base64url"),
  ])
    expect(text).not.toContain(spelling);
}

describe("pc-customers list --checkpoint: no customer twice, none lost", () => {
  it("saves before stopping for --max: two runs of --size 5 --max 5 print customers 1–5, then 6–10", async () => {
    server = await startCustomerServer({ customers: 15 });
    const file = join(tmp.dir, "cp.json");
    const args = ["list", "--base-url", server.url, "--size", "5", "--max", "5", "--format", "ndjson"];
    const all = server.customers.map((c) => c.id);

    const first = await pc([...args, "--checkpoint", file], { env });
    expect(first.code).toBe(0);
    expect(ids(first.stdout)).toEqual(all.slice(0, 5));
    expect(first.stderr).toContain(`stopped at --max 5; saved the position (after customer 5) in ${file}`);
    expect(first.stderr).toContain(
      `The same command continues:\n  pc-customers list --base-url ${server.url} --size 5 --max 5 --format ndjson --checkpoint ${file}\n`,
    );
    const saved = await readFile(file, "utf8");
    expectNoToken(saved);
    expect(JSON.parse(saved)).toMatchObject({ skip: 0, pages: 1, customers: 5, size: 5 });

    const second = await pc([...args, "--checkpoint", file], { env });
    expect(second.code).toBe(0);
    expect(ids(second.stdout)).toEqual(all.slice(5, 10));
    expect(second.stderr).toContain(`resuming from ${file} after customer 5 (1 whole page)`);
    expectNoToken(await readFile(file, "utf8"));
    // Each page was asked for once: the stop for --max does not fetch the next page for nothing.
    expect(server.requests).toHaveLength(2);
  });

  it("resumes inside a page: runs of --max 7 over pages of 5 print every customer exactly once", async () => {
    server = await startCustomerServer({ customers: 23 });
    const file = join(tmp.dir, "cp.json");
    const args = ["list", "--base-url", server.url, "--size", "5", "--max", "7", "--format", "ndjson"];
    const printed: string[] = [];
    let complete = false;
    for (let run = 0; run < 6 && !complete; run++) {
      const result = await pc([...args, "--checkpoint", file], { env });
      expect(result.code).toBe(0);
      printed.push(...ids(result.stdout));
      complete = result.stderr.includes(`the listing is complete; ${file} was removed`);
    }
    expect(complete).toBe(true);
    expect(printed).toEqual(server.customers.map((c) => c.id));
    expect(existsSync(file)).toBe(false);
  });
});

describe("pc-customers list --checkpoint: one run at a time, Ctrl-C", () => {
  it("refuses a second run while the first holds the checkpoint; Ctrl-C saves and prints the command that continues", async () => {
    // The first page is answered, the second never: the first run is in the middle of its walk.
    server = await startCustomerServer({ customers: 12, faults: { 2: { kind: "hang" } } });
    const file = join(tmp.dir, "cp.json");
    const args = [
      "list",
      "--base-url",
      server.url,
      "--size",
      "5",
      "--format",
      "ndjson",
      "--checkpoint",
      file,
    ];
    const child = start(args, { env });
    const done = collect(child);
    try {
      await until(() => (server?.requests.length ?? 0) >= 2);
      const second = await pc(args, { env });
      expect(second.code).toBe(2);
      expect(second.stdout).toBe("");
      expect(second.stderr).toContain(
        `--checkpoint ${file} is in use by another pc-customers list (pid ${child.pid}): wait for it to finish, or stop it.`,
      );
      expect(server.requests).toHaveLength(2);

      child.kill("SIGINT");
      const first = await done;
      expect(first.code).toBe(130);
      expect(ids(first.stdout)).toEqual(server.customers.slice(0, 5).map((c) => c.id));
      expect(first.stderr).toContain(
        `interrupted by SIGINT after 5 customers (1 page) in this run. Saved the position (after customer 5) in ${file}. To continue, run:\n` +
          `  pc-customers list --base-url ${server.url} --size 5 --format ndjson --checkpoint ${file}\n`,
      );
      expect(existsSync(`${file}.lock`)).toBe(false);
    } finally {
      if (child.pid !== undefined && alive(child.pid)) child.kill("SIGKILL");
      await done.catch(() => undefined);
    }
    // The command it printed continues after customer 5 (request 3 onwards is answered).
    const rest = await pc(args, { env });
    expect(rest.code).toBe(0);
    expect(ids(rest.stdout)).toEqual(server.customers.slice(5).map((c) => c.id));
  });

  it("without --checkpoint, Ctrl-C says where it stopped and how to make a listing resumable", async () => {
    server = await startCustomerServer({ customers: 12, faults: { 2: { kind: "hang" } } });
    const child = start(["list", "--base-url", server.url, "--size", "5", "--format", "ndjson"], { env });
    const done = collect(child);
    try {
      await until(() => (server?.requests.length ?? 0) >= 2);
      child.kill("SIGINT");
      const run = await done;
      expect(run.code).toBe(130);
      expect(run.stderr).toContain(
        "interrupted by SIGINT after 5 customers (1 page) in this run. Nothing was saved: give --checkpoint FILE to be able to continue a listing.",
      );
    } finally {
      if (child.pid !== undefined && alive(child.pid)) child.kill("SIGKILL");
      await done.catch(() => undefined);
    }
  });

  it("takes over a stale lock, whose process has gone", async () => {
    server = await startCustomerServer({ customers: 4 });
    const file = join(tmp.dir, "cp.json");
    // The pid of a process that has exited.
    const gone = spawnSync(process.execPath, ["-e", "process.pid"]).pid as number;
    expect(alive(gone)).toBe(false);
    const { hostname } = await import("node:os");
    await writeFile(`${file}.lock`, JSON.stringify({ pid: gone, host: hostname(), nonce: "old" }));
    const run = await pc(["list", "--base-url", server.url, "--format", "ndjson", "--checkpoint", file], {
      env,
    });
    expect(run.code).toBe(0);
    expect(ids(run.stdout)).toHaveLength(4);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("refuses a lock that is a dangling symbolic link, says to remove it, and sends nothing", async () => {
    server = await startCustomerServer({ customers: 4 });
    const file = join(tmp.dir, "cp.json");
    await symlink(join(tmp.dir, "nowhere"), `${file}.lock`);
    const run = await pc(["list", "--base-url", server.url, "--max", "3", "--checkpoint", file], {
      env,
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `--checkpoint ${file}: its lock ${file}.lock is not a lock file pc-customers wrote (it is a symbolic link, a folder or another kind of file), so it is left alone. Remove it (rm ${file}.lock)`,
    );
    expect(server.requests).toHaveLength(0);
    expect(existsSync(join(tmp.dir, "nowhere"))).toBe(false);
  });
});

describe("pc-customers list --checkpoint: what it refuses, and how it says what to do", () => {
  /** A real checkpoint: a listing of 12 stopped by --max 7 in the middle of its second page. */
  async function savedCheckpoint(file: string): Promise<Record<string, unknown>> {
    const run = await pc(
      ["list", "--base-url", server?.url ?? "", "--size", "5", "--max", "7", "--checkpoint", file],
      { env },
    );
    expect(run.code).toBe(0);
    return JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  }

  it.each([
    [
      "a negative count",
      { customers: -3 },
      `holds an impossible count: "customers" must be a whole number of 0 or more, got -3`,
    ],
    [
      "a count that is not whole",
      { skip: 1.5 },
      `holds an impossible count: "skip" must be a whole number of 0 or more, got 1.5`,
    ],
    [
      "a count written as text",
      { pages: "1" },
      `holds an impossible count: "pages" must be a whole number of 0 or more, got "1"`,
    ],
    [
      "an edited count",
      { customers: 3 },
      "was changed since pc-customers saved it (its digest does not match)",
    ],
  ])("refuses a checkpoint with %s before any request, and says to discard it", async (_, edit, why) => {
    server = await startCustomerServer({ customers: 12 });
    const file = join(tmp.dir, "cp.json");
    const saved = await savedCheckpoint(file);
    await writeFile(file, JSON.stringify({ ...saved, ...edit }));
    const before = server.requests.length;
    const run = await pc(["list", "--base-url", server.url, "--size", "5", "--checkpoint", file], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `--checkpoint ${file} ${why}. Discard the checkpoint (rm ${file}) to start the listing from the first page, or give another file.`,
    );
    expect(server.requests).toHaveLength(before);
  });

  it("reports a checkpoint folder that does not exist before the first request, with nothing printed", async () => {
    server = await startCustomerServer({ customers: 12 });
    const file = join(tmp.dir, "no-such-folder", "cp.json");
    const run = await pc(["list", "--base-url", server.url, "--size", "5", "--checkpoint", file], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `--checkpoint ${file}: the checkpoint's folder cannot be written, so no place could be saved: cannot write ${file}.lock: its folder does not exist (ENOENT). Create the folder or choose another path.`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("words a refused token by what to fix, not 'run it again', and keeps the checkpoint", async () => {
    server = await startCustomerServer({ customers: 12, expectedToken: "another-token-entirely" });
    const file = join(tmp.dir, "cp.json");
    const run = await pc(["list", "--base-url", server.url, "--size", "5", "--checkpoint", file], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${file} keeps the position (after customer 0): once PARTNER_CENTER_TOKEN holds a token that may list the customers, this command continues from there:`,
    );
    expect(run.stderr).not.toMatch(/run (it|the same command) again/i);
    expectNoToken(await readFile(file, "utf8"));
  });

  it("says to discard the checkpoint when the service refuses its continuation token", async () => {
    server = await startCustomerServer({ customers: 12 });
    const file = join(tmp.dir, "cp.json");
    await savedCheckpoint(file);
    // The service no longer knows the token (it expired): a seek with it is answered 400.
    await server.close();
    server = await startCustomerServer({
      customers: 12,
      faults: (request) =>
        request.headers["ms-continuationtoken"] === undefined ? undefined : { kind: "status", status: 400 },
    });
    const run = await pc(["list", "--base-url", server.url, "--size", "5", "--checkpoint", file], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `The service no longer accepts the checkpoint's continuation token. Discard the checkpoint (rm ${file}) to start the listing from the first page.`,
    );
    expect(run.stderr).not.toMatch(/run (it|the same command) again/i);
  });

  it("never writes the access token, even when a server echoes it in a continuation token", async () => {
    server = await startCustomerServer({
      customers: 12,
      transformPage: (page, { nextToken }) =>
        nextToken === undefined
          ? page
          : {
              ...page,
              links: {
                ...page.links,
                next: {
                  uri: "/v1/customers?size=5&seekOperation=Next",
                  method: "GET",
                  headers: [{ key: "MS-ContinuationToken", value: `${nextToken}.${TOKEN}` }],
                },
              },
            },
    });
    const file = join(tmp.dir, "cp.json");
    const run = await pc(
      ["list", "--base-url", server.url, "--size", "5", "--format", "ndjson", "--checkpoint", file],
      {
        env,
      },
    );
    // The echoed token is removed (by the client) or refused (by the checkpoint): never saved.
    expect(run.code).toBe(1);
    expectNoToken(existsSync(file) ? await readFile(file, "utf8") : "");
    expectNoToken(`${run.stdout}${run.stderr}`);
  });
});

describe("pc-customers list --checkpoint on a full disk", () => {
  it("reports ENOSPC saving the checkpoint as a file error that names it, and retries nothing", async () => {
    const disk = fullDisk(join(tmp.dir, "full-disk"));
    try {
      // Room for the lock only (simulated: the checkpoint's temporary file cannot be written).
      disk.fill(4096);
      server = await startCustomerServer({ customers: 12 });
      const file = join(disk.dir, "cp.json");
      const run = await pc(
        ["list", "--base-url", server.url, "--size", "5", "--format", "ndjson", "--checkpoint", file],
        { env: { ...env, ...disk.env(/\.cp\.json\.[0-9a-f]+\.tmp$/) } },
      );
      expect(run.code).toBe(1);
      expect(ids(run.stdout)).toEqual(server.customers.slice(0, 5).map((c) => c.id));
      expect(run.stderr).toContain(
        `stopped after 5 customers (1 pages): cannot write ${file}: the disk is full (ENOSPC). Free some space or write somewhere else, then run again. ` +
          `No position could be saved: once ${file} can be written, the same command starts from the first customer:`,
      );
      expect(run.stderr).not.toMatch(/reachable|attempts|network/i);
      expect(server.requests).toHaveLength(1);
      expect(existsSync(`${file}.lock`)).toBe(false);
    } finally {
      disk.remove();
    }
  });
});
