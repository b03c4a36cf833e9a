// Text from a server or a file name never drives the terminal: list's table and check's pretty
// report show control characters escaped, and so does CSV on a terminal. JSON output, and CSV to a
// file or a pipe, keep the data as it is.

import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CustomerServer, makeCustomers, startCustomerServer } from "../helpers/customer-server.js";
import { ROOT } from "../helpers/paths.js";
import { BIN, baseEnv, collect } from "./helpers.js";
import { runCli } from "./in-process.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE = "\u001b]0;t\u0007A\u001b[2JB\rC";

let server: CustomerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("list's table shows a company name's control characters escaped", () => {
  it("escape sequences, an OSC title, BEL and CR are shown, never sent raw", async () => {
    const [customer] = makeCustomers(1);
    if (!customer) throw new Error("no customer");
    customer.companyProfile.companyName = HOSTILE;
    server = await startCustomerServer({ customers: [customer] });
    const run = await runCli(["list", "--base-url", server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain("\\x1b]0;t\\x07A\\x1b[2JB\\rC");
  });

  it("the JSON listing keeps the name as it is", async () => {
    const [customer] = makeCustomers(1);
    if (!customer) throw new Error("no customer");
    customer.companyProfile.companyName = HOSTILE;
    server = await startCustomerServer({ customers: [customer] });
    const run = await runCli(["list", "--base-url", server.url, "--format", "ndjson"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).companyProfile.companyName).toBe(HOSTILE);
  });
});

describe("check's pretty report", () => {
  it("a file name with a new line cannot forge a ✓ line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pc-control-"));
    try {
      const invalid = await import("node:fs/promises").then((fs) =>
        fs.readFile(join(ROOT, "test", "recordings", "invalid", "customer-id-not-uuid.json"), "utf8"),
      );
      const file = join(dir, "bad.json\n✓ forged.json\u001b[1A");
      await writeFile(file, invalid);
      const run = await runCli(["check", file]);
      expect(run.code).toBe(1);
      expect(run.stdout.split("\n").filter((line) => line.startsWith("✓"))).toEqual([]);
      expect(run.stdout).toContain("bad.json\\n✓ forged.json\\x1b[1A");
      expect(run.stdout).not.toMatch(RAW_CONTROL);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("check's spec edits", () => {
  it("an undeclared key's control characters are shown escaped, as on its drift line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pc-control-"));
    try {
      const body = await import("node:fs/promises").then((fs) =>
        fs.readFile(join(ROOT, "test", "recordings", "documented", "get-a-list-of-customers.json"), "utf8"),
      );
      const page = JSON.parse(body) as { response: { body: { attributes: Record<string, unknown> } } };
      page.response.body.attributes["\u001b[31mred"] = 1;
      const file = join(dir, "drift.json");
      await writeFile(file, JSON.stringify(page));
      const run = await runCli(["check", file]);
      expect(run.stdout).toContain("Declare the property \\x1b[31mred in ResourceAttributes");
      expect(run.stdout).not.toMatch(RAW_CONTROL);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// CSV carries CR, LF and TAB in quoted cells; every other control character is for a terminal only.
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters
const RAW_IN_CSV = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const NAME = "\u001b]0;t\u0007A\u001b[2JB\u009b31m\u007f\bC";
const SHOWN = "\\x1b]0;t\\x07A\\x1b[2JB\\x9b31m\\x7f\\x08C";

describe("CSV: escaped on a terminal, the data as it came to a file or a pipe", () => {
  const hostile = async () => {
    const [customer] = makeCustomers(1);
    if (!customer) throw new Error("no customer");
    customer.companyProfile.companyName = NAME;
    server = await startCustomerServer({ customers: [customer] });
    return customer;
  };

  it("list --format csv to a terminal shows ESC, BEL, C1, DEL and BS escaped", async () => {
    await hostile();
    const args = ["list", "--base-url", (server as CustomerServer).url, "--format", "csv"];
    const terminal = await runCli(args, {}, { stdoutIsTTY: true });
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).not.toMatch(RAW_IN_CSV);
    expect(terminal.stdout).toContain(SHOWN);
    const piped = await runCli(args);
    expect(piped.stdout).toContain(NAME);
  });

  it("the real process, under script(1), knows its stdout is a terminal (stderr, drawing progress, aside)", async () => {
    await hostile();
    const command = `${process.execPath} ${BIN} list --base-url ${(server as CustomerServer).url} --format csv 2>/dev/null`;
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      env: baseEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const run = await collect(child);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(SHOWN);
    expect(run.stdout).not.toMatch(RAW_IN_CSV);
  });

  it("diff --format csv to a terminal shows them escaped too, and keeps them in a pipe", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pc-control-"));
    try {
      const [before] = makeCustomers(1);
      if (!before) throw new Error("no customer");
      const after = { ...before, companyProfile: { ...before.companyProfile, companyName: NAME } };
      await writeFile(join(dir, "old.ndjson"), `${JSON.stringify(before)}\n`);
      await writeFile(join(dir, "new.ndjson"), `${JSON.stringify(after)}\n`);
      const args = ["diff", "--format", "csv", join(dir, "old.ndjson"), join(dir, "new.ndjson")];
      const terminal = await runCli(args, {}, { stdoutIsTTY: true });
      expect(terminal.code).toBe(1);
      expect(terminal.stdout).toContain(SHOWN);
      expect(terminal.stdout).not.toMatch(RAW_IN_CSV);
      expect((await runCli(args)).stdout).toContain(NAME);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
