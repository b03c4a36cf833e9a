// The redaction core as its users (the client, the recorder, the checker, the CLI) call it through
// `partner-center-customers/redact`: which names and keys are credentials, every spelling of a
// known token, the credential shapes found without knowing the secret, and JSON-like data cleaned
// before it is rendered. Pure code: no server needed.
import { inspect } from "node:util";
import {
  describeShape,
  findSecretShapes,
  isSecretHeader,
  isSecretKey,
  REDACTED,
  redact,
  redactedHeaderValue,
  redactor,
  redactShapes,
  redactValue,
  SECRET_HEADERS,
  scrubber,
  spellingsOf,
} from "partner-center-customers/redact";
import { describe, expect, it } from "vitest";
import { JWE_EMPTY_KEY, JWT_SPACED_HEADER } from "../helpers/secret-shapes.js";

const JWS_HEADER = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"RS256","typ":"JWT"}
const JWE_HEADER = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ"; // {"alg":"RSA-OAEP","enc":"A256GCM"}
const JWT = `${JWS_HEADER}.eyJzdWIiOiIxIn0.c2lnbmF0dXJl`;
const JWE = `${JWE_HEADER}..aXZpdml2aXY.Y2lwaGVydGV4dA.dGFndGFn`;

/** The texts `findSecretShapes` reports, with their kinds. */
const shapes = (text: string) =>
  findSecretShapes(text).map((s) => [s.kind, text.slice(s.index, s.index + s.length)]);

