import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/** How to start Prism. */
export interface PrismOptions {
  /** `mock` serves the spec's examples; `proxy` forwards to `upstream` and validates both directions. */
  mode: "mock" | "proxy";
  /** The OpenAPI document to serve or validate against. */
  spec: string;
  /** With `proxy`: the server to forward to. */
  upstream?: string;
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Host to listen on (default 127.0.0.1: never exposed beyond this machine by default). */
  host?: string;
  /** With `proxy`: answer a request or response that violates the spec with an error (`--errors`). */
  errors?: boolean;
  /** Mock with generated (dynamic) bodies instead of the spec's examples. */
  dynamic?: boolean;
  /** How long to wait for Prism to listen (default 30 s). */
  startTimeoutMs?: number;
  /** Receives every line Prism prints (by default they are kept and shown only if it fails). */
  onLog?: (line: string) => void;
}

/** A running Prism process. */
export interface PrismProcess {
  /** Base URL, such as `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** The Prism process's id (for diagnostics and for checking that it is gone). */
  pid: number | undefined;
  /** The last lines Prism printed, for error messages. */
  logs(): string[];
  /** Stops Prism and waits for it to exit (SIGTERM, then SIGKILL after 3 s). Safe to call twice. */
  stop(): Promise<void>;
}

const LOG_LINES = 200;

// Loaded into Prism's Node process before Prism itself: Prism exits on its own when the process that
// started it is gone (killed with SIGKILL, crashed), which no exit hook in that process can catch.
const WATCHDOG = `data:text/javascript;base64,${Buffer.from(
  "const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500).unref();",
).toString("base64")}`;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The path of Prism's CLI script, as installed with this package. */
export function prismBin(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("@stoplight/prism-cli/package.json");
  return join(dirname(pkg), "dist", "index.js");
}

/** A TCP port that was free a moment ago on `host`. */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts Prism as a child process and resolves once it listens. The process is stopped by `stop()`,
 * and also when this process exits or is interrupted, so that nothing is left running.
 */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  if (options.mode === "proxy" && !options.upstream)
    throw new TypeError("startPrism: proxy mode needs an upstream URL");
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await freePort(host));
  const args = [prismBin(), options.mode, options.spec];
  if (options.mode === "proxy" && options.upstream) args.splice(3, 0, options.upstream);
  args.push("--host", host, "--port", String(port));
  if (options.errors) args.push("--errors");
  if (options.dynamic) args.push("--dynamic");
  const child = spawn(process.execPath, ["--import", WATCHDOG, ...args], {
    env: { ...process.env, SCARF_ANALYTICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  installExitHook();
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => running.delete(child));
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`did not start listening within ${options.startTimeoutMs ?? 30_000} ms`),
      options.startTimeoutMs ?? 30_000,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`Prism ${options.mode} on ${options.spec} ${why}.\n${lines.slice(-20).join("\n")}`));
    };
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split(/\r?\n/)) {
        if (line === "") continue;
        lines.push(line);
        if (lines.length > LOG_LINES) lines.shift();
        options.onLog?.(line);
        if (line.includes("Prism is listening on")) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, signal) => fail(`exited before listening (code ${code}, signal ${signal})`));
    child.once("error", (error) => fail(`could not be started: ${error.message}`));
  });

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    pid: child.pid,
    logs: () => [...lines],
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

// A test run or CLI that is interrupted must not leave Prism behind.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill("SIGKILL");
  };
  process.once("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}
