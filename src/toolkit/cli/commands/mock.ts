// `pc-customers mock`: serves the Prism mock of the spec until Ctrl-C or SIGTERM, then stops Prism.
import { createServer, isIP } from "node:net";
import { startPrism } from "../../mock/prism.js";
import { helpHint, intOption, type ParsedArgs, stringOption, UsageError } from "../args.js";
import type { Io } from "../io.js";
import { checkSpecReadable, specFile } from "../spec-option.js";

// A host name: labels of letters, digits and inner hyphens.
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const port = intOption(args, "mock", "port", { min: 1, max: 65535 }, 4010);
  const host = stringOption(args, "host") ?? "127.0.0.1";
  if (isIP(host) === 0 && !HOST_NAME.test(host)) {
    throw new UsageError(
      `--host takes an address or host name to listen on, such as 127.0.0.1, ::1 or 0.0.0.0, got '${host}'. ${helpHint("mock")}`,
    );
  }
  const spec = specFile(args);
  // Read before Prism starts, so that a spec Prism cannot serve is a message, not Prism's exit.
  checkSpecReadable(args, "mock");
  const problem = await portProblem(host, port);
  if (problem) {
    io.err(`pc-customers: cannot serve the mock on ${host}:${port}: ${problem}.\n`);
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

/** Why `host:port` cannot be listened on, and what to do, or `undefined` when it can. */
function portProblem(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      switch (error.code) {
        case "EADDRINUSE":
          return resolve("the port is in use. Pick another port with --port");
        case "EACCES":
          return resolve("EACCES, this user may not listen there. Pick a port above 1023 with --port");
        case "EADDRNOTAVAIL":
        case "ENOTFOUND":
        case "EAI_AGAIN":
        case "EAI_NONAME":
          return resolve(
            `${error.code}, ${host} is not an address of this machine. Pick another with --host`,
          );
        default:
          return resolve(`${error.code ?? error.message}. Check --host and --port`);
      }
    });
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}
