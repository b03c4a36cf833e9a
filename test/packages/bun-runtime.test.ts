// The installed client under a runtime that is not Node (Bun): it walks real pages over real HTTP.
import { existsSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { type CustomerServer, makeCustomers, startCustomerServer } from "../helpers/customer-server.js";
import { bin, ROOT } from "../helpers/paths.js";
import { runIn } from "./run.js";

const { clientApp } = inject("packages");

/**
 * Bun's binary. npm 11 warns that bun's postinstall (which puts the binary behind .bin/bun) is not
 * covered by allowScripts; where install scripts are skipped, .bin/bun is only a stub that says
 * so. The binary itself comes in the platform's optional package (@oven/bun-<os>-<arch>) either way.
 */
function bunBinary(): string {
  const oven = join(ROOT, "node_modules", "@oven");
  const platform = existsSync(oven) ? readdirSync(oven).filter((name) => name.startsWith("bun-")) : [];
  for (const name of platform) {
    for (const file of ["bun", "bun.exe"]) {
      if (existsSync(join(oven, name, "bin", file))) return join(oven, name, "bin", file);
    }
  }
  return bin("bun");
}
const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYXJ0bmVyY2VudGVyIn0.c2lnbmF0dXJl";
let server: CustomerServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the installed client under Bun", () => {
  it("walks list({ size: 3 }) over several pages: every customer once, in order", async () => {
    const customers = makeCustomers(10);
    server = await startCustomerServer({ customers, expectedToken: TOKEN });
    const script = join(clientApp, "bun-walk.mjs");
    await writeFile(
      script,
      [
        'import { createPartnerCenterClient } from "partner-center-customers";',
        "const client = createPartnerCenterClient({",
        "  baseUrl: process.argv[2],",
        "  token: process.argv[3],",
        "});",
        "const ids = [];",
        "for await (const customer of client.customers.list({ size: 3 })) ids.push(customer.id);",
        "console.log(JSON.stringify({ runtime: typeof Bun === 'undefined' ? 'not bun' : 'bun', ids }));",
      ].join("\n"),
    );
    const ran = await runIn(clientApp, bunBinary(), [script, server.url, TOKEN]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ runtime: "bun", ids: customers.map((c) => c.id) });
    // Four pages of 3, 3, 3 and 1, the last three asked for by their continuation token.
    expect(server.requests).toHaveLength(4);
    expect(server.requests.slice(1).every((r) => r.headers["ms-continuationtoken"] !== undefined)).toBe(true);
  });
});
