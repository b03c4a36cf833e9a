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
 *
 * The front also answers CORS preflights itself (Prism would pass them on, and the stand-in
 * would answer 401), before counting requests, so a preflight never takes a fault meant for the
 * request it precedes.
 *
 * The stand-in is the client package's (`partner-center-customers/mock`), the same one
 * `createMockFetch` and the MSW handlers serve in process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  checkLatency,
  createDataSet,
  type DataSet,
  type Fault,
  formatFault,
  type MockRequest,
  StandIn,
  scheduleOf,
} from "partner-center-customers/mock";
import { embeddedSpecPath } from "../conformance/assets.js";
import { corsPolicy, corsResponseHeaders, preflightAnswer } from "./cors.js";
import { type PrismProcess, startPrism } from "./prism.js";
import { type PrismViolation, parsePrismViolations } from "./prism-violations.js";

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
  /**
   * Page origins allowed to call the mock from a browser besides loopback ones (which always are):
   * `"https://app.example"`, a list of them, or `"*"` for any.
   */
  readonly cors?: string | readonly string[];
}

/** A Prism violation, as its `sl-violations` header lists them. */
export type MockViolation = PrismViolation;

/**
 * One request the mock received (CORS preflights, which the mock answers itself, are not among
 * them). The URL is kept as sent: the operation's credentials travel in headers, which are not kept.
 */
export interface MockRequestRecord extends MockRequest {
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
  "origin",
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
  const latencyMs = checkLatency(options.latencyMs);
  const cors = corsPolicy(options.cors);
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
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && name !== FAULT_HEADER)
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers,
    });
    const answer = standIn.respond(request, fault);
    void answer.text().then((text) => {
      res.writeHead(answer.status, {
        ...Object.fromEntries(answer.headers),
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    });
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
      const origin = req.headers.origin;
      if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
        const answer = preflightAnswer(
          origin,
          cors,
          req.headers["access-control-request-private-network"] === "true",
        );
        res.writeHead(answer.status, { ...answer.headers, "content-length": Buffer.byteLength(answer.body) });
        res.end(answer.body);
        return;
      }
      if (origin !== undefined && cors(origin)) {
        for (const [name, value] of Object.entries(corsResponseHeaders(origin))) res.setHeader(name, value);
      }
      const index = ++count;
      const fault = schedule.get(index);
      const record: MockRequestRecord = {
        index,
        method: req.method ?? "GET",
        url: (req.url ?? "/").slice(0, 2048),
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
        const violations = parsePrismViolations(upstream.headers.get("sl-violations"));
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
          // Prism's own CORS headers (any origin, every header exposed) would override the mock's policy.
          if (!NOT_FORWARDED.has(name) && !name.startsWith("access-control-") && name !== "vary")
            out[name] = value;
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
