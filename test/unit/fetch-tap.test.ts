// The CLI's fetch tap: the listener sees each exchange's whole body, the client still gets a
// readable response, against a real local server.
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
    const tapped = tapFetch(
      (request) => fetch(request),
      () => {},
    );
    const response = await tapped(new Request(`${server.url}/v1/customers`));
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("fails the attempt with the listener's error", async () => {
    server = await startCustomerServer({ customers: 1 });
    const tapped = tapFetch(
      (request) => fetch(request),
      () => {
        throw new Error("refusing to write page-001.json");
      },
    );
    await expect(tapped(new Request(`${server.url}/v1/customers`))).rejects.toThrow(/refusing to write/);
  });
});
