import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { alive, collect, pc, start } from "./helpers.js";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

/** Pids of the direct children of `pid` whose command line matches `pattern`. */
function childrenOf(pid: number, pattern: RegExp): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter((line) => pattern.test(line))
      .map((line) => Number(line.trim().split(/\s+/, 1)[0]))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

describe("pc-customers mock", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "serves the spec's examples until %s, then stops Prism and exits 0",
    async (signal) => {
      const port = await freePort();
      const child = start(["mock", "--port", String(port)]);
      if (child.pid) leftovers.push(child.pid);
      const done = collect(child);
      let stdout = "";
      child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
      while (!stdout.includes("\n")) {
        const exited = await Promise.race([
          once(child.stdout as NodeJS.ReadableStream, "data"),
          once(child, "exit"),
        ]);
        if (child.exitCode !== null) throw new Error(`mock exited early: ${String(exited)}`);
      }
      const url = stdout.trim();
      expect(url).toBe(`http://127.0.0.1:${port}`);

      const page = await fetch(`${url}/v1/customers?size=2`, { headers: { Authorization: "Bearer test" } });
      expect(page.status).toBe(200);
      expect(((await page.json()) as { items: unknown[] }).items).toHaveLength(2);
      const last = await fetch(`${url}/v1/customers`, {
        headers: { Authorization: "Bearer test", Prefer: "example=lastPage" },
      });
      expect(((await last.json()) as { links: object }).links).not.toHaveProperty("next");

      const prism = childrenOf(child.pid as number, /prism-cli/);
      expect(prism).toHaveLength(1);
      leftovers.push(...prism);

      child.kill(signal);
      const run = await done;
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/Prism mock of .* listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(run.stderr).toContain(`Stopped the mock (${signal})`);
      for (const pid of prism) expect(alive(pid), `Prism (pid ${pid}) is gone`).toBe(false);
      await expect(fetch(`${url}/v1/customers`)).rejects.toThrow();
    },
  );

  it("a port in use is a clear error", async () => {
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const port = (server.address() as { port: number }).port;
    try {
      const run = await pc(["mock", "--port", String(port)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `cannot serve the mock on 127\\.0\\.0\\.1:${port}: the port is in use\\. Pick another port with --port`,
        ),
      );
    } finally {
      server.close();
    }
  });
});
