// Where a token can hide that a simple scan would miss: a non-enumerable property, a cause nested
// several levels down, a getter, a cause JSON.stringify cannot serialise; an error body that
// escapes it or nests it too deep to walk. In every case the user's error holds no token, and
// what the server said that was not the token is kept.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { UnexpectedResponseError } from "../../src/client/errors/errors.js";
import { isNetworkError, isServerError, isUnexpectedResponseError } from "../../src/client/index.js";
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

describe("a custom fetch's failure that holds the token never reaches the user", () => {
  it("on a non-enumerable property", async () => {
    const failure = new TypeError("fetch failed");
    Object.defineProperty(failure, "request", {
      value: { authorization: `Bearer ${TOKEN}` },
      enumerable: false,
    });
    const error = await networkErrorFor(failure);
    expectNoToken(error);
    expect(error.cause).not.toBe(failure);
    expect(error.cause).toMatchObject({ name: "TypeError", message: "fetch failed" });
  });

  it("on a symbol-keyed property", async () => {
    const failure = Object.assign(new Error("fetch failed"), { [Symbol("config")]: { token: TOKEN } });
    const error = await networkErrorFor(failure);
    expectNoToken(error);
    expect(error.cause).not.toBe(failure);
  });

  it("nested deeper than two levels of properties", async () => {
    const failure = Object.assign(new Error("Request failed"), {
      config: { request: { options: { headers: { list: [["authorization", `Bearer ${TOKEN}`]] } } } },
    });
    const error = await networkErrorFor(failure);
    expectNoToken(error);
    expect(error.cause).not.toBe(failure);
  });

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

  it("in a Map or a Set", async () => {
    for (const holder of [new Map([["authorization", `Bearer ${TOKEN}`]]), new Set([TOKEN])]) {
      const error = await networkErrorFor(Object.assign(new Error("fetch failed"), { holder }));
      expectNoToken(error);
    }
  });

  it("behind a getter (reading it might run anything, so it counts as holding the token)", async () => {
    const failure = new Error("fetch failed");
    Object.defineProperty(failure, "headers", { get: () => ({ authorization: `Bearer ${TOKEN}` }) });
    const error = await networkErrorFor(failure);
    expectNoToken(error);
    expect(error.cause).not.toBe(failure);
  });

  it("in a cause with a cycle", async () => {
    const request: Record<string, unknown> = { headers: { authorization: `Bearer ${TOKEN}` } };
    request.self = request;
    const failure = Object.assign(new Error("fetch failed"), { request });
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

  it("in a thrown value that is not an Error", async () => {
    for (const failure of [`Bearer ${TOKEN} rejected`, { headers: { authorization: `Bearer ${TOKEN}` } }]) {
      const error = await networkErrorFor(failure);
      expectNoToken(error);
      expect(error.cause).toBeInstanceOf(Error);
      expect((error.cause as Error).message).toMatch(/^A failure that held the access token \(/);
    }
  });

  it("in a part that throws when read (a revoked Proxy): it cannot be shown clean, so it is replaced", async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const failure = Object.assign(new Error("fetch failed"), { request: proxy });
    const error = await networkErrorFor(failure);
    expect(error.cause).not.toBe(failure);
    expect(error.cause).toMatchObject({ name: "Error", message: "fetch failed" });
  });

  it("as a number or BigInt, when the token is all digits", async () => {
    const digits = "123456789012345678901234567890";
    for (const value of [BigInt(digits), Number(digits.slice(0, 15))]) {
      const token = String(value);
      const failure = Object.assign(new Error("fetch failed"), { sent: value });
      const client = clientFor({ url: "http://127.0.0.1:9" } as CustomerServer, {
        token,
        retry: false,
        fetch: () => Promise.reject(failure),
      });
      const error = await collect(client.customers.list()).catch((e: unknown) => e);
      expect((error as Error).cause).not.toBe(failure);
      expect(inspect(error, { showHidden: true, depth: null })).not.toContain(token);
    }
  });

  it("nested 16 levels deep is still checked and kept; deeper, the cause is replaced, not shown", async () => {
    const nested = (levels: number) => {
      let deep: Record<string, unknown> = { end: "nothing secret here" };
      for (let i = 0; i < levels; i++) deep = { deeper: deep };
      return Object.assign(new Error("fetch failed"), { deep });
    };
    // The error is level 0 and its property level 1: 15 wrappers put the innermost object at 16.
    const kept = nested(15);
    expect((await networkErrorFor(kept)).cause).toBe(kept);
    const tooDeep = nested(16);
    expect((await networkErrorFor(tooDeep)).cause).not.toBe(tooDeep);
  });

  it("nested deeper than can be checked: the cause is replaced, not shown", async () => {
    let deep: Record<string, unknown> = { end: "nothing secret here" };
    for (let i = 0; i < 40; i++) deep = { deeper: deep };
    const failure = Object.assign(new Error("fetch failed"), { deep });
    const error = await networkErrorFor(failure);
    expect(error.cause).not.toBe(failure);
    expect(error.cause).toMatchObject({ name: "Error", message: "fetch failed" });
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

  it("removes a JSON body nested too deep to check, rather than show a token it might hold", async () => {
    const depth = 50_000;
    const body = `${"[".repeat(depth)}"${unicodeEscaped(TOKEN)}"${"]".repeat(depth)}`;
    const server = await start({
      faults: () => ({ kind: "raw", status: 200, headers: { "content-type": "application/json" }, body }),
    });
    const error = await collect(clientFor(server).customers.list()).catch((e: unknown) => e);
    expect(isUnexpectedResponseError(error)).toBe(true);
    expectNoToken(error);
    expect((error as UnexpectedResponseError).bodyPreview).toBe(
      "[a JSON body too deeply nested to check for secrets was removed]",
    );
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
