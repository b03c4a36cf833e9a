// Values that JavaScript's coercion would slip past a pattern or a key lookup: ["Domain"] is a
// key of an object and ["en-US"] matches a regular expression, because both become strings.
// Each is refused by its type first. And which hosts count as this machine for plain http.
import { describe, expect, it } from "vitest";
import { createPartnerCenterClient, isLoopback } from "../../src/client/index.js";

const TOKEN = "t0k3n";

/** The error `run` throws, as its class and message. */
function thrown(run: () => unknown): { type: unknown; message: string } {
  try {
    run();
  } catch (error) {
    return { type: (error as Error).constructor, message: (error as Error).message };
  }
  throw new Error("nothing was thrown");
}

describe("a one-element array is not the string it holds", () => {
  it.each<[string, Record<string, unknown>, unknown, RegExp]>([
    [
      "locale",
      { locale: ["en-US"] },
      RangeError,
      /^locale must be a culture name such as "en-US", got object\.$/,
    ],
    [
      "application",
      { application: ["Contoso"] },
      TypeError,
      /^application must be a non-empty string .* got object\.$/,
    ],
    ["cloud", { cloud: ["global"] }, RangeError, /^Unknown Partner Center cloud object; expected one of /],
    [
      "token",
      { token: [TOKEN] },
      TypeError,
      /^The Partner Center access token must be a non-empty string, got object\.$/,
    ],
    [
      "baseUrl",
      { baseUrl: ["https://pc.test"] },
      TypeError,
      /^baseUrl must be an absolute URL .* got object\.$/,
    ],
    [
      "retry.limit",
      { retry: { limit: [3] } },
      RangeError,
      /^retry\.limit must be a non-negative integer, got 3\.$/,
    ],
    ["timeoutMs", { timeoutMs: [1000] }, RangeError, /^timeoutMs must be a positive number .* got object\.$/],
  ])("createPartnerCenterClient refuses %s as an array", (_name, options, type, message) => {
    const { type: got, message: text } = thrown(() =>
      createPartnerCenterClient({ token: TOKEN, ...options } as never),
    );
    expect(got).toBe(type);
    expect(text).toMatch(message);
  });

  it.each<[string, unknown, unknown, RegExp]>([
    [
      "filter.field",
      { field: ["Domain"], value: "contoso" },
      RangeError,
      /^Unknown filter field object; expected one of CompanyName, Domain, /,
    ],
    [
      "filter.value",
      { field: "Domain", value: ["contoso"] },
      TypeError,
      /^filter\.value must be a string such as "Cont", got object\.$/,
    ],
  ])("customers.list refuses %s as an array", (_name, filter, type, message) => {
    const client = createPartnerCenterClient({ token: TOKEN, baseUrl: "http://127.0.0.1:9" });
    const { type: got, message: text } = thrown(() => client.customers.list({ filter } as never));
    expect(got).toBe(type);
    expect(text).toMatch(message);
  });

  it("customers.list refuses a size given as an array", () => {
    const client = createPartnerCenterClient({ token: TOKEN, baseUrl: "http://127.0.0.1:9" });
    expect(thrown(() => client.customers.list({ size: [40] } as never))).toEqual({
      type: TypeError,
      message: "size must be a number, got object. Pass a whole number such as 100.",
    });
  });
});

describe("token messages say what is wrong", () => {
  it("says a token with a space after 'bearer' inside it holds spaces, not that it starts with Bearer", () => {
    expect(thrown(() => createPartnerCenterClient({ token: "not-a-bearer token" }))).toEqual({
      type: TypeError,
      message:
        "The Partner Center access token contains spaces or characters not allowed in a header. Pass the token exactly as issued: visible ASCII, no spaces or line breaks.",
    });
  });
});

describe("plain http is allowed to this machine only", () => {
  it.each(["localhost", "127.0.0.1", "127.0.0.53", "127.255.255.254", "[::1]"])("%s is loopback", (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each([
    "evil.127.0.0.1",
    "127.0.0.1.evil.example",
    "127.0.0.1.nip.io",
    "localhost.evil.example",
    "evil-localhost",
    "127.0.0",
    "127.0.0.a",
    "128.0.0.1",
    "10.0.0.1",
    "[::2]",
    "0.0.0.0",
    "",
  ])("%s is not loopback", (host) => {
    expect(isLoopback(host)).toBe(false);
  });

  it.each(["http://127.0.0.53:8080", "http://[::1]:8080", "http://localhost:8080", "http://LOCALHOST:8080"])(
    "a client may use plain http to %s without allowInsecureHttp",
    (baseUrl) => {
      expect(createPartnerCenterClient({ token: TOKEN, baseUrl }).baseUrl).toBe(baseUrl.toLowerCase());
    },
  );

  it.each(["http://127.0.0.1.evil.example", "http://localhost.evil.example", "http://evil-localhost"])(
    "a client refuses plain http to %s without allowInsecureHttp",
    (baseUrl) => {
      expect(() => createPartnerCenterClient({ token: TOKEN, baseUrl })).toThrow(
        /uses plain http, which would send the access token unencrypted/,
      );
      expect(createPartnerCenterClient({ token: TOKEN, baseUrl, allowInsecureHttp: true }).baseUrl).toBe(
        baseUrl,
      );
    },
  );
});
