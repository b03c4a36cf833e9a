// The access token: where it may go (the API's own origin, nowhere else) and where it may never
// appear (errors, however they are printed or serialised; the console; recordings). The server is
// untrusted here: it may echo the token in its body (as is or JSON-escaped), in any header or its
// status line, and point next links and redirects anywhere.
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createPartnerCenterClient,
  isNetworkError,
  isPartnerCenterError,
  isUnexpectedResponseError,
  type PartnerCenterClient,
  PartnerCenterError,
} from "../../src/client/index.js";
import { recordingFetch, recordingText } from "../../src/toolkit/cli/recorder.js";
import { checkText } from "../../src/toolkit/conformance/check.js";
import { findSecrets } from "../../src/toolkit/conformance/credentials.js";
import { embeddedSanitiser } from "../../src/toolkit/conformance/normalise.js";
import { loadSpec } from "../../src/toolkit/conformance/spec.js";
import { SpecValidator } from "../../src/toolkit/conformance/validator.js";
import { clientFor, collect, serversClosedAfterEach, TOKEN } from "../helpers/client-harness.js";
import type { CustomerServer, Fault, RecordedRequest } from "../helpers/customer-server.js";
import { SPEC } from "../helpers/paths.js";

const start = serversClosedAfterEach();

/** Tokens of every shape the client accepts: a JWT, opaque base64 (with / + =), one with " and \. */
const TOKENS = {
  jwt: TOKEN,
  base64: "b3BhcXVl/dG9rZW4+with/slashes+and=padding==",
  quoted: 'quote"and\\backslash-token-0123456789',
} as const;

