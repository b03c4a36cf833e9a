// Where the token can hide in the texts of a failure: a cause nested several levels down, a cause
// JSON.stringify cannot serialise; an error body that escapes it. In every case the user's error
// holds no token, and what the server said that was not the token is kept. (A custom fetch is
// trusted: the client reads only the texts of what it throws, not every property.)
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { UnexpectedResponseError } from "../../src/client/errors/errors.js";
import { isNetworkError, isServerError } from "../../src/client/index.js";
import { clientFor, collect, serversClosedAfterEach, TOKEN } from "../helpers/client-harness.js";
import type { CustomerServer } from "../helpers/customer-server.js";

const start = serversClosedAfterEach();

/** Everything of `value` a log could show: inspect with hidden properties, messages, stacks, causes. */
function everythingShown(value: unknown): string {
  const parts = [inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true })];
  for (let error = value; error instanceof Error; error = error.cause) {
    parts.push(String(error), error.message, error.stack ?? "");
    try {
      parts.push(JSON.stringify(error, Object.getOwnPropertyNames(error)));
    } catch {
      // not serialisable: inspect above shows it
    }
  }
  return parts.join("\n");
}

/** `text` with every character written as a JSON \u escape. */
const unicodeEscaped = (text: string) =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

function expectNoToken(value: unknown): void {
  const shown = everythingShown(value);
  expect(shown).not.toContain(TOKEN);
  expect(shown).not.toContain(TOKEN.slice(10, 40));
  // Escaped, it is as readable to anyone who decodes it.
  expect(shown).not.toContain(unicodeEscaped(TOKEN.slice(10, 40)));
}

/** The NetworkError of a walk whose custom fetch throws `failure`. */
async function networkErrorFor(failure: unknown): Promise<Error> {
  const client = clientFor({ url: "http://127.0.0.1:9" } as CustomerServer, {
    retry: false,
    fetch: () => Promise.reject(failure),
  });
  const error = await collect(client.customers.list()).catch((e: unknown) => e);
  expect(isNetworkError(error)).toBe(true);
  return error as Error;
}

describe("the token in the messages of a custom fetch's failure never reaches the user", () => {
  it("in a cause of a cause of a cause", async () => {
    const failure = new TypeError("fetch failed", {
      cause: new Error("connect failed", {
        cause: new Error("tls failed", { cause: new Error(`handshake for Bearer ${TOKEN}`) }),
      }),
    });
    const error = await networkErrorFor(failure);
    expectNoToken(error);
    expect(error.cause).not.toBe(failure);
  });

  it("in a cause JSON.stringify cannot serialise (a BigInt)", async () => {
    const failure = Object.assign(new Error(`socket hang up for ${TOKEN}`), {
      bytes: 10n,
      code: "ECONNRESET",
    });
    const error = await networkErrorFor(failure);
    expectNoToken(error);
    expect(error.cause).toMatchObject({
      name: "Error",
      message: "socket hang up for [REDACTED]",
      code: "ECONNRESET",
    });
  });

  it("keeps a cause with a cycle, a BigInt and a getter-free tree as it is when no token is in it", async () => {
    const request: Record<string, unknown> = { url: "https://pc.test", bytes: 10n };
    request.self = request;
    const failure = Object.assign(new Error("fetch failed"), { request, nested: { a: { b: { c: "d" } } } });
    const error = await networkErrorFor(failure);
    expect(error.cause).toBe(failure);
  });
});

describe("an error body that hides the token", () => {
  it("keeps the code and description of a JSON body whose token was \\u-escaped", async () => {
    const server = await start({
      faults: () => ({
        kind: "raw",
        status: 401,
        headers: { "content-type": "application/json" },
        body: `{"code":1002,"description":"Token ${unicodeEscaped(TOKEN)} expired","data":[],"source":"PartnerFD"}`,
      }),
    });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    expectNoToken(error);
    expect(error).toMatchObject({ status: 401, code: 1002, description: "Token [REDACTED] expired" });
  });

  it("removes a \\u-escaped token from the preview of a 200 JSON body that is not a page", async () => {
    const server = await start({
      faults: () => ({
        kind: "raw",
        status: 200,
        headers: { "content-type": "application/json" },
        body: `{"note":"see ${unicodeEscaped(TOKEN)}","code":7}`,
      }),
    });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    expectNoToken(error);
    expect((error as UnexpectedResponseError).bodyPreview).toBe('{"note":"see [REDACTED]","code":7}');
  });

  it("shows a JSON body with escapes but no token exactly as it came", async () => {
    const body = String.raw`{"note":"caf\u00e9 \"quoted\" \/path"}`;
    const server = await start({
      faults: () => ({ kind: "raw", status: 500, headers: { "content-type": "application/json" }, body }),
    });
    const error = await collect(clientFor(server, { retry: false }).customers.list()).catch(
      (e: unknown) => e,
    );
    expect(isServerError(error)).toBe(true);
    expect((error as Error).message).toContain(`body starts with ${JSON.stringify(body)}`);
  });
});

describe("bodyPreview", () => {
  it("is the first 120 characters of the body, white space collapsed, with … when there is more", async () => {
    const body = `<html>\n\n  ${"x".repeat(300)}</html>`;
    const server = await start({
      faults: () => ({ kind: "raw", status: 200, headers: { "content-type": "text/html" }, body }),
    });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    const preview = (error as UnexpectedResponseError).bodyPreview ?? "";
    expect(preview).toBe(`<html> ${"x".repeat(113)}…`);
    expect(preview).toHaveLength(121);
    expect((error as Error).message).toContain(`body starts with ${JSON.stringify(preview)}`);
  });

  it("is the whole body, trimmed, when it is 120 characters or fewer", async () => {
    for (const body of [` ${"y".repeat(120)} `, "short"]) {
      const server = await start({
        faults: () => ({ kind: "raw", status: 200, headers: { "content-type": "text/plain" }, body }),
      });
      const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
      expect((error as UnexpectedResponseError).bodyPreview).toBe(body.trim());
    }
  });
});
