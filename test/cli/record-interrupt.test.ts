// `record` interrupted: Ctrl-C or SIGTERM stops the walk, says on stderr which files it wrote,
// exits 130 or 143, and leaves only whole recordings (no truncated file, no temporary file).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CustomerServer, startCustomerServer } from "../helpers/customer-server.js";
import { until } from "../helpers/until.js";
import { alive, collect, start, tempDir } from "./helpers.js";

let server: CustomerServer | undefined;
let tmp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("pc-record-interrupt-");
});
afterAll(async () => {
  await tmp.remove();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("pc-customers record, interrupted", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("stops on %s, lists the files it wrote and exits %i", async (signal, code) => {
    // Two pages are answered, the third never is: the run is in the middle of its walk.
    server = await startCustomerServer({ customers: 10, faults: { 3: { kind: "hang" } } });
    const out = join(tmp.dir, signal);
    const child = start(["record", "--out", out, "--base-url", server.url, "--size", "3"], {
      env: { PARTNER_CENTER_TOKEN: "plain-opaque-token-0123456789" },
    });
    const done = collect(child);
    try {
      await until(() => (server?.requests.length ?? 0) >= 3);
      child.kill(signal);
      const run = await done;
      expect(run.code).toBe(code);
      const expected = ["page-001.json", "page-002.json"];
      expect((await readdir(out)).sort()).toEqual(expected);
      expect(run.stderr).toMatch(new RegExp(`interrupted by ${signal} after 2 pages`));
      for (const name of expected) {
        expect(run.stderr).toContain(join(out, name));
        // Whole: each file is the complete recording.
        const recording = JSON.parse(await readFile(join(out, name), "utf8")) as {
          response: { status: number };
        };
        expect(recording.response.status).toBe(200);
      }
    } finally {
      if (child.pid !== undefined && alive(child.pid)) child.kill("SIGKILL");
      await done.catch(() => undefined);
    }
  });
});