/** Every way `token` can be spelled in text a person or a log reads. */
function spellings(token: string): string[] {
  const json = JSON.stringify(token).slice(1, -1);
  return [...new Set([token, json, json.replace(/\//g, "\\/"), inspect(token).slice(1, -1)])];
}

/** Everything that can be printed or serialised of `value`: inspect, JSON, message, stack, causes. */
function everythingShown(value: unknown): string {
  const parts = [inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY }), String(value)];
  try {
    parts.push(JSON.stringify(value) ?? "");
  } catch {
    // a cycle: inspect shows it anyway
  }
  for (let error = value; error instanceof Error; error = error.cause) {
    parts.push(error.message, error.stack ?? "", JSON.stringify(Object.entries(error)));
  }
  return parts.join("\n");
}

function expectNoToken(value: unknown, token: string): void {
  const shown = everythingShown(value);
  for (const spelling of spellings(token)) expect(shown).not.toContain(spelling);
}

/** `text` with every character written as a JSON \u escape. */
const unicodeEscaped = (text: string) =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

/** The token the request carried. */
const bearer = (request: RecordedRequest) => (request.headers.authorization ?? "").replace(/^Bearer /, "");

/** Answers that echo the request's token back in every way a server can. */
const ECHOES: Record<string, (token: string) => Fault> = {
  "a 401 with the token in its body, ids, Content-Type and status line": (t) => ({
    kind: "raw",
    status: 401,
    statusText: `Denied ${t}`,
    headers: { "content-type": `application/json; echo=${t}`, "MS-RequestId": t, "MS-CorrelationId": t },
    body: JSON.stringify({ code: t, description: `Authorization Failed for Bearer ${t}`, data: [t] }),
  }),
  "a 500 with the token JSON-escaped (\\/) in its body": (t) => ({
    kind: "raw",
    status: 500,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: 800003, description: `failed for ${t}` }).replace(/\//g, "\\/"),
  }),
  "a 400 with the token as \\u escapes in its body": (t) => ({
    kind: "raw",
    status: 400,
    headers: { "content-type": "application/json" },
    body: `{"code":800002,"description":"bad token ${unicodeEscaped(t)}"}`,
  }),
  "a 429 with the token in the gateway message": (t) => ({
    kind: "raw",
    status: 429,
    headers: { "content-type": "application/json", "retry-after": "1" },
    body: JSON.stringify({ statusCode: 429, message: `Rate limit exceeded for ${t}` }),
  }),
  "a 200 HTML page that shows the token": (t) => ({
    kind: "raw",
    status: 200,
    statusText: `OK ${t}`,
    headers: { "content-type": "text/html" },
    body: `<html><body>Authorization: Bearer ${t}</body></html>`,
  }),
  "a 200 JSON that is not a page, the token \\u-escaped in it": (t) => ({
    kind: "raw",
    status: 200,
    headers: { "content-type": "application/json", "MS-RequestId": t },
    body: `{"unexpected":"${unicodeEscaped(t)}"}`,
  }),
};

/** Pages whose next link cannot be followed, with the token in it. */
const BAD_LINKS: Record<string, (token: string) => unknown> = {
  "a next link to another origin with the token in it": (t) => ({
    items: [],
    links: { next: { uri: `https://evil.example/steal?t=${encodeURIComponent(t)}&raw=${t}`, headers: [] } },
  }),
  "a next link header whose name and value hold the token": (t) => ({
    items: [],
    links: { next: { uri: "/v1/customers", headers: [{ key: `${t} x`, value: t }] } },
  }),
};

/**
 * What each API made of the failure: the errors of list() and byPage(), and raw's thrown error or
 * `error` body (a success's `data` is the caller's own data, not a failure).
 */
async function failuresOf(client: PartnerCenterClient): Promise<unknown[]> {
  const failed = (what: string) => () => new Error(`${what} did not fail`);
  const caught = (e: unknown) => e;
  return [
    await collect(client.customers.list()).then(failed("list()"), caught),
    await collect(client.customers.list().byPage()).then(failed("byPage()"), caught),
    await client.raw.GET("/v1/customers").then((result) => result.error, caught),
  ];
}

const tokenKinds = Object.entries(TOKENS);

describe("the token never appears in an error (message, stack, properties, cause, JSON.stringify, util.inspect)", () => {
  const cases = tokenKinds.flatMap(([kind, token]) => [
    ...Object.keys(ECHOES).map((scenario) => [kind, scenario, token] as const),
    ...Object.keys(BAD_LINKS).map((scenario) => [kind, scenario, token] as const),
  ]);

  it.each(cases)("%s token; the server sends %s", async (_kind, scenario, token) => {
    const echo = ECHOES[scenario];
    const link = BAD_LINKS[scenario];
    const server = await start(
      echo ? { faults: (request) => echo(bearer(request)) } : { transformPage: () => link?.(token) },
    );
    for (const option of [token, async () => token]) {
      const failures = await failuresOf(clientFor(server, { token: option, retry: { limit: 1 } }));
      expect(failures.slice(0, 2).every(isPartnerCenterError)).toBe(true);
      for (const failure of failures) expectNoToken(failure, token);
    }
  });

  it("keeps what the server said, with the token replaced: description, code, ids and status text", async () => {
    const token = TOKENS.base64;
    const server = await start({
      faults: (request) =>
        (ECHOES[Object.keys(ECHOES)[0] as string] as (t: string) => Fault)(bearer(request)),
    });
    const error = await collect(clientFor(server, { token }).customers.list()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 401,
      code: "[REDACTED]",
      description: "Authorization Failed for Bearer [REDACTED]",
      requestId: "[REDACTED]",
      correlationId: "[REDACTED]",
    });
    expect((error as Error).message).toMatch(/failed with 401 Denied \[REDACTED\] \(code \[REDACTED\]\)/);
  });

  // A custom fetch is trusted: the client removes the token from the texts of what it throws
  // (messages, stacks, string properties, causes), not from every object it may hold.
  const throwers: Record<string, (token: string) => unknown> = {
    "an Error whose message has the Authorization header": (t) =>
      new Error(`request failed: Authorization: Bearer ${t}`),
    "an error with the header in a string property": (t) =>
      Object.assign(new Error("Request failed with status code 502"), {
        code: "ERR_BAD_RESPONSE",
        authorization: `Bearer ${t}`,
      }),
    "a nested cause with the token": (t) =>
      new TypeError("fetch failed", {
        cause: Object.assign(new Error(`socket ${t}`), { code: "ECONNRESET" }),
      }),
  };

  it.each(
    tokenKinds.flatMap(([kind, token]) => Object.keys(throwers).map((what) => [kind, what, token] as const)),
  )("%s token; a custom fetch throws %s", async (_kind, what, token) => {
    const thrower = throwers[what] as (token: string) => Error & { code?: string };
    const client = clientFor({ url: "http://127.0.0.1:9" } as CustomerServer, {
      token,
      retry: false,
      fetch: async () => {
        throw thrower(token);
      },
    });
    const error = await collect(client.customers.list()).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expectNoToken(error, token);
    // Still says what failed: the cause keeps its name (and code), only the token is gone.
    const cause = (error as Error).cause as Error & { code?: string };
    const original = thrower("t");
    expect(cause.name).toBe(original.name);
    if (original.code) expect(cause.code).toBe(original.code);
  });

  it("removes the token from a thrown string", async () => {
    const client = clientFor({ url: "http://127.0.0.1:9" } as CustomerServer, {
      retry: false,
      fetch: () => Promise.reject(`Bearer ${TOKEN} was rejected`),
    });
    const error = await collect(client.customers.list()).catch((e: unknown) => e);
    expect((error as Error).cause).toBe("Bearer [REDACTED] was rejected");
  });

  it("keeps a cause that holds no token exactly as it was", async () => {
    const failure = Object.assign(new TypeError("fetch failed"), { code: "UND_ERR_SOCKET" });
    const client = clientFor({ url: "http://127.0.0.1:9" } as CustomerServer, {
      retry: false,
      fetch: () => Promise.reject(failure),
    });
    const error = await collect(client.customers.list()).catch((e: unknown) => e);
    expect((error as Error).cause).toBe(failure);
  });
});

