/**
 * `startMock()`: the stateful mock of `GET /v1/customers` for tests and the CLI. Three parts in a
 * line, so that whatever a client receives has been checked against the spec by Prism:
 *
 *   client → front (the URL you get: faults, latency, the request log)
 *          → `prism proxy` on the spec (validates both directions)
 *          → the stand-in (paging, filter, error bodies), on a private 127.0.0.1 port
 *
 * Prism runs without `--errors` because with it Prism answers a request that breaks the spec
 * itself (its own 401 for a missing bearer token, 422 for `size=-1`), so the stand-in's documented
 * Partner Center errors would never be served. The front applies `--errors` to responses instead:
 * a response Prism finds in violation becomes Prism's own 500 `VIOLATIONS` problem.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { redactShapes } from "partner-center-customers/redact";
import { embeddedSpecPath } from "../conformance/assets.js";
import { createDataSet, type DataSet } from "./data-set.js";
import { type Fault, formatFault, MAX_DELAY_MS, scheduleOf } from "./faults.js";
import { type PrismProcess, startPrism } from "./prism.js";
import { StandIn } from "./stand-in.js";

/** What `startMock` accepts; every option has a default. */
export interface MockOptions {
  /** How many customers (default 40). */
  readonly customers?: number;
  /** Seed of the data set (default 1). */
  readonly seed?: number;
  /** Faults by request number: `"429@3,503@5"` or `[{ kind: "429", at: 3, retryAfterSeconds: 1 }]`. */
  readonly faults?: string | readonly Fault[];
  /** Added to every response, in milliseconds (default 0). */
  readonly latencyMs?: number;
  /** Port of the mock's URL; a free one when omitted (or 0). */
  readonly port?: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** The spec Prism validates against (default: the embedded spec). */
  readonly spec?: string;
  /** Receives every line Prism prints (by default they are kept for error messages only). */
  readonly onPrismLog?: (line: string) => void;
}

/** A Prism violation, as its `sl-violations` header lists them. */
export interface MockViolation {
  readonly location: readonly string[];
  readonly severity: string;
  readonly message: string;
}

/** One request the mock received. */
export interface MockRequestRecord {
  /** 1 for the first request: the number faults are scheduled by. */
  readonly index: number;
  readonly method: string;
  /** Path and query string, with credential-shaped text removed. */
  readonly url: string;
  /** Whether it carried an `MS-ContinuationToken`. */
  readonly continuation: boolean;
  /** The fault applied, in the grammar's notation (`429@3:1s`), if any. */
  readonly fault: string | undefined;
  /** The status the client received; 0 for a dropped connection. */
  status: number;
  /** What Prism reported about the request and the response (none: both conform). */
  violations: readonly MockViolation[];
}

/** A running mock. */
export interface MockServer {
  /** The base URL to give the client, such as `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  /** The customers it serves, with the indirect partners' tenant ids. */
  readonly dataSet: DataSet;
  /** Every request so far, in order (the last 10 000). */
  readonly requests: readonly MockRequestRecord[];
  /** The Prism process (its pid, its last log lines). */
  readonly prism: PrismProcess;
  /** Stops the mock and its Prism, and waits for both. Safe to call twice. */
  close(): Promise<void>;
}

const FAULT_HEADER = "x-pc-mock-fault";
const MAX_LOG = 10_000;
// Hop-by-hop headers and those the fetch below recomputes.
const NOT_FORWARDED = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "accept-encoding",
  "content-encoding",
  "upgrade",
  FAULT_HEADER,
]);

