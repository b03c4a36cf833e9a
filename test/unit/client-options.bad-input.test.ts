// Bad input to the client, everywhere: every option of createPartnerCenterClient (retry's keys
// included), every list() parameter (a filter's fields included) and what a token function
// returns. Each row is the exact message a user sees: what was wrong and what to do. The last
// tests hold the tables to the validator's own lists, so a new option without a row fails here.
import { describe, expect, it } from "vitest";
import { createPartnerCenterClient } from "../../src/client/client.js";
import { FILTER_KEYS, LIST_PARAM_NAMES } from "../../src/client/customers.js";
import { DEFAULT_RETRY } from "../../src/client/http/retry.js";
import type { PartnerCenterClientOptions } from "../../src/client/index.js";
import { CLIENT_OPTION_NAMES } from "../../src/client/options.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();

type Row = readonly [name: string, value: unknown, type: ErrorConstructor, message: string];

const CLOUDS = "global, china, usgov, germany";
const BEARER = 'The Partner Center access token must not start with "Bearer "; the client adds it.';
const HEADER_CHARS =
  "The Partner Center access token contains spaces or characters not allowed in a header. Pass the token exactly as issued: visible ASCII, no spaces or line breaks.";
const RETRY_KEYS = "limit, baseDelayMs, maxDelayMs, maxRetryAfterMs";

