// The redaction core (partner-center-customers/redact) on each shape it must remove: the ones the
// recorder, the checker and the CLI's output rely on.
import { describe, expect, it } from "vitest";
import {
  describeShape,
  findSecretShapes,
  redactor,
  redactShapes,
  redactValue,
  scrubber,
} from "../../src/client/security/redact.js";
import { JWE_EMPTY_KEY, JWT_SPACED_HEADER } from "../helpers/secret-shapes.js";

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
