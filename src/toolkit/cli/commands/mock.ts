// `pc-customers mock`: serves the stateful mock (or, with --stateless, Prism's mock of the spec's
// examples) until Ctrl-C or SIGTERM, then stops it and its Prism.
import { createServer, isIP } from "node:net";
import { FaultSyntaxError, MAX_CUSTOMERS, parseDuration, parseFaults } from "partner-center-customers/mock";
import { corsPolicy } from "../../mock/cors.js";
import { startPrism } from "../../mock/prism.js";
import { type MockOptions, startMock } from "../../mock/start-mock.js";
import { helpHint, intOption, type ParsedArgs, stringOption, UsageError } from "../args.js";
import type { Io } from "../io.js";
import { checkSpecReadable, specFile } from "../spec-option.js";

// A host name: labels of letters, digits and inner hyphens.
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const STATEFUL_ONLY = ["customers", "seed", "faults", "latency", "cors"] as const;

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const port = intOption(args, "mock", "port", { min: 1, max: 65535 }, 4010);
  const host = stringOption(args, "host") ?? "127.0.0.1";
  if (isIP(host) === 0 && !HOST_NAME.test(host)) {
    throw new UsageError(
      `--host takes an address or host name to listen on, such as 127.0.0.1, ::1 or 0.0.0.0, got '${host}'. ${helpHint("mock")}`,
    );
  }
  const stateless = args.values.stateless === true;
  const stateful = stateless ? undefined : statefulOptions(args);
  if (stateless) {
    const given = STATEFUL_ONLY.filter((name) => args.values[name] !== undefined);
    if (given.length > 0)
      throw new UsageError(
        `--stateless serves the spec's examples, so --${given[0]} does not apply to it. Leave out one or the other. ${helpHint("mock")}`,
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

  let url: string;
  let stop: () => Promise<void>;
  if (stateless) {
    const prism = await startPrism({ mode: "mock", spec: spec.path, port, host });
    url = prism.url;
    stop = () => prism.stop();
    io.err(
      `Prism mock of ${spec.name} listening on ${url} (send 'Authorization: Bearer <anything>'; ` +
        "'Prefer: example=lastPage' or 'Prefer: code=429' pick other responses). Ctrl-C stops it.\n",
    );
  } else {
    const mock = await startMock({ ...stateful, port, host, spec: spec.path });
    url = mock.url;
    stop = () => mock.close();
    const faults = stateful?.faults ? `, faults ${stateful.faults}` : "";
    io.err(
      `Mock of GET /v1/customers (${mock.dataSet.customers.length} customers, seed ${mock.dataSet.seed}${faults}) ` +
        `listening on ${url}, validated by Prism against ${spec.name}; send 'Authorization: Bearer <anything>'. Ctrl-C stops it.\n`,
    );
  }
  try {
    await io.out(`${url}\n`);
    if (signalled === undefined) await new Promise<void>((resolve) => (wake = resolve));
  } finally {
    await stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  io.err(`Stopped the mock (${signalled}).\n`);
  return 0;
}

/** The stateful mock's options, checked: a bad one is a usage error naming it. */
function statefulOptions(args: ParsedArgs): MockOptions {
  const customers = intOption(args, "mock", "customers", { min: 0, max: MAX_CUSTOMERS });
  const seed = intOption(args, "mock", "seed", { min: 0, max: 0xffff_ffff });
  const faults = stringOption(args, "faults");
  const latency = stringOption(args, "latency");
  const given = args.values.cors;
  const cors = given === undefined ? undefined : (Array.isArray(given) ? given : [given]).map(String);
  try {
    corsPolicy(cors);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`--${error.message} ${helpHint("mock")}`);
    throw error;
  }
  let latencyMs: number | undefined;
  try {
    if (faults !== undefined) parseFaults(faults);
  } catch (error) {
    if (error instanceof FaultSyntaxError)
      throw new UsageError(`--faults: ${error.message} ${helpHint("mock")}`);
    throw error;
  }
  try {
    if (latency !== undefined) latencyMs = parseDuration(latency, "--latency");
  } catch (error) {
    if (error instanceof FaultSyntaxError) throw new UsageError(`${error.message} ${helpHint("mock")}`);
    throw error;
  }
  return {
    ...(customers === undefined ? {} : { customers }),
    ...(seed === undefined ? {} : { seed }),
    ...(faults === undefined ? {} : { faults }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(cors === undefined ? {} : { cors }),
  };
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