/** `createPartnerCenterClient({ token: "t", [name]: value })`; `retry.x` sets one key of `retry`. */
const CLIENT_ROWS: readonly Row[] = [
  [
    "token",
    "",
    TypeError,
    "The Partner Center access token must be a non-empty string, got an empty string.",
  ],
  [
    "token",
    undefined,
    TypeError,
    "The Partner Center access token must be a non-empty string, got undefined.",
  ],
  ["token", 42, TypeError, "The Partner Center access token must be a non-empty string, got number."],
  ["token", "Bearer abc", TypeError, BEARER],
  ["token", "bearer\tabc", TypeError, BEARER],
  ["token", "ab cd", TypeError, HEADER_CHARS],
  ["token", "abc\r\nX-Injected: 1", TypeError, HEADER_CHARS],
  ["token", "tökén", TypeError, HEADER_CHARS],
  ["cloud", "mars", RangeError, `Unknown Partner Center cloud "mars"; expected one of ${CLOUDS}.`],
  ["cloud", "Global", RangeError, `Unknown Partner Center cloud "Global"; expected one of ${CLOUDS}.`],
  ["cloud", "toString", RangeError, `Unknown Partner Center cloud "toString"; expected one of ${CLOUDS}.`],
  ["cloud", 1, RangeError, `Unknown Partner Center cloud number; expected one of ${CLOUDS}.`],
  [
    "baseUrl",
    "api.partnercenter.microsoft.com",
    TypeError,
    'baseUrl must be an absolute URL such as "https://api.partnercenter.microsoft.com", got "api.partnercenter.microsoft.com".',
  ],
  [
    "baseUrl",
    42,
    TypeError,
    'baseUrl must be an absolute URL such as "https://api.partnercenter.microsoft.com", got 42.',
  ],
  ["baseUrl", "ftp://pc.test", TypeError, 'baseUrl must be an https URL, got the scheme "ftp:".'],
  [
    "baseUrl",
    "javascript:alert(1)",
    TypeError,
    'baseUrl must be an https URL, got the scheme "javascript:".',
  ],
  ...["https://pc.test/?x=1", "https://pc.test/#top", "https://user:secret@pc.test"].map(
    (url) =>
      [
        "baseUrl",
        url,
        TypeError,
        "baseUrl must not contain a query, a fragment or credentials: give the API's address only, such as https://api.partnercenter.microsoft.com (the token goes in the token option).",
      ] as const,
  ),
  ...["http://pc.example.com", "http://10.0.0.5:8080", "http://127.0.0.1.nip.io"].map(
    (url) =>
      [
        "baseUrl",
        url,
        TypeError,
        `baseUrl ${new URL(url).origin} uses plain http, which would send the access token unencrypted: https is required. Use https, a loopback address for local testing, or set allowInsecureHttp: true to accept the risk.`,
      ] as const,
  ),
  ...([0, -1, Number.NaN, Number.NEGATIVE_INFINITY, "5s", null] as const).map(
    (value) =>
      [
        "timeoutMs",
        value,
        RangeError,
        `timeoutMs must be a positive number of milliseconds (or Infinity), got ${typeof value === "string" ? JSON.stringify(value) : typeof value === "number" ? String(value) : typeof value}.`,
      ] as const,
  ),
  ...([0, -1, 1.5, Number.NaN, "32MB"] as const).map(
    (value) =>
      [
        "maxResponseBytes",
        value,
        RangeError,
        `maxResponseBytes must be a positive whole number of bytes (or Infinity), such as 33554432; got ${typeof value === "string" ? JSON.stringify(value) : String(value)}.`,
      ] as const,
  ),
  ["hooks", 1, TypeError, "hooks must be an object such as { onRetry, onPage }, got number."],
  ["hooks", { onRetyr: () => {} }, TypeError, 'Unknown hook "onRetyr"; expected onRetry, onPace or onPage.'],
  ["hooks", { onPage: "log" }, TypeError, "hooks.onPage must be a function, got string."],
  [
    "rateLimit",
    true,
    TypeError,
    "rateLimit must be { limit, interval } (such as { limit: 500, interval: 60_000 }), a RateLimiter with an acquire() method, or false; got true.",
  ],
  [
    "rateLimit",
    "500/min",
    TypeError,
    "rateLimit must be { limit, interval } (such as { limit: 500, interval: 60_000 }), a RateLimiter with an acquire() method, or false; got string.",
  ],
  [
    "rateLimit",
    { limit: 500, per: 60_000 },
    TypeError,
    'Unknown rateLimit option "per"; expected limit and interval (or an object with an acquire() method).',
  ],
  ...([0, 1.5, -1, "500", undefined, 2_000_000] as const).map(
    (limit) =>
      [
        "rateLimit",
        { limit, interval: 60_000 },
        RangeError,
        `rateLimit.limit must be a whole number of requests from 1 to 1000000, such as 500; got ${typeof limit === "string" ? JSON.stringify(limit) : typeof limit === "number" ? String(limit) : typeof limit}.`,
      ] as const,
  ),
  ...([0, -5, Number.NaN, Number.POSITIVE_INFINITY, "1m", 2 ** 31] as const).map(
    (interval) =>
      [
        "rateLimit",
        { limit: 500, interval },
        RangeError,
        `rateLimit.interval must be a positive number of milliseconds up to 2147483647, such as 60000; got ${typeof interval === "string" ? JSON.stringify(interval) : String(interval)}.`,
      ] as const,
  ),
  [
    "rateLimit",
    { acquire: "later" },
    TypeError,
    "rateLimit.acquire must be a function (signal) => Promise<void>, got string.",
  ],
  ["retry", true, TypeError, "retry must be false or an object such as { limit: 3 }, got true."],
  ["retry", null, TypeError, "retry must be false or an object such as { limit: 3 }, got null."],
  ["retry", 3, TypeError, "retry must be false or an object such as { limit: 3 }, got number."],
  ["retry", { limt: 3 }, TypeError, `Unknown retry option "limt"; expected ${RETRY_KEYS}.`],
  ["retry.limit", -1, RangeError, "retry.limit must be a non-negative integer, got -1."],
  ["retry.limit", 1.5, RangeError, "retry.limit must be a non-negative integer, got 1.5."],
  ["retry.limit", "3", RangeError, 'retry.limit must be a non-negative integer, got "3".'],
  [
    "retry.limit",
    Number.POSITIVE_INFINITY,
    RangeError,
    "retry.limit must be a non-negative integer, got Infinity.",
  ],
  [
    "retry.baseDelayMs",
    -5,
    RangeError,
    "retry.baseDelayMs must be a non-negative number of milliseconds, got -5.",
  ],
  [
    "retry.maxDelayMs",
    Number.NaN,
    RangeError,
    "retry.maxDelayMs must be a non-negative number of milliseconds, got NaN.",
  ],
  [
    "retry.maxRetryAfterMs",
    Number.POSITIVE_INFINITY,
    RangeError,
    "retry.maxRetryAfterMs must be a non-negative number of milliseconds, got Infinity.",
  ],
  ["locale", "english", RangeError, 'locale must be a culture name such as "en-US", got "english".'],
  ["locale", "en_US", RangeError, 'locale must be a culture name such as "en-US", got "en_US".'],
  [
    "locale",
    "en-US\r\nX: 1",
    RangeError,
    'locale must be a culture name such as "en-US", got "en-US\\r\\nX: 1".',
  ],
  ["locale", 1033, RangeError, 'locale must be a culture name such as "en-US", got 1033.'],
  [
    "application",
    "",
    TypeError,
    'application must be a non-empty string of printable ASCII characters, such as "Contoso sync", got "".',
  ],
  [
    "application",
    "line\nbreak",
    TypeError,
    'application must be a non-empty string of printable ASCII characters, such as "Contoso sync", got "line\\nbreak".',
  ],
  [
    "application",
    "Contoso ✓",
    TypeError,
    'application must be a non-empty string of printable ASCII characters, such as "Contoso sync", got "Contoso ✓".',
  ],
  [
    "application",
    true,
    TypeError,
    'application must be a non-empty string of printable ASCII characters, such as "Contoso sync", got boolean.',
  ],
  [
    "fetch",
    "fetch",
    TypeError,
    'fetch must be a function. Pass one that takes a Request and resolves to a Response (such as globalThis.fetch), or leave it out; got "fetch".',
  ],
  [
    "fetch",
    {},
    TypeError,
    "fetch must be a function. Pass one that takes a Request and resolves to a Response (such as globalThis.fetch), or leave it out; got object.",
  ],
  [
    "allowInsecureHttp",
    "yes",
    TypeError,
    'allowInsecureHttp must be a boolean. Pass true only to send the token over plain http to a trusted proxy, or leave it out; got "yes".',
  ],
  [
    "allowInsecureHttp",
    1,
    TypeError,
    "allowInsecureHttp must be a boolean. Pass true only to send the token over plain http to a trusted proxy, or leave it out; got 1.",
  ],
];