describe("the client writes nothing to the console", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("on any failure, whatever the server sends", async () => {
    const spies = (["log", "info", "warn", "error", "debug", "trace"] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation(() => {}),
    );
    const warning = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    for (const echo of Object.values(ECHOES)) {
      const server = await start({ faults: (request) => echo(bearer(request)) });
      await failuresOf(clientFor(server, { retry: { limit: 1 } }));
    }
    for (const spy of [...spies, warning]) expect(spy).not.toHaveBeenCalled();
  });
});

describe("the token never reaches another origin", () => {
  // `other` is a second server on another port of the same host; `self` is the API's own port.
  const links: Array<[string, "refused" | "kept on the origin", (self: number, other: number) => string]> = [
    ["http://127.0.0.1:<other port>", "refused", (_s, o) => `http://127.0.0.1:${o}/v1/customers`],
    ["protocol-relative //127.0.0.1:<other port>", "refused", (_s, o) => `//127.0.0.1:${o}/v1/customers`],
    ["protocol-relative //evil.example", "refused", () => "//evil.example/v1/customers"],
    ["upper-case HTTP://127.0.0.1:<other port>", "refused", (_s, o) => `HTTP://127.0.0.1:${o}/v1/customers`],
    ["https on the API's own port", "refused", (s) => `https://127.0.0.1:${s}/v1/customers`],
    ["localhost for 127.0.0.1, same port", "refused", (s) => `http://localhost:${s}/v1/customers`],
    [
      "userinfo that looks like the API",
      "refused",
      (s, o) => `http://127.0.0.1:${s}@127.0.0.1:${o}/v1/customers`,
    ],
    [
      "a fragment that looks like the API",
      "refused",
      (s) => `http://evil.example#@127.0.0.1:${s}/v1/customers`,
    ],
    ["javascript:", "refused", () => "javascript:alert(1)"],
    ["data:", "refused", () => "data:application/json,{}"],
    ["file:", "refused", () => "file:///etc/passwd"],
    // Not absolute URLs, so they are paths on the API's own origin (and get its 404).
    [
      "a backslash path /\\127.0.0.1:<other port>",
      "kept on the origin",
      (_s, o) => `/\\127.0.0.1:${o}/v1/customers`,
    ],
    ["a leading tab before //", "kept on the origin", (_s, o) => `\t//127.0.0.1:${o}/v1/customers`],
    [
      "a leading space before http://",
      "kept on the origin",
      (_s, o) => ` http://127.0.0.1:${o}/v1/customers`,
    ],
  ];

  it.each(links)("a next link to %s is %s", async (_name, outcome, uri) => {
    const elsewhere = await start({ customers: 3 });
    const otherPort = Number(new URL(elsewhere.url).port);
    let selfPort = 0;
    const server = await start({
      customers: 3,
      transformPage: (page, { request }) =>
        request.index === 1
          ? { ...page, links: { next: { uri: uri(selfPort, otherPort), method: "GET", headers: [] } } }
          : page,
    });
    selfPort = Number(new URL(server.url).port);
    const error = await collect(clientFor(server).customers.list({ size: 1 })).catch((e: unknown) => e);
    expect(elsewhere.requests).toHaveLength(0);
    expectNoToken(error, TOKEN);
    if (outcome === "refused") {
      expect(isUnexpectedResponseError(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /its next link points (to another origin \(.*\)|that is not a valid URL); it was not followed, so the token was not sent there/,
      );
      expect(server.requests).toHaveLength(1);
    } else {
      expect(error).toMatchObject({ status: 404 });
      expect(server.requests.map((r) => new URL(r.url, server.url).origin)).toEqual([server.url, server.url]);
    }
  });

  it.each([301, 302, 303, 307, 308])("a %i redirect to another origin is not followed", async (status) => {
    const elsewhere = await start();
    const server = await start({
      faults: () => ({
        kind: "raw",
        status,
        headers: { location: `${elsewhere.url}/v1/customers` },
        body: "",
      }),
    });
    const client = clientFor(server);
    const walks: AsyncIterable<unknown>[] = [client.customers.list(), client.customers.list().byPage()];
    for (const walk of walks) {
      const error = await collect(walk).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartnerCenterError);
      expect(error).toMatchObject({ status });
    }
    expect((await client.raw.GET("/v1/customers")).response.status).toBe(status);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("plain http to another host: refused, unless allowInsecureHttp is set, which sends it there", async () => {
    const sent: Request[] = [];
    const fetch = async (request: Request) => {
      sent.push(request);
      return Response.json({ totalCount: 0, items: [] });
    };
    const baseUrl = "http://10.0.0.5:8080";
    expect(() => createPartnerCenterClient({ token: TOKEN, baseUrl, fetch })).toThrow(
      /uses plain http, which would send the access token unencrypted/,
    );
    expect(() =>
      createPartnerCenterClient({ token: TOKEN, baseUrl, fetch, allowInsecureHttp: false }),
    ).toThrow(/https is required/);
    await collect(
      createPartnerCenterClient({ token: TOKEN, baseUrl, fetch, allowInsecureHttp: true }).customers.list(),
    );
    expect(sent.map((r) => [r.url, r.headers.get("authorization")])).toEqual([
      [`${baseUrl}/v1/customers`, `Bearer ${TOKEN}`],
    ]);
  });

  it("raw refuses a per-request baseUrl or a middleware that points elsewhere", async () => {
    const elsewhere = await start();
    const server = await start();
    const client = clientFor(server);
    const message = `The Partner Center client sends its access token only to ${server.url}, not to ${elsewhere.url}: create another client with that baseUrl (and a token for it) instead of overriding baseUrl per request.`;
    await expect(client.raw.GET("/v1/customers", { baseUrl: elsewhere.url })).rejects.toThrow(
      new TypeError(message),
    );
    client.raw.use({ onRequest: ({ request }) => new Request(`${elsewhere.url}/v1/customers`, request) });
    await expect(client.raw.GET("/v1/customers")).rejects.toThrow(new TypeError(message));
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
  });
});

describe("record writes no secret, whatever the exchange holds", () => {
  const OTHER_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzb21lb25lLWVsc2UifQ.b3RoZXItc2lnbmF0dXJl";

  /** Records one exchange of `request` answered with `response`, and returns the file's text and notes. */
  async function record(token: string, request: Request, response: Response) {
    let text = "";
    const fetchLike = recordingFetch(async () => response, {
      sanitiser: embeddedSanitiser(),
      token: () => token,
      onExchange: async (recorded) => {
        text = recordingText(recorded, "https://pc.test", new Date("2024-06-07T00:00:00Z"));
      },
    });
    // The listener sees the exchange once its body has been read through, as the client does.
    await (await fetchLike(request)).text();
    return text;
  }

  it.each(tokenKinds)(
    "removes a %s token echoed in the body (as is, \\/ and \\u escaped), headers and status",
    async (kind, token) => {
      const request = new Request(
        `https://pc.test/v1/customers?size=1${kind === "quoted" ? "" : `&echo=${token}`}`,
        {
          headers: {
            authorization: `Bearer ${token}`,
            "proxy-authorization": `Basic ${Buffer.from(`u:${token}`).toString("base64")}`,
            cookie: `session=${token}`,
            "x-forwarded-token": OTHER_JWT,
          },
        },
      );
      const headers = new Headers({
        "content-type": "application/json",
        "set-cookie": "a=1; HttpOnly",
        "x-echo": `Bearer ${token}`,
        "ms-requestid": token,
      });
      headers.append("set-cookie", `session=${token}; Secure`);
      if (kind === "jwt") headers.set(`x-${token}`, "echoed as a header name");
      const body =
        `{"totalCount":0,"items":[],"plain":${JSON.stringify(token)},"slashed":${JSON.stringify(token).replace(/\//g, "\\/")},` +
        `"unicode":"${unicodeEscaped(token)}","other":"${OTHER_JWT}","${unicodeEscaped(token)}":"as a key"}`;
      const text = await record(token, request, new Response(body, { status: 200, headers }));
      for (const spelling of spellings(token)) expect(text).not.toContain(spelling);
      expect(text).not.toContain(OTHER_JWT);
      expect(findSecrets(text)).toEqual([]);
      const recording = JSON.parse(text) as {
        provenance: { notes: string[] };
        request: { headers: Record<string, string> };
        response: { headers: Record<string, string>; body: Record<string, unknown> };
      };
      expect(recording.request.headers).toMatchObject({
        authorization: "Bearer [REDACTED]",
        "proxy-authorization": "[REDACTED]",
        cookie: "[REDACTED]",
        "x-forwarded-token": "[REDACTED]",
      });
      expect(recording.response.headers).toMatchObject({
        "set-cookie": "[REDACTED]",
        "x-echo": "[REDACTED]",
      });
      // Undeclared properties keep their key (without the token) and type, never their value.
      expect(recording.response.body).toMatchObject({
        plain: "[string]",
        slashed: "[string]",
        unicode: "[string]",
        other: "[string]",
        "[REDACTED]": "[string]",
      });
      const notes = recording.provenance.notes.join(" ");
      expect(notes).toMatch(/Headers the spec does not document .*"authorization".*"set-cookie"/);
      expect(notes).toMatch(/The access token, where the server echoed it, was replaced/);
      expect(notes).toMatch(/Properties the spec does not declare .*"other", "plain"/);
      // And check accepts it without a warning.
      const validator = new SpecValidator(loadSpec(SPEC));
      expect(checkText(validator, "recorded.json", text).warnings).toEqual([]);
    },
  );

  it("keeps a non-JSON body as a placeholder: the spec declares JSON bodies only", async () => {
    const token = TOKENS.base64;
    const text = await record(
      token,
      new Request("https://pc.test/v1/customers", { headers: { authorization: `Bearer ${token}` } }),
      new Response(`<html>${token} ${OTHER_JWT}</html>`, {
        status: 502,
        headers: { "content-type": "text/html" },
      }),
    );
    expect(JSON.parse(text).response.bodyText).toBe("[text]");
  });
});

describe("check warns about token-shaped text in a recording, without repeating it", () => {
  const validator = () => new SpecValidator(loadSpec(SPEC));
  const exchange = (request: Record<string, unknown>, response: Record<string, unknown>) =>
    JSON.stringify({
      request: { method: "GET", url: "/v1/customers", headers: {}, ...request },
      response: { status: 200, headers: {}, body: { totalCount: 0, items: [] }, ...response },
    });

  it.each([
    ["a JWT in the body", exchange({}, { body: { totalCount: 0, items: [], note: TOKEN } }), TOKEN],
    ["a JWT in a header", exchange({ headers: { "x-token": TOKEN } }, {}), TOKEN],
    ["a JWT in the URL", exchange({ url: `/v1/customers?t=${TOKEN}` }, {}), TOKEN],
    [
      "a bearer credential",
      exchange({ headers: { authorization: "Bearer opaque-credential-123" } }, {}),
      "opaque-credential-123",
    ],
    ["a cookie", exchange({ headers: { cookie: "session=abc123456" } }, {}), "abc123456"],
    ["a set-cookie", exchange({}, { headers: { "set-cookie": "session=abc123456" } }), "abc123456"],
  ])("%s", (_name, text, secret) => {
    const result = checkText(validator(), "leaky.json", text);
    expect(result.warnings.length).toBeGreaterThan(0);
    for (const warning of result.warnings) {
      expect(warning).toMatch(/ in (request|response)\.\S+: remove credentials from recordings$/);
      expect(warning).not.toContain(secret);
    }
  });

  it.each([
    ["a redacted bearer", exchange({ headers: { authorization: "Bearer [REDACTED]" } }, {})],
    ["a placeholder bearer", exchange({ headers: { authorization: "Bearer <token>" } }, {})],
    ["a redacted cookie", exchange({ headers: { cookie: "[REDACTED]" } }, {})],
  ])("not about %s", (_name, text) => {
    expect(checkText(validator(), "clean.json", text).warnings).toEqual([]);
  });
});
