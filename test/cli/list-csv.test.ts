// pc-customers list --format csv: what a spreadsheet or a CSV parser reads back from it, a resumed
// run's output, and --dedupe / --bom.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Customer } from "partner-center-customers";
import { afterEach, describe, expect, it } from "vitest";
import { type CustomerServer, makeCustomers, startCustomerServer } from "../helpers/customer-server.js";
import { pc } from "./helpers.js";
import { runCli } from "./in-process.js";

let server: CustomerServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const TOKEN = "opaque-test-token-for-csv-listings";
const env = { PARTNER_CENTER_TOKEN: TOKEN };
const EXPORT_COLUMNS = ["Microsoft ID", "Company name", "Primary domain name", "Relationship", "Tags"];

const NAMES = [
  "Contoso, Ltd.",
  'The "Best" Company',
  "Two\nLines",
  "Windows\r\nLines",
  "Zürich Ærø 東京 🚀",
  '=HYPERLINK("http://evil.example","click")',
  "+1 Plus",
  "-2 Minus",
  "@SUM(A1:A2)",
  "\tTabbed",
  "\rReturned",
];

function named(names: readonly string[]): Customer[] {
  return makeCustomers(names.length).map((c, i) => ({
    ...c,
    companyProfile: { ...c.companyProfile, companyName: names[i] as string },
  }));
}

const parseCsv = (text: string) => parse(text, { bom: true }) as string[][];

describe("pc-customers list --format csv", () => {
  it("writes RFC 4180 that a CSV parser reads back: every name, formula ones behind a quote", async () => {
    server = await startCustomerServer({ customers: named(NAMES) });
    const run = await pc(["list", "--base-url", server.url, "--size", "5", "--format", "csv"], { env });
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith("Microsoft ID,Company name,Primary domain name,Relationship,Tags,")).toBe(
      true,
    );
    // Every record ends with CRLF (the header's line shows it; line breaks inside names are data).
    expect(run.stdout.split("\r\n")[0]).toBe(parseCsv(run.stdout)[0]?.join(","));
    expect(run.stdout.endsWith("\r\n")).toBe(true);
    const [header, ...rows] = parseCsv(run.stdout);
    expect(header?.slice(0, 5)).toEqual(EXPORT_COLUMNS);
    expect(rows.map((r) => r[0])).toEqual(server.customers.map((c) => c.id));
    expect(rows.map((r) => r[1])).toEqual(
      NAMES.map((name) => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name)),
    );
    for (const row of rows) expect(row).toHaveLength(header?.length ?? 0);
    expect(rows[0]?.[header?.indexOf("companyProfile.tenantId") ?? -1]).toBe(server.customers[0]?.id);
    expect(run.stdout).not.toContain(TOKEN);
  });

  it("continues a stopped listing from its checkpoint: one header, every customer once", async () => {
    let failed = false;
    server = await startCustomerServer({
      customers: named(NAMES),
      faults: (request) => {
        if (request.index !== 3 || failed) return undefined;
        failed = true;
        return { kind: "status", status: 404 };
      },
    });
    dir = await mkdtemp(join(tmpdir(), "pc-csv-"));
    const args = ["list", "--base-url", server.url, "--size", "4", "--format", "csv"];
    const checkpoint = ["--checkpoint", join(dir, "walk.json")];
    const first = await runCli([...args, ...checkpoint], env);
    expect(first.code).toBe(1);
    const second = await runCli([...args, ...checkpoint], env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("Microsoft ID");
    const [header, ...rows] = parseCsv(`${first.stdout}${second.stdout}`);
    expect(header?.slice(0, 5)).toEqual(EXPORT_COLUMNS);
    expect(rows.map((r) => r[0])).toEqual(server.customers.map((c) => c.id));
  });

  it("--dedupe writes each id once and says how many repeats it dropped", async () => {
    const customers = makeCustomers(5);
    const twice = [...customers, customers[1], customers[3]] as Customer[];
    server = await startCustomerServer({ customers: twice });
    const args = ["list", "--base-url", server.url, "--size", "3", "--format", "csv"];
    const all = await runCli(args, env);
    expect(parseCsv(all.stdout)).toHaveLength(1 + 7);
    const run = await runCli([...args, "--dedupe"], env);
    expect(run.code).toBe(0);
    expect(
      parseCsv(run.stdout)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(customers.map((c) => c.id));
    expect(run.stderr).toContain("--dedupe dropped 2 repeated customer ids");
    const table = await runCli(["list", "--base-url", server.url, "--dedupe"], env);
    expect(table.stdout).toContain("5 customers (1 page)");
  });

  it("--bom starts the file with a UTF-8 byte order mark, and only applies to csv", async () => {
    server = await startCustomerServer({ customers: 2 });
    const run = await runCli(["list", "--base-url", server.url, "--format", "csv", "--bom"], env);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith("\ufeffMicrosoft ID,")).toBe(true);
    const plain = await runCli(["list", "--base-url", server.url, "--format", "csv"], env);
    expect(plain.stdout.startsWith("Microsoft ID,")).toBe(true);
    const wrong = await runCli(["list", "--base-url", server.url, "--bom"], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--bom only applies to --format csv");
  });
});