function optionsFor(name: string, value: unknown): Record<string, unknown> {
  const [option, key] = name.split(".") as [string, string | undefined];
  return { token: "t", [option]: key === undefined ? value : { [key]: value } };
}

/** What `fn` threw: its class and message. */
function thrown(fn: () => unknown): { type: unknown; message: string } {
  try {
    fn();
  } catch (error) {
    return { type: (error as Error).constructor, message: (error as Error).message };
  }
  throw new Error("expected a throw, got none");
}

describe("createPartnerCenterClient: every bad option is refused, before any request, with what to do", () => {
  it.each(CLIENT_ROWS)("%s: %o -> %o", (name, value, type, message) => {
    expect(thrown(() => createPartnerCenterClient(optionsFor(name, value) as never))).toEqual({
      type,
      message,
    });
  });

  it.each([
    [null, "createPartnerCenterClient() takes an options object such as { token }."],
    ["a-token", "createPartnerCenterClient() takes an options object such as { token }."],
  ])("options %o -> TypeError", (options, message) => {
    expect(thrown(() => createPartnerCenterClient(options as never))).toEqual({ type: TypeError, message });
  });

  it.each(["tokens", "baseURL", "timeout", "allowInsecureHTTP", "__proto__x"])(
    "an unknown option %o",
    (name) => {
      expect(thrown(() => createPartnerCenterClient({ token: "t", [name]: 1 } as never))).toEqual({
        type: TypeError,
        message: `Unknown Partner Center client option "${name}". Expected one of: token, cloud, baseUrl, timeoutMs, maxResponseBytes, retry, rateLimit, locale, application, fetch, hooks, allowInsecureHttp.`,
      });
    },
  );

  it("never repeats the token in a message", () => {
    const token = "Bearer s3cr3t-t0k3n-value";
    for (const bad of [token, `${token} `, `s3cr3t-t0k3n-value\n`]) {
      const { message } = thrown(() => createPartnerCenterClient({ token: bad }));
      expect(message).not.toContain("s3cr3t");
    }
  });
});

