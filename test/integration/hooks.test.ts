// Hooks: onRetry before each retry's wait, onPage for each page; a throwing hook ends the walk.
import { describe, expect, it } from "vitest";
import type { PageEvent, RetryEvent } from "../../src/client/index.js";
import { clientFor, collect, instantRuntime, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

describe("onRetry", () => {
  it("tells a job about each retry before the wait: attempt, status, delay, ids and reason", async () => {
    const server = await start({
      customers: 3,
      faults: {
        1: { kind: "status", status: 429, headers: { "Retry-After": "57" } },
        2: { kind: "status", status: 503 },
        3: { kind: "reset" },
      },
    });
    const events: RetryEvent[] = [];
    const { runtime, sleeps } = instantRuntime();
    const client = clientFor(server, { hooks: { onRetry: (event) => void events.push(event) } }, runtime);
    expect(await collect(client.customers.list())).toHaveLength(3);
    expect(
      events.map(({ attempt, status, delayMs, reason }) => ({ attempt, status, delayMs, reason })),
    ).toEqual([
      { attempt: 1, status: 429, delayMs: 57_000, reason: "throttled" },
      { attempt: 2, status: 503, delayMs: sleeps[1], reason: "server-error" },
      { attempt: 3, status: 0, delayMs: sleeps[2], reason: "network" },
    ]);
    const sent = server.requests.map((r) => r.headers["ms-requestid"]);
    expect(events.map((e) => e.requestId)).toEqual(sent.slice(0, 3));
    expect(new Set(events.map((e) => e.correlationId))).toEqual(
      new Set([server.requests[0]?.headers["ms-correlationid"]]),
    );
  });

  it("ends the walk with the hook's error, without waiting or retrying", async () => {
    const server = await start({
      faults: { 1: { kind: "status", status: 429, headers: { "Retry-After": "57" } } },
    });
    const { runtime, sleeps } = instantRuntime();
    const stop = new Error("throttled too long: giving up");
    const client = clientFor(server, { hooks: { onRetry: () => Promise.reject(stop) } }, runtime);
    await expect(collect(client.customers.list())).rejects.toBe(stop);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});

describe("onPage", () => {
  it("tells a job about each page before it is handed out, with the token to resume after it", async () => {
    const server = await start({ customers: 10 });
    const events: PageEvent<unknown>[] = [];
    const client = clientFor(server, { hooks: { onPage: (event) => void events.push(event) } });
    const pages = await collect(client.customers.list({ size: 4 }).byPage());
    expect(events.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(events.map((e) => e.items.length)).toEqual([4, 4, 2]);
    expect(events.map((e) => e.continuationToken)).toEqual(pages.map((p) => p.continuationToken));
    expect(events[2]?.continuationToken).toBeUndefined();
    // Item iteration calls it too.
    await collect(client.customers.list({ size: 4 }));
    expect(events).toHaveLength(6);
  });

  it("ends the walk with the hook's error before the page is handed out", async () => {
    const server = await start({ customers: 10 });
    const stop = new Error("disk full: cannot save the checkpoint");
    const client = clientFor(server, {
      hooks: {
        onPage: ({ index }) => {
          if (index === 1) throw stop;
        },
      },
    });
    const seen: string[] = [];
    const walk = (async () => {
      for await (const customer of client.customers.list({ size: 4 })) seen.push(customer.id);
    })();
    await expect(walk).rejects.toBe(stop);
    expect(seen).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });
});