/**
 * Starts the stateful mock and resolves once it answers. Stop it with `close()`; Prism is also
 * stopped when this process exits or is interrupted, and exits on its own if this process is
 * killed. Bad options throw a `RangeError`/`FaultSyntaxError` before anything starts.
 */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const dataSet = createDataSet({
    ...(options.customers === undefined ? {} : { customers: options.customers }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const schedule = scheduleOf(options.faults);
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > MAX_DELAY_MS)
    throw new RangeError(`latencyMs must be from 0 to ${MAX_DELAY_MS} milliseconds, got ${latencyMs}.`);
  const port = options.port ?? 0;
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`port must be a whole number from 0 to 65535, got ${port}.`);
  const host = options.host ?? "127.0.0.1";
  const spec = options.spec ?? embeddedSpecPath();

  const standIn = new StandIn(dataSet);
  const faultOf = new Map<string, Fault>();
  const backend = createServer((req, res) => {
    const id = req.headers[FAULT_HEADER];
    const fault = typeof id === "string" ? faultOf.get(id) : undefined;
    if (typeof id === "string") faultOf.delete(id);
    const answer = standIn.handle(
      { method: req.method ?? "GET", url: req.url ?? "/", headers: headersOf(req) },
      fault,
    );
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, { ...answer.headers, "content-length": Buffer.byteLength(text) });
    res.end(text);
  });
  const servers: Server[] = [backend];
  let prism: PrismProcess | undefined;
  try {
    const backendUrl = await listen(backend, 0, "127.0.0.1");
    prism = await startPrism({
      mode: "proxy",
      spec,
      upstream: backendUrl,
      ...(options.onPrismLog ? { onLog: options.onPrismLog } : { onLog: () => {} }),
    });
    const prismUrl = prism.url;
    const requests: MockRequestRecord[] = [];
    let count = 0;
    const front = createServer((req, res) => {
      const index = ++count;
      const fault = schedule.get(index);
      const record: MockRequestRecord = {
        index,
        method: req.method ?? "GET",
        url: redactShapes((req.url ?? "/").slice(0, 2048)),
        continuation: req.headers["ms-continuationtoken"] !== undefined,
        fault: fault === undefined ? undefined : formatFault(fault),
        status: 0,
        violations: [],
      };
      requests.push(record);
      if (requests.length > MAX_LOG) requests.shift();
      void serve(req, res, record, fault);
    });
    const serve = async (
      req: IncomingMessage,
      res: ServerResponse,
      record: MockRequestRecord,
      fault?: Fault,
    ) => {
      // A request body (the API takes none) is read and dropped, up to a bound.
      let received = 0;
      req.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > 1_000_000) req.destroy();
      });
      if (fault?.kind === "reset") {
        req.socket.destroy();
        return;
      }
      const delay = latencyMs + (fault?.kind === "slow" ? fault.delayMs : 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed || req.socket.destroyed) return;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (NOT_FORWARDED.has(name) || value === undefined) continue;
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      if (fault !== undefined) {
        const id = `${record.index}`;
        faultOf.set(id, fault);
        headers.set(FAULT_HEADER, id);
      }
      try {
        const upstream = await fetch(`${prismUrl}${req.url ?? "/"}`, {
          method: req.method === "GET" || req.method === "HEAD" ? req.method : "GET",
          headers,
          redirect: "manual",
        });
        const text = await upstream.text();
        const violations = parseViolations(upstream.headers.get("sl-violations"));
        record.violations = violations;
        const broken = violations.filter((v) => v.location[0] === "response" && v.severity === "Error");
        if (broken.length > 0) {
          // What `prism proxy --errors` answers for a response that breaks the spec.
          record.status = 500;
          const problem = JSON.stringify({
            type: "https://stoplight.io/prism/errors#VIOLATIONS",
            title: "Request/Response not valid",
            status: 500,
            detail: "The mock's response is not valid for the spec, so Prism's verdict is returned instead.",
            validation: broken,
          });
          res.writeHead(500, {
            "content-type": "application/problem+json",
            "sl-violations": upstream.headers.get("sl-violations") ?? "[]",
          });
          res.end(problem);
          return;
        }
        record.status = upstream.status;
        const out: Record<string, string> = {};
        upstream.headers.forEach((value, name) => {
          if (!NOT_FORWARDED.has(name)) out[name] = value;
        });
        res.writeHead(upstream.status, { ...out, "content-length": Buffer.byteLength(text) });
        res.end(text);
      } catch (error) {
        record.status = 502;
        const body = JSON.stringify({
          code: 800003,
          description: `The mock's Prism did not answer: ${(error as Error).message}`,
          data: [],
          source: "pc-customers mock",
        });
        if (!res.headersSent) res.writeHead(502, { "content-type": "application/json; charset=utf-8" });
        res.end(body);
      } finally {
        faultOf.delete(`${record.index}`);
      }
    };
    servers.push(front);
    const url = await listen(front, port, host);
    let closing: Promise<void> | undefined;
    const started = prism;
    return {
      url,
      port: Number(new URL(url).port),
      dataSet,
      requests,
      prism: started,
      close() {
        closing ??= (async () => {
          await Promise.allSettled([...servers.map(close), started.stop()]);
        })();
        return closing;
      },
    };
  } catch (error) {
    await Promise.allSettled([...servers.map(close), prism?.stop()]);
    throw error;
  }
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

function parseViolations(raw: string | null): MockViolation[] {
  if (raw === null || raw.trim() === "") return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.slice(0, 100).map((v: { location?: unknown; severity?: unknown; message?: unknown }) => ({
      location: Array.isArray(v.location) ? v.location.map(String) : [],
      severity: String(v.severity ?? "Error"),
      message: String(v.message ?? ""),
    }));
  } catch {
    return [
      { location: ["response"], severity: "Error", message: "Prism's sl-violations header is not JSON" },
    ];
  }
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
