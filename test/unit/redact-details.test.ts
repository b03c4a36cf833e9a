// Details of the redaction core that its main test leaves open: every credential header by name,
// the scheme a redacted Authorization keeps, a secret whose own characters occur in its escaped
// form, deep JSON without escapes, and a redacted value the caller can still change.
import {
  holdsSecret,
  isSecretHeader,
  REDACTED,
  redactedHeaderValue,
  redactor,
  redactValue,
  spellingsOf,
} from "partner-center-customers/redact";
import { describe, expect, it } from "vitest";

describe("credential headers", () => {
  it.each([
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "ocp-apim-subscription-key",
    "x-api-key",
    "api-key",
    "x-auth-token",
    "x-access-token",
    "x-functions-key",
    "x-ms-token-aad-access-token",
    "x-ms-token-aad-refresh-token",
    "x-ms-token-aad-id-token",
  ])("%s is one", (name) => {
    expect(isSecretHeader(name)).toBe(true);
  });
});

describe("the scheme a redacted Authorization keeps", () => {
  it("is a word at the start, followed by white space and something", () => {
    expect(redactedHeaderValue("Authorization", "Bearer   abc")).toBe(`Bearer ${REDACTED}`);
    expect(redactedHeaderValue("Authorization", "1x abc")).toBe(REDACTED);
    expect(redactedHeaderValue("Authorization", "Bearer\tabc")).toBe(`Bearer ${REDACTED}`);
  });
});

describe("spellingsOf", () => {
  it("lists the spellings longest first, whatever order they are made in", () => {
    // The \' and \/ forms are one longer than the plain JSON form made between them.
    const spellings = spellingsOf("a'/");
    expect(spellings).toEqual(expect.arrayContaining(["a'\\/", "a\\'/", "a'/", "a%27%2F", "a&#39;/"]));
    expect(spellings.map((x) => x.length)).toEqual([...spellings.map((x) => x.length)].sort((x, y) => y - x));
    // Of equal length, the \' and \/ forms come before the plain one they contain.
    expect(spellings.indexOf("a'\\/")).toBeLessThan(spellings.indexOf("a'/"));
  });
});

describe("redactor", () => {
  it("removes a secret whose characters are part of its own escaped form, without leaving a stray backslash", () => {
    // JSON writes tok\ as tok\\: replacing the raw form first would leave "[REDACTED]\".
    expect(redactor("tok\\")(`{"t":"tok\\\\"}`)).toBe(`{"t":"${REDACTED}"}`);
  });

  it("leaves deeply nested JSON without a backslash as it is (nothing there can hide the secret)", () => {
    const deep = `${"[".repeat(50_000)}1${"]".repeat(50_000)}`;
    expect(redactor("s3cr3t")(deep)).toBe(deep);
  });
});

describe("redactValue", () => {
  it("returns plain objects the caller can change", () => {
    const out = redactValue({ a: "x", nested: { b: "y" } }) as { a: string; nested: { b: string } };
    out.a = "changed";
    out.nested.b = "changed too";
    delete (out as { a?: string }).a;
    expect(out).toEqual({ nested: { b: "changed too" } });
  });
});

describe("redactValue's secret keys", () => {
  it("replaces a number and a bigint under a secret key (a numeric password or PIN)", () => {
    expect(redactValue({ password: 1234, secret: 5678n, count: 3 })).toEqual({
      password: REDACTED,
      secret: REDACTED,
      count: 3,
    });
  });

  it("tells which secret keys had their value removed, and only those", () => {
    const removed: string[] = [];
    redactValue(
      {
        password: "hunter2",
        client_secret: "[REDACTED]",
        api_key: { nested: "plain" },
        note: "Bearer abcdefgh12345",
        headers: [{ name: "X-Api-Key", value: "k-123" }],
      },
      {},
      (key) => removed.push(key),
    );
    expect(removed).toEqual(["password", "X-Api-Key"]);
  });
});

describe("holdsSecret's depth limit", () => {
  const clean = (text: string) => text;
  it("counts a chain of Maps deeper than maxDepth as holding a secret: it cannot be shown not to", () => {
    let node: unknown = "plain";
    for (let i = 0; i < 20; i++) node = new Map([["next", node]]);
    expect(holdsSecret(node, clean)).toBe(true);
    expect(holdsSecret(node, clean, 64)).toBe(false);
  });

  it("counts a chain of inherited error causes deeper than maxDepth as holding a secret", () => {
    // Each error's cause sits on its prototype (as a subclass may put it), not on the error itself.
    let error: unknown = new Error("plain");
    for (let i = 0; i < 20; i++)
      error = Object.create(Object.create(Error.prototype, { cause: { value: error } }));
    expect(holdsSecret(error, clean)).toBe(true);
    expect(holdsSecret(error, clean, 64)).toBe(false);
  });
});