describe("credential names", () => {
  it("knows every credential header, in any case", () => {
    for (const name of SECRET_HEADERS) {
      expect(isSecretHeader(name)).toBe(true);
      expect(isSecretHeader(name.toUpperCase())).toBe(true);
    }
    expect([...SECRET_HEADERS]).toEqual(
      expect.arrayContaining(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]),
    );
    for (const name of ["ms-continuationtoken", "ms-requestid", "content-type", "authorization2"]) {
      expect(isSecretHeader(name)).toBe(false);
    }
  });

  it.each([
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "clientSecret",
    "Client-Secret",
    "client_assertion",
    "assertion",
    "password",
    "PASSWD",
    "api_key",
    "apiKey",
    "secret",
    "sig",
    "subscription-key",
  ])("%s is a secret key", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(["token", "key", "token_type", "expires_in", "continuationToken", "secrets", "signature"])(
    "%s is not a secret key",
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe("redactedHeaderValue", () => {
  it.each([
    ["Authorization", "Bearer eyJabc", "Bearer [REDACTED]"],
    ["authorization", "  Basic dXNlcjpwYXNz ", "Basic [REDACTED]"],
    ["Proxy-Authorization", "Negotiate YIIabc", "Negotiate [REDACTED]"],
    ["Authorization", "eyJabc", "[REDACTED]"],
    ["Authorization", "Bearer ", "[REDACTED]"],
    ["Cookie", "Bearer abc", "[REDACTED]"],
    ["x-api-key", "k-123", "[REDACTED]"],
  ])("%s: %j -> %j", (name, value, expected) => {
    expect(redactedHeaderValue(name, value)).toBe(expected);
  });
});

describe("a known secret, in every spelling", () => {
  it("replaces every occurrence, and an empty secret replaces nothing", () => {
    expect(redact("a s3cr3t b s3cr3t", "s3cr3t")).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redact("nothing here", "s3cr3t")).toBe("nothing here");
    expect(redact("abc", "")).toBe("abc");
  });

  it("spells a secret as it is, JSON-escaped (with or without \\/), as util.inspect shows it, percent- and HTML-escaped, longest first", () => {
    const secret = `a"b\\c/d'e`;
    const spellings = spellingsOf(secret);
    expect(spellings).toEqual(
      expect.arrayContaining([
        `a\\"b\\\\c\\/d'e`,
        `a\\"b\\\\c/d'e`,
        `a"b\\\\c/d\\'e`,
        `a"b\\\\c/d'e`,
        "a%22b%5Cc%2Fd%27e",
        "a&quot;b\\c/d&#39;e",
        secret,
      ]),
    );
    expect(spellings.map((x) => x.length)).toEqual([...spellings.map((x) => x.length)].sort((x, y) => y - x));
    expect(spellingsOf("plain")).toEqual(["plain"]);
  });

  it("removes each secret, in each spelling, from any text", () => {
    const clean = redactor("tok/en\\1", "other-secret", "");
    expect(clean(`x tok/en\\1 y`)).toBe(`x ${REDACTED} y`);
    expect(clean(JSON.stringify({ a: "tok/en\\1" }).replace(/\//g, "\\/"))).toBe(`{"a":"${REDACTED}"}`);
    expect(clean(inspect({ a: "tok/en\\1" }))).toBe(`{ a: '${REDACTED}' }`);
    expect(clean("other-secret and tok/en\\1")).toBe(`${REDACTED} and ${REDACTED}`);
  });

  it("removes a secret a JSON text hides behind \\u escapes, and rewrites only such a text", () => {
    const clean = redactor("s3cr3t");
    const escaped = `{"a":"\\u0073\\u0033cr3t","b":[1,"\\u00e9"]}`;
    expect(clean(escaped)).toBe(`{"a":"${REDACTED}","b":[1,"é"]}`);
    // JSON with escapes but no secret, and text that is not JSON, are left exactly as they were.
    expect(clean(`{"b":"\\u00e9"}`)).toBe(`{"b":"\\u00e9"}`);
    expect(clean(`not json \\u0073\\u0033cr3t`)).toBe(`not json \\u0073\\u0033cr3t`);
    // A key can hold it too.
    expect(clean(`{"\\u0073\\u0033cr3t":1}`)).toBe(`{"${REDACTED}":1}`);
  });

  it("keeps a __proto__ key of a JSON text as a plain key", () => {
    const clean = redactor("s3cr3t");
    expect(clean(`{"__proto__":{"x":"\\u0073\\u0033cr3t"}}`)).toBe(`{"__proto__":{"x":"${REDACTED}"}}`);
  });

  it("is the identity without secrets", () => {
    expect(redactor()("a \\u0041 b")).toBe("a \\u0041 b");
    expect(redactor("")("abc")).toBe("abc");
  });
});

describe("credential shapes, found without knowing the secret", () => {
  it("finds a JWT and a JWE (five segments, one empty) by their JOSE header", () => {
    expect(shapes(`token ${JWT} end`)).toEqual([["jwt", JWT]]);
    expect(shapes(`x=${JWE};`)).toEqual([["jwe", JWE]]);
  });

  it("does not take dotted text for a JWT unless its first segment is a JOSE header", () => {
    expect(shapes("eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")).toEqual([]); // {"foo":"bar"}
    expect(shapes("eyJub3QganNvbg.abcdefghij.klmnop")).toEqual([]);
    expect(shapes("everything.example.com")).toEqual([]);
  });

  it("finds Bearer and Basic credentials, but not placeholders", () => {
    expect(shapes("Authorization: Bearer abc.def-ghi_jkl~")).toEqual([["bearer", "abc.def-ghi_jkl~"]]);
    expect(shapes("authorization: basic dXNlcjpwYXNz==")).toEqual([["basic", "dXNlcjpwYXNz=="]]);
    for (const placeholder of [
      "Bearer <token>",
      "Bearer [REDACTED]",
      "Bearer ***",
      "Bearer REDACTED",
      "Basic <b64>",
    ]) {
      expect(shapes(`Authorization: ${placeholder}`)).toEqual([]);
    }
    // Too short for a Bearer credential on its own (a credential header's whole line is another rule).
    expect(shapes("send it as Bearer short")).toEqual([]);
  });

  it("finds a SAS signature once, as sas", () => {
    expect(shapes("https://a.blob.core.windows.net/c?sv=2020&sig=abc%2Fdef&se=1")).toEqual([
      ["sas", "abc%2Fdef"],
    ]);
    expect(shapes("?sig=[REDACTED]")).toEqual([]);
  });

  it("finds the values of secret keys in queries, forms and JSON, and of credential headers", () => {
    expect(shapes("grant=x&client_secret=s3cr3t&scope=y")).toEqual([["secret-key", "s3cr3t"]]);
    expect(shapes('{"password": "p\\"ss", "user": "u"}')).toEqual([["secret-key", 'p\\"ss']]);
    expect(shapes('{"cookie": "session=abc"}')).toEqual([["secret-header", "session=abc"]]);
    expect(shapes('{"refresh_token":"[REDACTED]","x-api-key":"<key>","password":"***"}')).toEqual([]);
    expect(shapes("token=abc&key=def")).toEqual([]);
  });

  it("reports a credential header holding a Bearer value once, as bearer", () => {
    expect(shapes('{"authorization": "Bearer abcdefgh12345678"}')).toEqual([["bearer", "abcdefgh12345678"]]);
    expect(shapes('{"x-api-key": "Basic dXNlcjpwYXNz"}')).toEqual([["basic", "dXNlcjpwYXNz"]]);
  });

  it("reports a key whose value starts with a scheme by that scheme", () => {
    expect(shapes('{"password": "Bearer x"}')).toEqual([["bearer", "Bearer x"]]);
  });

  it("lists what it finds in text order, with exact offsets", () => {
    const text = `a=1&password=pw1 Bearer abcdefgh12345678 ${JWT}`;
    const found = findSecretShapes(text);
    expect(found.map((f) => f.index)).toEqual([...found.map((f) => f.index)].sort((a, b) => a - b));
    expect(found.map((f) => f.kind)).toEqual(["secret-key", "bearer", "jwt"]);
    expect(found[0]).toEqual({ kind: "secret-key", index: text.indexOf("pw1"), length: 3 });
  });

  it("finds a Bearer or Basic credential standing on its own, without a = or : in the text", () => {
    expect(shapes("Bearer abcdefgh12345678")).toEqual([["bearer", "abcdefgh12345678"]]);
    expect(shapes(`curl -H Authorization Basic dXNlcjpwYXNz ${JWT}`)).toEqual([
      ["basic", "dXNlcjpwYXNz"],
      ["jwt", JWT],
    ]);
  });

  it("finds nothing in text without a credential", () => {
    expect(findSecretShapes("")).toEqual([]);
    expect(findSecretShapes("plain words only")).toEqual([]);
    expect(findSecretShapes('{"items": [], "continuationToken": "AQAAAA=="}')).toEqual([]);
  });
});

describe("redactShapes and scrubber", () => {
  it("replaces each shape, merging overlapping ones", () => {
    expect(redactShapes(`Authorization: Bearer ${JWT}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactShapes(`a=1&password=pw&b=2 ${JWT}`)).toBe(`a=1&password=${REDACTED}&b=2 ${REDACTED}`);
    expect(redactShapes("nothing")).toBe("nothing");
  });

  it("removes known secrets first, then shapes unless told not to", () => {
    const text = `known-s3cr3t Bearer abcdefgh12345678`;
    expect(scrubber({ secrets: ["known-s3cr3t"] })(text)).toBe(`${REDACTED} Bearer ${REDACTED}`);
    expect(scrubber({ secrets: ["known-s3cr3t"], shapes: false })(text)).toBe(
      `${REDACTED} Bearer abcdefgh12345678`,
    );
    expect(scrubber()(text)).toBe(`known-s3cr3t Bearer ${REDACTED}`);
  });
});

describe("redactValue", () => {
  it("replaces secret keys' and credential headers' values, scrubs every other string and key", () => {
    const value = {
      headers: { Authorization: "Bearer abc", cookie: "a=b", "content-type": "application/json" },
      body: { client_secret: "s", nested: [{ refresh_token: "r" }, `Bearer ${JWT}`] },
      [`key ${JWT}`]: 1,
      count: 3,
      none: null,
    };
    expect(redactValue(value)).toEqual({
      headers: { Authorization: "Bearer [REDACTED]", cookie: REDACTED, "content-type": "application/json" },
      body: { client_secret: REDACTED, nested: [{ refresh_token: REDACTED }, `Bearer ${REDACTED}`] },
      [`key ${REDACTED}`]: 1,
      count: 3,
      none: null,
    });
  });

  it("removes a Bearer credential from a header list of name/value pairs", () => {
    expect(redactValue({ headers: [["Authorization", "Bearer abcdefgh12345678"]] })).toEqual({
      headers: [["Authorization", `Bearer ${REDACTED}`]],
    });
  });

  it("walks a secret key whose value is not a string", () => {
    expect(redactValue({ password: { value: "Bearer abcdefgh12345678" } })).toEqual({
      password: { value: `Bearer ${REDACTED}` },
    });
  });

  it("takes the secrets to remove, or a scrub function of its own", () => {
    expect(redactValue({ a: "my-token here" }, { secrets: ["my-token"] })).toEqual({ a: `${REDACTED} here` });
    expect(redactValue({ a: "x" }, (text) => text.toUpperCase())).toEqual({ A: "X" });
  });

  it("keeps a __proto__ key as a plain property", () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "Bearer abcdefgh12345678"}}');
    const out = redactValue(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toEqual({
      polluted: `Bearer ${REDACTED}`,
    });
  });

  it("replaces data nested deeper than 64 levels by a notice, and keeps 64 levels", () => {
    const nest = (levels: number) => {
      let value: unknown = "Bearer abcdefgh12345678";
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    let kept = redactValue(nest(65));
    for (let i = 0; i < 65; i++) kept = (kept as unknown[])[0];
    expect(kept).toBe(`Bearer ${REDACTED}`);
    let cut = redactValue(nest(66));
    for (let i = 0; i < 65; i++) cut = (cut as unknown[])[0];
    expect(cut).toBe("[data too deeply nested to check for secrets was removed]");
  });
});

describe("the redaction core removes every credential shape", () => {
  it.each([
    ["a JWE with an empty segment", `token ${JWE_EMPTY_KEY} end`, JWE_EMPTY_KEY, "jwe"],
    ["a JWT whose header JSON has white space", `token ${JWT_SPACED_HEADER} end`, JWT_SPACED_HEADER, "jwt"],
    ["Basic credentials", "Authorization: Basic dXNlcjpodW50ZXIy", "dXNlcjpodW50ZXIy", "basic"],
    ["a SAS signature", "https://a.blob.core.windows.net/c?sv=2022&sig=AbC%2Bdef%3D", "AbC%2Bdef%3D", "sas"],
    [
      "a refresh_token in a form body",
      "grant_type=refresh_token&refresh_token=rt-0123456",
      "rt-0123456",
      "secret-key",
    ],
    ["a client_secret in a query string", "/token?client_secret=cs-0123456&x=1", "cs-0123456", "secret-key"],
    ["an access_token in JSON", '{"access_token": "at-0123456"}', "at-0123456", "secret-key"],
    ["a password in JSON", '{"user":"u","password":"pw-0123456"}', "pw-0123456", "secret-key"],
    [
      "an x-api-key header line",
      "<pre>GET /v1/customers\nx-api-key: key-0123456\n</pre>",
      "key-0123456",
      "secret-header",
    ],
    ["an X-Auth-Token header line", "X-Auth-Token: tok-0123456", "tok-0123456", "secret-header"],
    ["an x-api-key header in JSON", '{"x-api-key":"key-0123456"}', "key-0123456", "secret-header"],
  ])("%s", (_name, text, secret, kind) => {
    expect(findSecretShapes(text).map((s) => s.kind)).toContain(kind);
    const clean = redactShapes(text);
    expect(clean).not.toContain(secret);
    expect(clean).toContain("[REDACTED]");
    expect(describeShape(kind as "jwt")).not.toBe("");
  });

  it("leaves prose that only names a credential header alone", () => {
    const text = "the authorization: header is required; send Authorization: Bearer <token>";
    expect(redactShapes(text)).toBe(text);
  });

  it("removes a numeric password or PIN from data", () => {
    expect(redactValue({ password: 12345678, pin: "x", size: 40 })).toEqual({
      password: "[REDACTED]",
      pin: "x",
      size: 40,
    });
  });
});

describe("the configured token is removed in every spelling a text can hold it in", () => {
  const token = 'b3BhcXVl/Y2xp+to"ken&<x>==';
  const spelled = {
    "percent-encoded (upper-case hex)": encodeURIComponent(token),
    "percent-encoded (lower-case hex)": encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (h) =>
      h.toLowerCase(),
    ),
    "form-encoded": new URLSearchParams({ t: token }).toString().slice(2),
    "HTML-escaped": token
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;"),
    "JSON-escaped": JSON.stringify(token).slice(1, -1),
  };
  it.each(Object.entries(spelled))("%s", (_name, spelling) => {
    const text = `echo=${spelling}; end`;
    expect(redactor(token)(text)).toBe("echo=[REDACTED]; end");
    expect(scrubber({ secrets: [token], shapes: false })(text)).toBe("echo=[REDACTED]; end");
  });
});

describe("prose about credentials is not a credential", () => {
  it.each([
    "a bearer credential at offset 84: remove credentials from recordings",
    "Basic authentication is not supported",
    "send a Bearer Token",
  ])("%s", (text) => {
    expect(redactShapes(text)).toBe(text);
  });

  it.each([
    ["authorization: bearer abcdefgh12", "authorization: bearer [REDACTED]"],
    ["auth: BASIC dXNlcjpwYXNz", "auth: BASIC [REDACTED]"],
  ])("but %s in any case is", (text, clean) => {
    expect(redactShapes(text)).toBe(clean);
  });
});

describe("credentials inside other structures", () => {
  it("a credential header as a { key, value } pair (a next link) or a { name, value } pair (HAR)", () => {
    const data = {
      headers: [
        { key: "MS-ContinuationToken", value: "AQAAAA==" },
        { key: "X-Auth-Token", value: "tok-0123456" },
        { name: "Authorization", value: "Negotiate abc0123456" },
      ],
    };
    expect(redactValue(data)).toEqual({
      headers: [
        { key: "MS-ContinuationToken", value: "AQAAAA==" },
        { key: "X-Auth-Token", value: "[REDACTED]" },
        { name: "Authorization", value: "Negotiate [REDACTED]" },
      ],
    });
    const text = JSON.stringify(data);
    expect(redactShapes(text)).not.toContain("tok-0123456");
    expect(redactShapes(text)).not.toContain("abc0123456");
    expect(redactShapes(text)).toContain("AQAAAA==");
  });

  it("key=value pairs inside a JSON string (a form body or a URL kept as text)", () => {
    const text = JSON.stringify({
      url: "/v1/customers?access_token=at-0123456",
      form: "a=1&password=pw-0123456",
    });
    const clean = redactShapes(text);
    expect(clean).not.toContain("at-0123456");
    expect(clean).not.toContain("pw-0123456");
    expect(JSON.parse(clean)).toEqual({
      url: "/v1/customers?access_token=[REDACTED]",
      form: "a=1&password=[REDACTED]",
    });
  });
});
