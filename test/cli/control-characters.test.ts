// Text from a server or a file name never drives the terminal: list's table and check's pretty
// report show control characters escaped. JSON output keeps the data as it is.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CustomerServer, makeCustomers, startCustomerServer } from "../helpers/customer-server.js";
import { ROOT } from "../helpers/paths.js";
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
