import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Exchange } from "../../src/toolkit/conformance/index.js";

/** A named set of exchanges the server can answer from: one recording file. */
export interface Scenario {
  /** The recording's name, such as `walks/three-page-walk.har`. */
  id: string;
  exchanges: Exchange[];
}

/** A request the replay server received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** Header names lower case. */
  headers: Record<string, string>;
  /** Which recorded exchange answered it (`scenario#index`), or undefined for a miss. */
  answeredWith: string | undefined;
}

/** A running replay server. */
export interface ReplayServer {
  /** Base URL, such as `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in order. */
  received: ReceivedRequest[];
  /** Stops the server and closes its connections. */
  stop(): Promise<void>;
}

/** Names the scenario (recording) a request should be answered from. */
export const SCENARIO_HEADER = "x-replay-scenario";
/** Names one exchange exactly: `scenario#index`. */
export const EXCHANGE_HEADER = "x-replay-exchange";
/** Set on the answer when no recorded exchange matched the request. */
export const MISS_HEADER = "x-replay-miss";

// Headers the server computes itself (the recorded ones may be wrong on purpose or stale).
const COMPUTED = new Set([
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "content-encoding",
]);

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that answers with recorded responses.
 *
 * A request names its scenario in `x-replay-scenario`; inside it, a request that carries an
 * `MS-ContinuationToken` gets the recorded page that was requested with that token, and one without
 * gets the recorded exchange whose query (size, filter, …) matches. `x-replay-exchange: id#n` picks
 * one exchange exactly. Anything else is a miss: a `500` Partner Center error that says what was
 * asked, so a test that walks wrongly fails with the reason.
 */
export async function startReplayServer(scenarios: Scenario[]): Promise<ReplayServer> {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const headers = lowerCase(req.headers);
    const found = pick(byId, req, headers);
    received.push({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers,
      answeredWith: found?.key,
    });
    req.resume();
    req.on("end", () => (found ? replay(res, found.exchange) : miss(res, req, headers)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

function pick(
  scenarios: Map<string, Scenario>,
  req: IncomingMessage,
  headers: Record<string, string>,
): { exchange: Exchange; key: string } | undefined {
  const exact = headers[EXCHANGE_HEADER];
  if (exact !== undefined) {
    const at = exact.lastIndexOf("#");
    const scenario = scenarios.get(exact.slice(0, at));
    const exchange = scenario?.exchanges[Number(exact.slice(at + 1))];
    return exchange ? { exchange, key: exact } : undefined;
  }
  const scenario = scenarios.get(headers[SCENARIO_HEADER] ?? "");
  if (!scenario) return undefined;
  const url = new URL(req.url ?? "/", "http://replay");
  const token = headers["ms-continuationtoken"];
  for (const [index, exchange] of scenario.exchanges.entries()) {
    const recorded = new URL(exchange.request.url, "http://replay");
    if (exchange.request.method.toUpperCase() !== (req.method ?? "GET").toUpperCase()) continue;
    if (recorded.pathname !== url.pathname) continue;
    const recordedToken = headerOf(exchange.request.headers, "ms-continuationtoken");
    const matches =
      token !== undefined ? recordedToken === token : recordedToken === undefined && sameQuery(recorded, url);
    if (matches) return { exchange, key: `${scenario.id}#${index}` };
  }
  return undefined;
}

/** Same query parameters, in any order; `filter` compared as JSON (key order and encoding aside). */
function sameQuery(a: URL, b: URL): boolean {
  const names = new Set([...a.searchParams.keys(), ...b.searchParams.keys()]);
  for (const name of names) {
    const x = a.searchParams.getAll(name);
    const y = b.searchParams.getAll(name);
    if (x.length !== y.length) return false;
    for (const [i, value] of x.entries()) {
      const other = y[i] ?? "";
      if (value === other) continue;
      if (name !== "filter" || !sameJson(value, other)) return false;
    }
  }
  return true;
}

function sameJson(a: string, b: string): boolean {
  try {
    return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function replay(res: ServerResponse, exchange: Exchange): void {
  const { response } = exchange;
  const body =
    response.bodyText !== undefined
      ? response.bodyText
      : response.body === undefined
        ? ""
        : JSON.stringify(response.body);
  for (const [name, value] of Object.entries(response.headers)) {
    if (!COMPUTED.has(name.toLowerCase())) res.setHeader(name, value);
  }
  res.setHeader("content-length", Buffer.byteLength(body));
  res.writeHead(response.status);
  res.end(body);
}

function miss(res: ServerResponse, req: IncomingMessage, headers: Record<string, string>): void {
  const token = headers["ms-continuationtoken"];
  const body = JSON.stringify({
    code: "replay-miss",
    description: `no recorded exchange in scenario ${JSON.stringify(headers[SCENARIO_HEADER] ?? headers[EXCHANGE_HEADER] ?? "(none)")} for ${req.method} ${req.url}${token === undefined ? "" : ` with MS-ContinuationToken ${token}`}`,
    data: [],
    source: "replay-server",
  });
  res.writeHead(500, { "content-type": "application/json", [MISS_HEADER]: "1" });
  res.end(body);
}

function lowerCase(headers: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}
