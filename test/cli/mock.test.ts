import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createPartnerCenterClient } from "../../src/client/index.js";
import { alive, collect, freePort, pc, start } from "./helpers.js";

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

/** Starts `pc-customers mock ...args` and waits for the URL it prints on stdout. */
async function startMockCli(args: string[]) {
  const child = start(["mock", ...args]);
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
  const prism = childrenOf(child.pid as number, /prism-cli/);
  leftovers.push(...prism);
  return { child, done, url: stdout.trim(), prism };
}

describe("pc-customers mock", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "serves a walk that ends, validated by one Prism, until %s; then stops Prism and exits 0",
    async (signal) => {
      const port = await freePort();
      const { child, done, url, prism } = await startMockCli(["--port", String(port)]);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(prism).toHaveLength(1);

      const client = createPartnerCenterClient({ token: "mock-token", baseUrl: url });
      const ids: string[] = [];
      for await (const customer of client.customers.list({ size: 3 })) ids.push(customer.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      const contoso: string[] = [];
      for await (const c of client.customers.list({ filter: { field: "CompanyName", value: "Cont" } }))
        contoso.push(c.companyProfile.companyName ?? "");
      expect(contoso.length).toBeGreaterThan(0);
      for (const name of contoso) expect(name.toLowerCase().startsWith("cont")).toBe(true);

      const list = await pc(["list", "--base-url", url, "--format", "json", "--size", "7"]);
      expect(list.code).toBe(0);
      const listed = JSON.parse(list.stdout) as Array<{ id: string }>;
      expect(listed.map((c) => c.id)).toEqual(ids);

      child.kill(signal);
      const run = await done;
      expect(run.code).toBe(0);
      expect(run.stderr.split("\n")[0]).toMatch(
        new RegExp(
          `^Mock of GET /v1/customers \\(40 customers, seed 1\\) listening on http://127\\.0\\.0\\.1:${port}, validated by Prism against openapi/partner-center\\.yaml; send 'Authorization: Bearer <anything>'\\. Ctrl-C stops it\\.$`,
        ),
      );
      expect(run.stderr).toContain(`Stopped the mock (${signal})`);
      for (const pid of prism) expect(alive(pid), `Prism (pid ${pid}) is gone`).toBe(false);
      await expect(fetch(`${url}/v1/customers`)).rejects.toThrow();
    },
  );

  it("serves the faults it is given: --faults 429@1 throttles the first request with Retry-After", async () => {
    const { child, done, url } = await startMockCli([
      "--port",
      String(await freePort()),
      "--customers",
      "5",
      "--seed",
      "3",
      "--faults",
      "429@1:2s",
    ]);
    const throttled = await fetch(`${url}/v1/customers`, { headers: { Authorization: "Bearer x" } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("2");
    expect(await throttled.json()).toEqual({
      statusCode: 429,
      message: "Rate limit is exceeded. Try again in 2 seconds.",
    });
    const page = await fetch(`${url}/v1/customers`, { headers: { Authorization: "Bearer x" } });
    expect(((await page.json()) as { items: unknown[] }).items).toHaveLength(5);
    child.kill("SIGINT");
    const run = await done;
    expect(run.stderr).toMatch(/\(5 customers, seed 3, faults 429@1:2s\)/);
  });

  it("--stateless serves the spec's examples, as Prism's plain mock", async () => {
    const { child, done, url, prism } = await startMockCli([
      "--port",
      String(await freePort()),
      "--stateless",
    ]);
    expect(prism).toHaveLength(1);
    const page = await fetch(`${url}/v1/customers?size=2`, { headers: { Authorization: "Bearer test" } });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { items: unknown[] }).items).toHaveLength(2);
    const last = await fetch(`${url}/v1/customers`, {
      headers: { Authorization: "Bearer test", Prefer: "example=lastPage" },
    });
    expect(((await last.json()) as { links: object }).links).not.toHaveProperty("next");
    child.kill("SIGTERM");
    const run = await done;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Prism mock of .* listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it.each([
    [
      ["--faults", "429@x"],
      "--faults: fault '429@x': after @ comes the request number, a whole number from 1 to 1000000, as in 429@3.",
    ],
    [
      ["--faults", "boom@1"],
      "--faults: fault 'boom@1': unknown kind 'boom'; expected one of 429, 403, 404, 500, 503, reset, slow, expire-token.",
    ],
    [
      ["--latency", "soon"],
      "--latency: 'soon' is not a duration from 0 to 120000 ms; write it as 1500ms or 1.5s.",
    ],
    [["--customers", "100001"], "--customers must be a whole number from 0 to 100000, got '100001'."],
    [["--seed", "x"], "--seed must be a whole number from 0 to 4294967295, got 'x'."],
    [
      ["--stateless", "--faults", "429@1"],
      "--stateless serves the spec's examples, so --faults does not apply to it. Leave out one or the other.",
    ],
  ])("mock %j is a usage error that says what to do (exit 2)", async (args, message) => {
    const run = await pc(["mock", ...args]);
    expect(run.stderr).toBe(`pc-customers: ${message} Run 'pc-customers mock --help'.\n`);
    expect(run.code).toBe(2);
  });

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
