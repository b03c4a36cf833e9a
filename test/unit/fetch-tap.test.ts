// The CLI's fetch tap: the listener sees each exchange's whole body once the caller has read it, the
// caller still gets a readable response, and the tap never reads more than the caller does.
import { afterEach, describe, expect, it } from "vitest";
import { type TappedExchange, tapFetch } from "../../src/toolkit/cli/fetch-tap.js";
import { type CustomerServer, startCustomerServer } from "../helpers/customer-server.js";

let server: CustomerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the fetch tap", () => {
  it("hands the listener the body and gives the caller the same page, status and headers", async () => {
    server = await startCustomerServer({ customers: 3 });
    const seen: TappedExchange[] = [];
    const tapped = tapFetch(
      (request) => fetch(request),
      (exchange) => {
        seen.push(exchange);
      },
    );
    const response = await tapped(new Request(`${server.url}/v1/customers?size=2`));
    const page = (await response.json()) as { items: unknown[] };
    expect(page.items).toHaveLength(2);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]?.text ?? "")).toEqual(page);
    expect(seen[0]?.request.url).toBe(`${server.url}/v1/customers?size=2`);
  });

  it("passes an empty 204 on with no body", async () => {
    server = await startCustomerServer({ faults: { 1: { kind: "raw", status: 204, body: "" } } });
    const seen: string[] = [];
    const tapped = tapFetch(
      (request) => fetch(request),
      ({ text }) => {
        seen.push(text);
      },
    );
    const response = await tapped(new Request(`${server.url}/v1/customers`));
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(seen).toEqual([""]);
  });

  it("fails the caller's read with the listener's error", async () => {
    server = await startCustomerServer({ customers: 1 });
    const tapped = tapFetch(
      (request) => fetch(request),
      () => {
        throw new Error("refusing to write page-001.json");
      },
    );
    const response = await tapped(new Request(`${server.url}/v1/customers`));
    await expect(response.text()).rejects.toThrow(/refusing to write/);
  });

  it("reads nothing itself: the body is pulled only as the caller reads, and a cancel reaches the source", async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new Uint8Array(1024).fill(0x20);
    const endless = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          controller.enqueue(chunk);
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const seen: TappedExchange[] = [];
    const tapped = tapFetch(
      async () => new Response(endless, { status: 200 }),
      (exchange) => {
        seen.push(exchange);
      },
    );
    const response = await tapped(new Request("http://127.0.0.1/v1/customers"));
    expect(pulled).toBeLessThanOrEqual(2);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    await reader.cancel();
    // What the caller read, and the few chunks the streams' queues hold, never the endless rest.
    expect(pulled).toBeLessThanOrEqual(6);
    expect(cancelled).toBe(true);
    expect(seen).toHaveLength(0);
  });
});
