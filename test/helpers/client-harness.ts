/**
 * Test wiring for the client: servers that close themselves after each test, and a runtime whose
 * sleep records the delays it was asked for and returns at once (still honouring an abort).
 */
import { afterEach } from "vitest";
import { createPartnerCenterClientWith, type PartnerCenterClient } from "../../src/client/client.js";
import type { Runtime } from "../../src/client/http/transport.js";
import type { PartnerCenterClientOptions } from "../../src/client/options.js";
import { type CustomerServer, type CustomerServerOptions, startCustomerServer } from "./customer-server.js";

/** A token that looks like the real thing, so leaks are easy to spot. */
export const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYXJ0bmVyY2VudGVyIn0.c2lnbmF0dXJl";

/**
 * Returns a `start(options)` that starts a customer server and closes it after the current test
 * (call it at the top level of a test file or `describe`).
 */
export function serversClosedAfterEach(): (options?: CustomerServerOptions) => Promise<CustomerServer> {
  const open: CustomerServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startCustomerServer(options);
    open.push(server);
    return server;
  };
}

/** A runtime that does not wait: `sleeps` lists every delay asked for, in order. */
export function instantRuntime(overrides: Partial<Runtime> = {}): {
  runtime: Partial<Runtime>;
  sleeps: number[];
} {
  const sleeps: number[] = [];
  const runtime: Partial<Runtime> = {
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
    },
    random: () => 0.5,
    ...overrides,
  };
  return { runtime, sleeps };
}

/** A client for `server` with the test token, an instant runtime and `options` on top. */
export function clientFor(
  server: Pick<CustomerServer, "url">,
  options: Partial<PartnerCenterClientOptions> = {},
  runtime: Partial<Runtime> = instantRuntime().runtime,
): PartnerCenterClient {
  return createPartnerCenterClientWith({ baseUrl: server.url, token: TOKEN, ...options }, runtime);
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
