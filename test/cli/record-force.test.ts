// `record --out DIR` never mixes a new recording with an earlier one: a non-empty folder is refused
// unless --force, which removes what an earlier `record` wrote (page and attempt files, temporary
// files of an interrupted write) and nothing else.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CustomerServer, startCustomerServer } from "../helpers/customer-server.js";
import { pc, tempDir } from "./helpers.js";

const TOKEN = "record-force-token-0123456789";

let server: CustomerServer | undefined;
let tmp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("pc-record-force-");
});
afterAll(async () => {
  await tmp.remove();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const record = (out: string, size: number, ...extra: string[]) =>
  pc(["record", "--out", out, "--base-url", server?.url as string, "--size", String(size), ...extra], {
    env: { PARTNER_CENTER_TOKEN: TOKEN },
  });

describe("pc-customers record --out", () => {
  it("refuses a folder that holds an earlier recording, and changes nothing in it", async () => {
    server = await startCustomerServer({ customers: 6, expectedToken: TOKEN });
    const out = join(tmp.dir, "earlier");
    expect((await record(out, 2)).code).toBe(0);
    const before = (await readdir(out)).sort();
    expect(before).toEqual(["page-001.json", "page-002.json", "page-003.json"]);
    const page3 = await readFile(join(out, "page-003.json"), "utf8");

    const again = await record(out, 5);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe(
      `pc-customers: --out ${out} is not empty (3 entries: 'page-001.json', 'page-002.json', 'page-003.json'): ` +
        "a new recording would be mixed with what is there. Name a new or empty directory, or pass --force to replace " +
        "an earlier recording (it removes only the page files 'record' writes, 3 of the 3 here). Run 'pc-customers record --help'.\n",
    );
    expect((await readdir(out)).sort()).toEqual(before);
    expect(await readFile(join(out, "page-003.json"), "utf8")).toBe(page3);
  });

  it("--force replaces the earlier recording's pages, attempts and temporary files, and keeps every other file", async () => {
    server = await startCustomerServer({ customers: 6, expectedToken: TOKEN });
    const out = join(tmp.dir, "forced");
    expect((await record(out, 2)).code).toBe(0);
    // What else an earlier run or a user may have left there.
    await writeFile(join(out, "page-002.attempt-1.429.json"), "{}\n");
    await writeFile(join(out, ".page-004.json.0123456789ab.tmp"), "{");
    await writeFile(join(out, "notes.md"), "mine\n");
    await writeFile(join(out, "page-001.json.bak"), "mine too\n");
    await writeFile(join(out, "other-page-001.json"), "{}\n");
    await mkdir(join(out, "page-009.json"));

    const run = await record(out, 50, "--force");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `--force: removed 5 files of an earlier recording from ${out}. Kept 4 entries that 'record' did not write: ` +
        "'notes.md', 'other-page-001.json', 'page-001.json.bak', 'page-009.json'.",
    );
    expect((await readdir(out)).sort()).toEqual([
      "notes.md",
      "other-page-001.json",
      "page-001.json",
      "page-001.json.bak",
      "page-009.json",
    ]);
    expect(await readFile(join(out, "notes.md"), "utf8")).toBe("mine\n");
    // The one page is the new run's: all six customers on it.
    const page = JSON.parse(await readFile(join(out, "page-001.json"), "utf8")) as {
      request: { url: string };
      response: { body: { items: unknown[] } };
    };
    expect(page.request.url).toContain("size=50");
    expect(page.response.body.items).toHaveLength(6);
  });

  it("writes into an empty existing folder without --force", async () => {
    server = await startCustomerServer({ customers: 2, expectedToken: TOKEN });
    const out = join(tmp.dir, "empty");
    await mkdir(out);
    const run = await record(out, 5);
    expect(run.code).toBe(0);
    expect(await readdir(out)).toEqual(["page-001.json"]);
  });
});