const FIELDS = "CompanyName, Domain, IndirectReseller, IndirectCloudSolutionProvider";
const SIZE = (got: string) =>
  `size must be a non-negative integer (0 for the service's default), got ${got}.`;
const FILTER_OBJECT = 'filter must be an object such as { field: "CompanyName", value: "Cont" }.';
const FILTER_KEY = (key: string) =>
  `Unknown filter option "${key}"; a filter has field and value only (the service supports one operator, starts_with), such as { field: "CompanyName", value: "Cont" }.`;

/** `list({ [name]: value })`; `filter.x` sets one field of a valid filter. */
const LIST_ROWS: readonly Row[] = [
  [
    "continuationToken",
    42,
    TypeError,
    "continuationToken must be a non-empty string (a page's continuationToken), got number.",
  ],
  [
    "continuationToken",
    "tok en",
    TypeError,
    "continuationToken must be a page's continuationToken as the client gave it: visible ASCII, at most 16384 characters.",
  ],
  ["size", -1, RangeError, SIZE("-1")],
  ["size", 1.5, RangeError, SIZE("1.5")],
  ["size", Number.NaN, RangeError, SIZE("NaN")],
  ["size", Number.POSITIVE_INFINITY, RangeError, SIZE("Infinity")],
  ["size", 2 ** 53, RangeError, SIZE("9007199254740992")],
  ["size", "40", TypeError, "size must be a number, got string. Pass a whole number such as 100."],
  ["size", null, TypeError, "size must be a number, got object. Pass a whole number such as 100."],
  ["filter", "CompanyName", TypeError, FILTER_OBJECT],
  ["filter", null, TypeError, FILTER_OBJECT],
  ["filter", { Field: "CompanyName", Value: "Cont" }, TypeError, FILTER_KEY("Field")],
  ["filter", { field: "CompanyName", value: "Cont", operator: "equals" }, TypeError, FILTER_KEY("operator")],
  ["filter", { value: "Cont" }, TypeError, `filter needs a field: one of ${FIELDS}.`],
  ["filter.field", "Name", RangeError, `Unknown filter field "Name"; expected one of ${FIELDS}.`],
  [
    "filter.field",
    "companyName",
    RangeError,
    `Unknown filter field "companyName"; expected one of ${FIELDS}.`,
  ],
  [
    "filter.field",
    "hasOwnProperty",
    RangeError,
    `Unknown filter field "hasOwnProperty"; expected one of ${FIELDS}.`,
  ],
  ["filter.field", 1, RangeError, `Unknown filter field number; expected one of ${FIELDS}.`],
  [
    "filter.value",
    "",
    RangeError,
    'filter.value must not be empty. Give the prefix to search for, such as "Cont".',
  ],
  ["filter.value", 42, TypeError, 'filter.value must be a string such as "Cont", got number.'],
  ["filter.value", undefined, TypeError, 'filter.value must be a string such as "Cont", got undefined.'],
  [
    "signal",
    "abort",
    TypeError,
    "signal must be an AbortSignal. Pass an AbortController's signal or AbortSignal.timeout(60_000); got string.",
  ],
  [
    "signal",
    new AbortController(),
    TypeError,
    "signal must be an AbortSignal. Pass an AbortController's signal or AbortSignal.timeout(60_000); got object.",
  ],
];

