// The options and parameters of long jobs (resuming, hooks, maxResponseBytes) at their edges, and
// the URL a resumed walk starts from. A custom fetch stands in for the server: only what the
// client builds matters here.
import { describe, expect, it } from "vitest";
import { seekRequest } from "../../src/client/customers.js";
import { createPartnerCenterClient, isBadRequestError } from "../../src/client/index.js";
import { tokenHint } from "../../src/client/security/token-hint.js";

const TOKEN = "t0k3n";
const base = { token: TOKEN, baseUrl: "http://127.0.0.1:9" };

/** A client whose fetch records each URL and answers `answer(n)` (a last page by default). */
function recording(answer: (n: number) => Response = () => Response.json({ items: [] })) {
  const urls: string[] = [];
  const client = createPartnerCenterClient({
    ...base,
    retry: false,
    fetch: async (request) => {
      urls.push(request.url);
      return answer(urls.length);
    },
  });
  return { client, urls };
}

describe("byPage()", () => {
  it.each(["x", null, 5])("refuses %o as its settings", (settings) => {
    const { client } = recording();
    expect(() => client.customers.list().byPage(settings as never)).toThrow(
      new TypeError("byPage() takes an object such as { continuationToken }, or nothing."),
    );
  });

  it("takes settings without a continuationToken as a walk from the first page", async () => {
    const { client, urls } = recording();
    await client.customers.list().byPage({}).next();
    expect(urls).toEqual(["http://127.0.0.1:9/v1/customers"]);
  });
});

describe("the request that resumes a walk", () => {
  it("adds seekOperation=Next to the first page's URL, with ? or &", () => {
    expect(seekRequest("https://pc.test/v1/customers", "t").url).toBe(
      "https://pc.test/v1/customers?seekOperation=Next",
    );
    expect(seekRequest("https://pc.test/v1/customers?size=5", "t")).toEqual({
      url: "https://pc.test/v1/customers?size=5&seekOperation=Next",
      headers: { "ms-continuationtoken": "t" },
    });
  });

  it("explains a 400 as a refused continuation token only when the walk was resumed", async () => {
    const badRequest = () => Response.json({ code: 800002, description: "Invalid request" }, { status: 400 });
    const fresh = recording(badRequest);
    const error = await fresh.client.customers
      .list()
      .byPage()
      .next()
      .catch((e: unknown) => e);
    expect(isBadRequestError(error)).toBe(true);
    expect((error as Error).message).not.toContain("refused the continuation token");
    const resumed = recording(badRequest);
    const resumedError = await resumed.client.customers
      .list({ continuationToken: "old" })
      .byPage()
      .next()
      .catch((e: unknown) => e);
    expect((resumedError as Error).message).toContain("The service refused the continuation token");
  });
});

describe("hooks", () => {
  it("says null is null", () => {
    expect(() => createPartnerCenterClient({ ...base, hooks: null as never })).toThrow(
      new TypeError("hooks must be an object such as { onRetry, onPage }, got null."),
    );
    expect(() => createPartnerCenterClient({ ...base, hooks: "x" as never })).toThrow(
      new TypeError("hooks must be an object such as { onRetry, onPage }, got string."),
    );
  });

  it("takes a hook left undefined as no hook", () => {
    expect(() =>
      createPartnerCenterClient({ ...base, hooks: { onRetry: undefined } as never }),
    ).not.toThrow();
  });
});

describe("maxResponseBytes", () => {
  it.each([1.5, Number.NaN, 2 ** 53, -1, 0])("refuses %d", (limit) => {
    expect(() => createPartnerCenterClient({ ...base, maxResponseBytes: limit })).toThrow(RangeError);
  });

  it.each([1, 2 ** 53 - 1, Number.POSITIVE_INFINITY])("takes %d", (limit) => {
    expect(() => createPartnerCenterClient({ ...base, maxResponseBytes: limit })).not.toThrow();
  });
});

describe("tokenHint reads", () => {
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const NOW = Date.UTC(2026, 0, 1);

  it("a payload with _ in its base64url", () => {
    let pad = "";
    let payload = "";
    for (const c of ["?", "??", "???", ">", ">>", "~~", "ÿ"]) {
      pad = c.repeat(9);
      payload = b64url({ aud: "https://graph.windows.net", pad });
      if (payload.includes("_")) break;
    }
    expect(payload).toContain("_");
    expect(tokenHint(`e30.${payload}.s`, "global", NOW)).toMatch(/Azure AD Graph/);
  });

  it("an application id as an audience only when it is all of a GUID", () => {
    const hint = (aud: string) => tokenHint(`e30.${b64url({ aud })}.s`, "global", NOW);
    expect(hint("00000000-0000-4000-8000-000000000001")).toBeUndefined();
    expect(hint("00000000-0000-4000-8000-000000000001.example")).toMatch(/not for Partner Center/);
  });
});
