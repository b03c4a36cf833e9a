import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, inject, it } from "vitest";
import { startPrism } from "../../src/toolkit/mock/prism.js";
import { ROOT, SPEC } from "../helpers/paths.js";
import { violationsOf } from "../helpers/prism-verdict.js";

const AUTH = { authorization: "Bearer [REDACTED]" };

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

describe("the Prism mock shared by the contract run (globalSetup)", () => {
  it("answers GET /v1/customers with the spec's first page and no violation", async () => {
    const response = await fetch(`${inject("prismUrl")}/v1/customers?size=2`, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(violationsOf(response.headers)).toEqual([]);
    const page = (await response.json()) as { links: { next?: { headers: Array<{ key: string }> } } };
    expect(page.links.next?.headers.map((h) => h.key)).toEqual(["MS-ContinuationToken"]);
  });

  it("reports a request that breaks the spec in sl-violations (what the client tests assert is absent)", async () => {
    const response = await fetch(`${inject("prismUrl")}/v1/customers?size=-1&seekOperation=Sideways`, {
      headers: { ...AUTH, "MS-RequestId": "not-a-guid" },
    });
    await response.arrayBuffer();
    expect(violationsOf(response.headers).map((v) => v.location.join("."))).toEqual(
      expect.arrayContaining([
        "request.query.size",
        "request.query.seekoperation",
        "request.header.ms-requestid",
      ]),
    );
  });
});

describe("a Prism process never outlives what started it", () => {
  const children: ChildProcess[] = [];
  const prisms: number[] = [];
  // Whatever a test started is stopped here, also when the test failed half-way.
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    for (const pid of prisms.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
  });

  async function startInChild(): Promise<{ child: ChildProcess; pid: number; url: string }> {
    const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/prism-child.ts"], {
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
    expect(alive(pid)).toBe(true);
    return { child, pid, url };
  }

  it("stop() ends the process, and a second stop() is harmless", async () => {
    const prism = await startPrism({ mode: "mock", spec: SPEC });
    if (prism.pid !== undefined) prisms.push(prism.pid);
    expect(alive(prism.pid)).toBe(true);
    await prism.stop();
    await prism.stop();
    expect(alive(prism.pid)).toBe(false);
  });

  it("Ctrl-C (SIGINT) on the process that started Prism stops Prism too", async () => {
    const { child, pid } = await startInChild();
    const exited = once(child, "exit");
    child.kill("SIGINT");
    await exited;
    expect(await gone(pid)).toBe(true);
  });

  it("SIGKILL on the process that started Prism (no exit hook can run) still stops Prism", async () => {
    const { child, pid, url } = await startInChild();
    expect((await fetch(`${url}/v1/customers`, { headers: AUTH })).status).toBe(200);
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
    expect(await gone(pid)).toBe(true);
  });

  it("a spec Prism cannot load fails the start with Prism's own output", async () => {
    await expect(startPrism({ mode: "mock", spec: `${ROOT}/no-such-spec.yaml` })).rejects.toThrow(
      /Prism mock on .*no-such-spec\.yaml exited before listening[\s\S]*no-such-spec/,
    );
  });
});
