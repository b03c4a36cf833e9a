// pc-customers list for long jobs: --checkpoint FILE continues a stopped listing, the progress line
// says when it waits for a retry, and a refused token's hint is printed.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CustomerServer, startCustomerServer } from "../helpers/customer-server.js";
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

const TOKEN = "opaque-test-token-for-checkpoints";
const env = { PARTNER_CENTER_TOKEN: TOKEN };
const ids = (ndjson: string) =>
  ndjson
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);

/** main() in this process, with stderr a terminal (so the progress line is drawn). */
const runOnTerminal = (args: string[], env: Record<string, string>) =>
  runCli(args, env, { stderrIsTTY: true });

describe("pc-customers list --checkpoint", () => {
  it("continues a listing that stopped from the last page it saved, then removes the checkpoint", async () => {
    let failed = false;
    server = await startCustomerServer({
      customers: 10,
      faults: (request) => {
        if (request.index !== 3 || failed) return undefined;
        failed = true;
        return { kind: "status", status: 404 };
      },
    });
    dir = await mkdtemp(join(tmpdir(), "pc-checkpoint-"));
    const file = join(dir, "walk.json");
    const args = [
      "list",
      "--base-url",
      server.url,
      "--size",
      "3",
      "--format",
      "ndjson",
      "--checkpoint",
      file,
    ];

    const first = await pc(args, { env });
    expect(first.code).toBe(1);
    expect(ids(first.stdout)).toEqual(server.customers.slice(0, 6).map((c) => c.id));
    expect(first.stderr).toContain(
      `Saved the position (after customer 6) in ${file}: run the same command again to continue:\n  pc-customers list --base-url ${server.url} --size 3 --format ndjson --checkpoint ${file}\n`,
    );
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({
      skip: 0,
      pages: 2,
      customers: 6,
      size: 3,
    });

    const before = server.requests.length;
    const second = await pc(args, { env });
    expect(second.code).toBe(0);
    expect(ids(second.stdout)).toEqual(server.customers.slice(6).map((c) => c.id));
    expect(second.stderr).toContain(`resuming from ${file} after customer 6 (2 whole pages)`);
    expect(second.stderr).toContain(`the listing is complete; ${file} was removed`);
    expect(server.requests[before]?.url).toBe("/v1/customers?size=3&seekOperation=Next");
    expect(existsSync(file)).toBe(false);
    expect(`${first.stdout}${first.stderr}${second.stdout}${second.stderr}`).not.toContain(TOKEN);
  });

  it("refuses a file that is not a checkpoint, or one saved with other options, before any request", async () => {
    server = await startCustomerServer({ customers: 3 });
    dir = await mkdtemp(join(tmpdir(), "pc-checkpoint-"));
    const file = join(dir, "walk.json");
    await writeFile(file, "not json");
    const bad = await runOnTerminal(["list", "--base-url", server.url, "--checkpoint", file], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `--checkpoint ${file} is not a pc-customers checkpoint (it is not JSON). Discard the checkpoint (rm ${file})`,
    );
    expect(server.requests).toHaveLength(0);
    await rm(file);
    // A real checkpoint of a listing with --size 2, stopped by --max.
    const saved = await runOnTerminal(
      ["list", "--base-url", server.url, "--size", "2", "--max", "1", "--checkpoint", file],
      env,
    );
    expect(saved.code).toBe(0);
    const before = server.requests.length;
    const other = await runOnTerminal(
      ["list", "--base-url", server.url, "--size", "5", "--checkpoint", file],
      env,
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("was saved by a listing with other options");
    expect(server.requests).toHaveLength(before);
  });
});

describe("pc-customers list progress and hints", () => {
  it("shows 'throttled, waiting 1 s' on the progress line while it waits for a retry", async () => {
    server = await startCustomerServer({
      customers: 4,
      faults: { 2: { kind: "status", status: 429, headers: { "Retry-After": "1" } } },
    });
    const run = await runOnTerminal(
      ["list", "--base-url", server.url, "--size", "2", "--format", "ndjson"],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("1 page, 2 customers so far… throttled, waiting 1 s (retry 1)");
    expect(ids(run.stdout)).toHaveLength(4);
  });

  it("prints the client's hint for a refused token, without the token", async () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${part({ alg: "none" })}.${part({ aud: "https://graph.windows.net", exp: 4102444800 })}.c2ln`;
    server = await startCustomerServer({ expectedToken: "something-else" });
    const run = await runOnTerminal(["list", "--base-url", server.url], { PARTNER_CENTER_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Partner Center stopped accepting Graph-audience tokens on 31 August 2025");
    for (const segment of token.split(".")) expect(run.stderr).not.toContain(segment);
  });
});