function paramsFor(name: string, value: unknown): Record<string, unknown> {
  const [param, key] = name.split(".") as [string, string | undefined];
  return { [param]: key === undefined ? value : { field: "CompanyName", value: "Cont", [key]: value } };
}

describe("customers.list(): every bad parameter is refused at the call, before any request", () => {
  it.each(LIST_ROWS)("%s: %o -> %o", async (name, value, type, message) => {
    const server = await start();
    const client = clientFor(server);
    expect(thrown(() => client.customers.list(paramsFor(name, value) as never))).toEqual({ type, message });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["x", TypeError, "customers.list() takes an object such as { size: 40 }."],
    [null, TypeError, "customers.list() takes an object such as { size: 40 }."],
    [
      { pageSize: 40 },
      TypeError,
      'Unknown customers.list() option "pageSize"; expected size, filter, signal or continuationToken.',
    ],
  ])("list(%o) -> %o", async (params, type, message) => {
    const server = await start();
    expect(thrown(() => clientFor(server).customers.list(params as never))).toEqual({ type, message });
  });
});

describe("a token function that returns a bad token: the walk fails before sending anything", () => {
  const FROM_FUNCTION = "The access token returned by the token function";
  it.each([
    ["", `${FROM_FUNCTION} must be a non-empty string, got an empty string.`],
    [undefined, `${FROM_FUNCTION} must be a non-empty string, got undefined.`],
    [42, `${FROM_FUNCTION} must be a non-empty string, got number.`],
    ["Bearer eyJ.x.y", `${FROM_FUNCTION} must not start with "Bearer "; the client adds it.`],
    [
      "two words",
      `${FROM_FUNCTION} contains spaces or characters not allowed in a header. Pass the token exactly as issued: visible ASCII, no spaces or line breaks.`,
    ],
  ])("%o", async (token, message) => {
    const server = await start();
    const client = clientFor(server, { token: async () => token as string });
    await expect(collect(client.customers.list())).rejects.toThrow(new TypeError(message));
    await expect(client.raw.GET("/v1/customers")).rejects.toThrow(new TypeError(message));
    expect(server.requests).toHaveLength(0);
  });
});

describe("the tables cover every option the validators know", () => {
  const covered = (rows: readonly Row[]) => new Set(rows.map(([name]) => name));

  it("every client option and retry key has a bad-input row", () => {
    const names = covered(CLIENT_ROWS);
    const expected = [
      ...CLIENT_OPTION_NAMES.filter((name) => name !== "retry" || names.has("retry")),
      ...Object.keys(DEFAULT_RETRY).map((key) => `retry.${key}`),
    ];
    expect(expected.filter((name) => !names.has(name))).toEqual([]);
    expect(CLIENT_OPTION_NAMES).toContain("retry");
  });

  it("the validator's option list is the option type's keys (a new option needs both)", () => {
    // A record over the type's keys: a new option in PartnerCenterClientOptions fails to compile here.
    const typeKeys: Record<keyof PartnerCenterClientOptions, true> = {
      token: true,
      cloud: true,
      baseUrl: true,
      timeoutMs: true,
      maxResponseBytes: true,
      retry: true,
      rateLimit: true,
      locale: true,
      application: true,
      fetch: true,
      hooks: true,
      allowInsecureHttp: true,
    };
    expect([...CLIENT_OPTION_NAMES].sort()).toEqual(Object.keys(typeKeys).sort());
    // And the validator accepts exactly these: each one alone (with a token) is not "unknown".
    for (const name of CLIENT_OPTION_NAMES) {
      const attempt = () => createPartnerCenterClient({ token: "t", [name]: undefined } as never);
      expect(attempt).not.toThrow(/Unknown Partner Center client option/);
    }
  });

  it("every list() parameter and filter field has a bad-input row", () => {
    const names = covered(LIST_ROWS);
    const expected = [...LIST_PARAM_NAMES, ...FILTER_KEYS.map((key) => `filter.${key}`)];
    expect(expected.filter((name) => !names.has(name))).toEqual([]);
  });
});
