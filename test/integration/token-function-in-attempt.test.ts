// The token function is part of the attempt: the attempt's time limit and the walk's signal cover
// its call, so one that never settles ends the walk (also when only a retry's call hangs). And a
// request the runtime refuses for want of a permission is not retried.
import { describe, expect, it } from "vitest";
import { NetworkError, TimeoutError } from "../../src/client/errors/errors.js";
import {
  clientFor,
  collect,
  instantRuntime,
  serversClosedAfterEach,
  TOKEN,
} from "../helpers/client-harness.js";

const start = serversClosedAfterEach();
const never = () => new Promise<string>(() => {});

describe("a token function that never returns", () => {
  it("ends the walk with a TimeoutError naming the token function once timeoutMs has passed, having sent nothing", async () => {
    const server = await start({ customers: 2 });
    const client = clientFor(server, { token: never, timeoutMs: 200 });
    const error = await collect(client.customers.list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain(
      "was not sent: the token function (the client's token option) did not return an access token within the timeoutMs limit of 200 ms",
    );
    expect(server.requests).toHaveLength(0);
  });

  it("does the same for a raw call", async () => {
    const server = await start({ customers: 2 });
    const client = clientFor(server, { token: never, timeoutMs: 100 });
    await expect(client.raw.GET("/v1/customers")).rejects.toThrow(/the token function .* did not return/);
    expect(server.requests).toHaveLength(0);
  });

  it("ends the walk with the signal's reason when the walk's signal aborts (no timeoutMs)", async () => {
    const server = await start({ customers: 2 });
    const client = clientFor(server, { token: never, timeoutMs: Number.POSITIVE_INFINITY });
    const controller = new AbortController();
    const walk = collect(client.customers.list({ signal: controller.signal })).catch((e: unknown) => e);
    const reason = new Error("the job was cancelled");
    setTimeout(() => controller.abort(reason), 100);
    expect(await walk).toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it("ends the walk with an AbortSignal.timeout() signal's TimeoutError", async () => {
    const server = await start({ customers: 2 });
    const client = clientFor(server, { token: never, timeoutMs: Number.POSITIVE_INFINITY });
    const error = await collect(client.customers.list({ signal: AbortSignal.timeout(100) })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(server.requests).toHaveLength(0);
  });

  it("ends the walk when only a retry's token call hangs", async () => {
    const server = await start({ customers: 2, faults: { 1: { kind: "status", status: 503 } } });
    let calls = 0;
    const token = () => (++calls === 1 ? Promise.resolve(TOKEN) : never());
    const client = clientFor(server, { token, timeoutMs: 200 }, instantRuntime().runtime);
    const error = await collect(client.customers.list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain("the token function");
    expect(calls).toBe(2);
    expect(server.requests).toHaveLength(1);
  });

  it("a slow token function within timeoutMs is fine: the walk goes on", async () => {
    const server = await start({ customers: 3 });
    const token = () => new Promise<string>((resolve) => setTimeout(() => resolve(TOKEN), 20));
    const client = clientFor(server, { token, timeoutMs: 5_000 });
    expect(await collect(client.customers.list({ size: 2 }))).toEqual(server.customers);
  });
});

describe("a request the runtime refuses for want of a permission", () => {
  it.each(["PermissionDenied", "NotCapable"])(
    "a fetch that throws %s is not retried: one NetworkError after one attempt",
    async (name) => {
      let calls = 0;
      const denied = Object.assign(
        new Error('Requires net access to "127.0.0.1:9", run again with the --allow-net flag'),
        { name },
      );
      const { runtime, sleeps } = instantRuntime();
      const client = clientFor(
        { url: "http://127.0.0.1:9" },
        {
          fetch: async () => {
            calls++;
            throw denied;
          },
        },
        runtime,
      );
      const error = await collect(client.customers.list()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).message).toContain("(1 attempt)");
      expect((error as NetworkError).message).toContain("--allow-net");
      expect((error as NetworkError).cause).toBe(denied);
      expect(calls).toBe(1);
      expect(sleeps).toEqual([]);
    },
  );

  it("a permission error wrapped as a fetch failure's cause is not retried either", async () => {
    let calls = 0;
    const client = clientFor(
      { url: "http://127.0.0.1:9" },
      {
        fetch: async () => {
          calls++;
          throw new TypeError("fetch failed", {
            cause: Object.assign(new Error("access denied"), { name: "PermissionDenied" }),
          });
        },
      },
    );
    await expect(collect(client.customers.list())).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(1);
  });

  it("an ordinary network failure is still retried", async () => {
    let calls = 0;
    const client = clientFor(
      { url: "http://127.0.0.1:9" },
      {
        fetch: async () => {
          calls++;
          throw new TypeError("fetch failed");
        },
      },
    );
    await expect(collect(client.customers.list())).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(4);
  });
});
