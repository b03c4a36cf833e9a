// The raw openapi-fetch client at its edges, against a real local server: it sends GET only, and
// hands openapi-fetch a bodiless answer (a 304) without choking on it.
import { describe, expect, it } from "vitest";
import { clientFor, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

describe("raw", () => {
  it.each(["POST", "DELETE", "PUT", "PATCH"])("refuses to send %s, and sends nothing", async (method) => {
    const server = await start({ customers: 1 });
    // Untyped on purpose: the spec has GET only, so TypeScript would not let a caller write this.
    const raw = clientFor(server).raw as unknown as Record<string, (path: string) => Promise<unknown>>;
    const send = raw[method] as (path: string) => Promise<unknown>;
    await expect(send("/v1/customers")).rejects.toThrow(
      new TypeError(`The Partner Center client only sends GET, not ${method}.`),
    );
    expect(server.requests).toHaveLength(0);
  });

  it("hands openapi-fetch a 304, which may not have a body, as a response without one", async () => {
    const server = await start({ faults: () => ({ kind: "raw", status: 304, body: "" }) });
    const { data, response } = await clientFor(server).raw.GET("/v1/customers");
    expect(response.status).toBe(304);
    expect(response.body).toBeNull();
    expect(data).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });
});
