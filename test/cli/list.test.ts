import { afterEach, describe, expect, it } from "vitest";
import {
  type CustomerServer,
  makeCustomers,
  startCustomerServer,
  startTokenInNextLinkServer,
} from "../helpers/customer-server.js";
import { collect, pc, start } from "./helpers.js";

// JWT-shaped, like a real Entra ID token: it must never be printed.
const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYy10ZXN0In0.c2lnbmF0dXJlLWxpc3Q";

let server: CustomerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const env = { PARTNER_CENTER_TOKEN: TOKEN };

function expectNoToken(...outputs: string[]): void {
  for (const output of outputs) expect(output).not.toContain(TOKEN);
}

describe("pc-customers list", () => {
  it("lists every customer across pages as a table, with the token from PARTNER_CENTER_TOKEN", async () => {
    server = await startCustomerServer({ customers: 7, expectedToken: TOKEN });
    const run = await pc(["list", "--base-url", server.url, "--size", "3"], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +COMPANY +DOMAIN +RELATIONSHIP$/);
    expect(lines.slice(1, 8).map((l) => l.split(/\s{2,}/)[0])).toEqual(server.customers.map((c) => c.id));
    expect(lines[1]).toMatch(
      /^00000000-0000-4000-8000-000000000001 +Contoso 1 +contoso1\.onmicrosoft\.com +reseller$/,
    );
    expect(lines.at(-1)).toBe("7 customers (3 pages)");
    expect(server.requests.map((r) => r.url)).toEqual([
      "/v1/customers?size=3",
      "/v1/customers?size=3&seekOperation=Next",
      "/v1/customers?size=3&seekOperation=Next",
    ]);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expectNoToken(run.stdout, run.stderr);
  });

  it("--format ndjson writes one customer per line; --format json one valid array", async () => {
    server = await startCustomerServer({ customers: 5, expectedToken: TOKEN });
    const ndjson = await pc(["list", "--base-url", server.url, "--size", "2", "--format", "ndjson"], { env });
    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout.trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(server.customers.map((c) => c.id));

    const json = await pc(["list", "--base-url", server.url, "--size", "2", "--format", "json"], { env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(server.customers);

    await server.close();
    server = await startCustomerServer({ customers: 0, expectedToken: TOKEN });
    const empty = await pc(["list", "--base-url", server.url, "--format", "json"], { env });
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);
  });

  it.each(["json", "ndjson"])(
    "--format %s streams: customers are written while later pages are still pending",
    async (format) => {
      // The third page never comes: everything before it must already be on stdout.
      server = await startCustomerServer({ customers: 30, faults: { 3: { kind: "hang" } } });
      const child = start(["list", "--base-url", server.url, "--size", "10", "--format", format], { env });
      const done = collect(child);
      let stdout = "";
      child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
      const deadline = Date.now() + 30_000;
      // The third request may reach the server a moment after the second page reaches stdout.
      while (
        ((stdout.match(/"id":/g) ?? []).length < 20 || server.requests.length < 3) &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 50));
      expect((stdout.match(/"id":/g) ?? []).length).toBe(20);
      expect(server.requests).toHaveLength(3);
      child.kill("SIGTERM");
      await done;
    },
  );

  it("--company and --domain send the starts_with filter; --max stops early", async () => {
    server = await startCustomerServer({ customers: 21, expectedToken: TOKEN });
    const company = await pc(["list", "--base-url", server.url, "--company", "north", "--format", "ndjson"], {
      env,
    });
    expect(company.code).toBe(0);
    const names = company.stdout
      .trimEnd()
      .split("\n")
      .map((l) => (JSON.parse(l) as { companyProfile: { companyName: string } }).companyProfile.companyName);
    expect(names).toEqual(["Northwind 3", "Northwind 10", "Northwind 17"]);
    const filter = new URL(server.requests.at(-1)?.url ?? "", "http://x").searchParams.get("filter");
    expect(JSON.parse(filter ?? "{}")).toEqual({
      Field: "CompanyName",
      Value: "north",
      Operator: "starts_with",
    });

    const domain = await pc(["list", "--base-url", server.url, "--domain", "wingtip", "--format", "ndjson"], {
      env,
    });
    expect(domain.stdout.trimEnd().split("\n")).toHaveLength(3);

    const before = server.requests.length;
    const max = await pc(
      ["list", "--base-url", server.url, "--size", "2", "--max", "3", "--format", "ndjson"],
      { env },
    );
    expect(max.code).toBe(0);
    expect(max.stdout.trimEnd().split("\n")).toHaveLength(3);
    expect(server.requests.length - before).toBe(2);
  });

  it("an error from the API is exit 1 with what happened and what to do, and no token", async () => {
    server = await startCustomerServer({ customers: 3, expectedToken: "another-token" });
    const run = await pc(["list", "--base-url", server.url], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /stopped after 0 customers \(0 pages\): GET .* failed with 401 .*\(code 1002\): Authorization Failed/,
    );
    expect(run.stderr).toMatch(/Check that PARTNER_CENTER_TOKEN holds a current Partner Center access token/);
    expectNoToken(run.stdout, run.stderr);
  });

  it("--token-env names another variable; --base-url without a token sends a placeholder and says so", async () => {
    server = await startCustomerServer({ customers: 2, expectedToken: TOKEN });
    const other = await pc(["list", "--base-url", server.url, "--token-env", "MY_PC_TOKEN"], {
      env: { MY_PC_TOKEN: TOKEN },
    });
    expect(other.code).toBe(0);
    expect(other.stdout).toContain("2 customers (1 page)");

    await server.close();
    server = await startCustomerServer({ customers: 2 });
    const none = await pc(["list", "--base-url", server.url]);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain(
      `PARTNER_CENTER_TOKEN is not set: sending a placeholder token to ${server.url}`,
    );
  });

  it("a plain-http base URL on another host is refused before any request (exit 2)", async () => {
    const run = await pc(["list", "--base-url", "http://partner.example.com"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/uses plain http, which would send the access token unencrypted/);
    expectNoToken(run.stdout, run.stderr);
  });

  it("with no token and no base URL, lists every customer of the embedded mock once, says so on stderr, exits 0", async () => {
    const run = await pc(["list", "--format", "ndjson", "--size", "7"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^PARTNER_CENTER_TOKEN is not set and no --base-url was given: using the embedded mock at http:\/\/127\.0\.0\.1:\d+ \(40 made-up customers, validated by Prism\)\. Set PARTNER_CENTER_TOKEN to list your own customers\.\n$/,
    );
    const ids = run.stdout
      .trimEnd()
      .split("\n")
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    const contoso = await pc(["list", "--company", "cont", "--format", "json"]);
    expect(contoso.code).toBe(0);
    const names = (JSON.parse(contoso.stdout) as Array<{ companyProfile: { companyName: string } }>).map(
      (c) => c.companyProfile.companyName,
    );
    expect(names.sort()).toEqual(["Contoso", "Contoso 2", "Contoso Café", "Contoso Pharmaceuticals"]);
  });
});

describe("pc-customers list prints the service's data as it came", () => {
  it("prints no token when a next link carries it %2E-encoded and the next page fails", async () => {
    const encoded = TOKEN.replace(/\./g, "%2E");
    server = await startTokenInNextLinkServer(TOKEN);
    const run = await pc(["list", "--base-url", server.url, "--size", "2"], { env });
    expect(run.code).toBe(1);
    expect(server.requests[1]?.url).toContain(encoded);
    expect(run.stderr).toMatch(/stopped after 2 customers \(1 pages\)/);
    for (const spelling of [TOKEN, encoded, encoded.toLowerCase()]) {
      expect(run.stdout).not.toContain(spelling);
      expect(run.stderr).not.toContain(spelling);
    }
  });

  // Names a shape scan would take for credentials: they are customers' names, and stay so.
  const NAMES = [
    "Bearer Logistics2Go",
    "sig=Studio Design",
    "password=Secure Inc",
    "\u001b[31mRed\u0007 Corp",
    `Echo ${TOKEN} Ltd`,
  ];
  const customers = makeCustomers(NAMES.length).map((c, i) => ({
    ...c,
    companyProfile: { ...c.companyProfile, companyName: NAMES[i] as string },
  }));
  const shown = [
    "Bearer Logistics2Go",
    "sig=Studio Design",
    "password=Secure Inc",
    "\\x1b[31mRed\\x07 Corp",
    "Echo [REDACTED] Ltd",
  ];

  it("in every format, with only the exact token removed and control characters escaped", async () => {
    server = await startCustomerServer({ customers, expectedToken: TOKEN });
    const table = await pc(["list", "--base-url", server.url, "--size", "2"], { env });
    expect(table.code).toBe(0);
    const rows = table.stdout.split("\n").slice(1, 1 + NAMES.length);
    // Escaped, then padded: every DOMAIN cell starts in the same column (36 + 2 + 32 + 2).
    expect(rows.map((row) => row.slice(38, 70).trimEnd())).toEqual(shown);
    expect(rows.map((row) => row.slice(72).split(/\s{2,}/)[0])).toEqual(
      customers.map((c) => c.companyProfile.domain),
    );
    expect(table.stdout).not.toContain("\u001b");

    const json = await pc(["list", "--base-url", server.url, "--format", "json"], { env });
    const ndjson = await pc(["list", "--base-url", server.url, "--format", "ndjson"], { env });
    const expected = NAMES.map((name) => name.replace(TOKEN, "[REDACTED]"));
    const names = (list: Array<{ companyProfile: { companyName: string } }>) =>
      list.map((c) => c.companyProfile.companyName);
    expect(names(JSON.parse(json.stdout))).toEqual(expected);
    expect(
      names(
        ndjson.stdout
          .trimEnd()
          .split("\n")
          .map((line) => JSON.parse(line)),
      ),
    ).toEqual(expected);
    for (const run of [json, ndjson]) {
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain("\u001b");
      expectNoToken(run.stdout, run.stderr);
    }
    const csv = await pc(["list", "--base-url", server.url, "--format", "csv"], { env });
    expect(csv.code).toBe(0);
    for (const name of expected.slice(0, 3)) expect(csv.stdout).toContain(name);
    expectNoToken(csv.stdout, csv.stderr);
  });
});
