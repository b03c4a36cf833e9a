import type { Exchange } from "../../src/toolkit/conformance/index.js";
import { type PrismProcess, startPrism } from "../../src/toolkit/mock/prism.js";
import { SPEC } from "./paths.js";
import { type PrismVerdict, verdictOf } from "./prism-verdict.js";
import { EXCHANGE_HEADER, type ReplayServer, type Scenario, startReplayServer } from "./replay-server.js";

/** A replay server with a real `prism proxy --errors` in front of it. */
export interface ReplayProxy {
  /** Prism's URL: send requests here. */
  url: string;
  replay: ReplayServer;
  prism: PrismProcess;
  /** Sends a recorded exchange's request through Prism, answered with its recorded response. */
  send(scenario: string, index: number, exchange: Exchange): Promise<PrismVerdict>;
  /** Stops Prism and the replay server. */
  stop(): Promise<void>;
}

// Headers that describe the recorded connection, not the request: the replay sets its own.
const NOT_REPLAYED = new Set([
  "host",
  "content-length",
  "connection",
  "accept-encoding",
  "transfer-encoding",
]);

/**
 * Starts a replay server for `scenarios` and `prism proxy --errors` in front of it (one of each per
 * test file). Prism validates every request against the spec before forwarding it and every response
 * before returning it; with `--errors` it turns a violation into a 422 (request) or 500 (response).
 */
export async function startReplayProxy(scenarios: Scenario[]): Promise<ReplayProxy> {
  const replay = await startReplayServer(scenarios);
  let prism: PrismProcess;
  try {
    prism = await startPrism({
      mode: "proxy",
      spec: SPEC,
      upstream: replay.url,
      errors: true,
      onLog: () => {},
    });
  } catch (error) {
    await replay.stop();
    throw error;
  }
  return {
    url: prism.url,
    replay,
    prism,
    async send(scenario, index, exchange) {
      const recorded = new URL(exchange.request.url, "https://api.partnercenter.microsoft.com");
      const headers = new Headers();
      for (const [name, value] of Object.entries(exchange.request.headers)) {
        if (!NOT_REPLAYED.has(name.toLowerCase())) headers.set(name, value);
      }
      // Prism checks the bearer scheme is used; recordings keep it as "Bearer [REDACTED]".
      if (!headers.has("authorization")) headers.set("authorization", "Bearer [REDACTED]");
      headers.set(EXCHANGE_HEADER, `${scenario}#${index}`);
      const response = await fetch(`${prism.url}${recorded.pathname}${recorded.search}`, {
        method: exchange.request.method,
        headers,
      });
      return verdictOf(response);
    },
    async stop() {
      await Promise.allSettled([prism.stop(), replay.stop()]);
    },
  };
}
