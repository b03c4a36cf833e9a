import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { startMock } from "../../src/toolkit/mock/start-mock.js";
import { ROOT } from "../helpers/paths.js";

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number | undefined, withinMs = 8000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

describe("startMock() leaves nothing running", () => {
  const children: ChildProcess[] = [];
  const prisms: number[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    for (const pid of prisms.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
  });

  it("close() stops Prism and frees the port, and a second close() is harmless", async () => {
    const mock = await startMock({ customers: 1 });
    if (mock.prism.pid !== undefined) prisms.push(mock.prism.pid);
    expect((await fetch(`${mock.url}/v1/customers`, { headers: { authorization: "Bearer x" } })).status).toBe(
      200,
    );
    await mock.close();
    await mock.close();
    expect(alive(mock.prism.pid)).toBe(false);
    await expect(fetch(`${mock.url}/v1/customers`)).rejects.toThrow();
  });

  it.each(["SIGINT", "SIGKILL"] as const)(
    "%s on the test process stops the mock's Prism too",
    async (signal) => {
      const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/mock-child.ts"], {
        cwd: ROOT,
        env: { ...process.env, SCARF_ANALYTICS: "false" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      children.push(child);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      const [line] = (await once(lines, "line")) as [string];
      lines.close();
      const { pid, url } = JSON.parse(line) as { pid: number; url: string };
      prisms.push(pid);
      expect((await fetch(`${url}/v1/customers`, { headers: { authorization: "Bearer x" } })).status).toBe(
        200,
      );
      const exited = once(child, "exit");
      child.kill(signal);
      await exited;
      expect(await gone(pid)).toBe(true);
    },
  );
});
