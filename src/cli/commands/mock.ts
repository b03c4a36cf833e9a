// `pc-customers mock`: serves the Prism mock of the spec until Ctrl-C or SIGTERM, then stops Prism.
import { createServer } from "node:net";
import { startPrism } from "../../conformance/prism.js";
import { intOption, type ParsedArgs, stringOption } from "../args.js";
import type { Io } from "../io.js";
import { specFile } from "../spec-option.js";

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const port = intOption(args, "mock", "port", { min: 1, max: 65535 }, 4010);
  const host = stringOption(args, "host") ?? "127.0.0.1";
  const spec = specFile(args);
  const busy = await portProblem(host, port);
  if (busy) {
    io.err(
      `pc-customers: cannot serve the mock on ${host}:${port}: ${busy}. Pick another port with --port.\n`,
    );
    return 1;
  }
  // Listen for the signals before Prism starts, so that Ctrl-C during start-up still stops it.
  let signalled: NodeJS.Signals | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled ??= signal;
    wake?.();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const prism = await startPrism({ mode: "mock", spec: spec.path, port, host });
  try {
    io.err(
      `Prism mock of ${spec.name} listening on ${prism.url} (send 'Authorization: Bearer <anything>'; ` +
        "'Prefer: example=lastPage' or 'Prefer: code=429' pick other responses). Ctrl-C stops it.\n",
    );
    await io.out(`${prism.url}\n`);
    if (signalled === undefined) await new Promise<void>((resolve) => (wake = resolve));
  } finally {
    await prism.stop();
  }
  io.err(`Stopped the mock (${signalled}).\n`);
  return 0;
}

/** Why `host:port` cannot be listened on, or `undefined` when it can. */
function portProblem(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code === "EADDRINUSE" ? "the port is in use" : (error.code ?? error.message)),
    );
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}
