// Where a next link's uri sends the next request: what counts as a relative uri (a colon in its
// query does not make it absolute), when /v1 is already there, and what an absolute uri that is
// not a URL does. A custom fetch records the URL the client builds and answers with a last page.
import { describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "../../src/client/errors/errors.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

/** The URL of the request that follows a first page whose next link's uri is `uri`. */
async function followed(uri: string): Promise<{ urls: string[]; base: string; error: unknown }> {
  const server = await start({ customers: 0 });
  const urls: string[] = [];
  const client = clientFor(server, {
    fetch: async (request) => {
      urls.push(request.url);
      const first = urls.length === 1;
      return Response.json({
        items: [],
        links: first ? { next: { uri, headers: [{ key: "MS-ContinuationToken", value: "t1" }] } } : {},
      });
    },
  });
  const error = await collect(client.customers.list()).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { urls, base: server.url, error };
}

describe("a relative next uri", () => {
  it.each([
    ["customers?seekOperation=Next&at=12:30:00", "/v1/customers?seekOperation=Next&at=12:30:00"],
    ["/customers?filter=a:b", "/v1/customers?filter=a:b"],
    ["/v1", "/v1"],
    ["/v1?seekOperation=Next", "/v1?seekOperation=Next"],
    ["/V1/customers", "/V1/customers"],
    ["/v1x/customers", "/v1/v1x/customers"],
    ["v1/customers", "/v1/customers"],
  ])("%j is requested as %j under the base URL", async (uri, path) => {
    const { urls, base, error } = await followed(uri);
    expect(error).toBeUndefined();
    expect(urls).toEqual([`${base}/v1/customers`, `${base}${path}`]);
  });
});

describe("an absolute next uri", () => {
  it("with a digit in its scheme is absolute, and not followed to another origin", async () => {
    const { urls, error } = await followed("h2c://evil.example/v1/customers");
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/points to another origin/);
    expect(urls).toHaveLength(1);
  });

  it("that is not a valid URL is not followed, and the error says so", async () => {
    const { urls, error } = await followed("http://[not-an-ip/v1/customers");
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain(
      "its next link points that is not a valid URL; it was not followed, so the token was not sent there",
    );
    expect(urls).toHaveLength(1);
  });
});
