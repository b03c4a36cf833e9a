import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Exchange } from "../../src/toolkit/conformance/index.js";
import {
  EXCHANGE_HEADER,
  MISS_HEADER,
  type ReplayServer,
  SCENARIO_HEADER,
  startReplayServer,
} from "../helpers/replay-server.js";

const filter = { Field: "CompanyName", Value: "Cont", Operator: "starts_with" };
const exchange = (url: string, token: string | undefined, body: unknown, headers = {}): Exchange => ({
  request: {
    method: "GET",
    url: `https://api.partnercenter.microsoft.com${url}`,
    headers: token === undefined ? {} : { "MS-ContinuationToken": token },
  },
  response: { status: 200, headers: { "content-type": "application/json", ...headers }, body },
});

const walk: Exchange[] = [
  exchange("/v1/customers?size=2", undefined, { page: 1 }, { "content-length": "99999" }),
  exchange("/v1/customers?size=2&seekOperation=Next", "t2", { page: 2 }),
  exchange("/v1/customers?size=2&seekOperation=Next", "t3", { page: 3 }),
  exchange(`/v1/customers?filter=${encodeURIComponent(JSON.stringify(filter))}&size=2`, undefined, {
    page: "f",
  }),
];

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer([{ id: "walk", exchanges: walk }]);
});
afterAll(async () => {
  await server.stop();
});

const get = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });

describe("the replay server answers with recorded responses", () => {
  it("listens on 127.0.0.1 on an ephemeral port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves the page recorded for the continuation token the request carries", async () => {
    const response = await get("/v1/customers?seekOperation=Next", {
      [SCENARIO_HEADER]: "walk",
      "ms-continuationtoken": "t3",
    });
    expect(await response.json()).toEqual({ page: 3 });
    expect(server.received.at(-1)?.answeredWith).toBe("walk#2");
  });

  it("serves a first page by its query, in any order and with the filter's JSON in any key order", async () => {
    const reordered = JSON.stringify({ Operator: "starts_with", Value: "Cont", Field: "CompanyName" });
    const response = await get(`/v1/customers?size=2&filter=${encodeURIComponent(reordered)}`, {
      [SCENARIO_HEADER]: "walk",
    });
    expect(await response.json()).toEqual({ page: "f" });
  });

  it("computes content-length itself (a recorded one may be wrong on purpose)", async () => {
    const response = await get("/v1/customers?size=2", { [SCENARIO_HEADER]: "walk" });
    const text = await response.text();
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
  });

  it("serves one exchange exactly when asked by index", async () => {
    const response = await get("/anything", { [EXCHANGE_HEADER]: "walk#1" });
    expect(await response.json()).toEqual({ page: 2 });
  });

  it("answers a request it has no recording for with a 500 that says what was asked", async () => {
    const response = await get("/v1/customers?size=2", {
      [SCENARIO_HEADER]: "walk",
      "ms-continuationtoken": "nope",
    });
    expect(response.status).toBe(500);
    expect(response.headers.get(MISS_HEADER)).toBe("1");
    expect(await response.json()).toMatchObject({
      code: "replay-miss",
      description:
        'no recorded exchange in scenario "walk" for GET /v1/customers?size=2 with MS-ContinuationToken nope',
    });
  });

  it("stops listening when stopped", async () => {
    const other = await startReplayServer([]);
    await other.stop();
    await expect(fetch(other.url)).rejects.toThrow();
  });
});
