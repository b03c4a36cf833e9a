// The secret-shape scan looks for its key-value patterns only where one can start (before a colon,
// before an "=", at a scheme's name). These are the edges of that search, each compared with a scan
// of every position (the reference): every kind of white space between a key and its colon, keys
// and header names in each case and with the characters at the ends of their classes, a secret
// hidden in the value of a key before it, secrets repeated and nested, and values that are or are
// almost a placeholder. A random property test reaches these only by luck; here each is spelled out.
import { describe, expect, it } from "vitest";
import { findSecretShapes, redactShapes } from "../../src/client/security/redact.js";
import { referenceFindSecretShapes } from "../helpers/secret-shapes-reference.js";

// Every code unit that `\s` matches in a regular expression.
const SPACES = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((ch) =>
  /\s/.test(ch),
);

const NAMES = [
  "access_token",
  "ACCESS_TOKEN",
  "Refresh-Token",
  "password",
  "sig",
  "subscription-key",
  "authorization",
  "AUTHORIZATION",
  "Proxy-Authorization",
  "x-api-key",
  "Set-Cookie",
  "X-MS-TOKEN-AAD-ID-TOKEN",
  // Not secrets, but close to one.
  "passwords",
  "token",
  "author",
];

const VALUES = [
  "hunter2",
  "[REDACTED]",
  "REDACTED",
  "x[REDACTED]",
  "[REDACTED]x",
  "<token>",
  "***",
  "...",
  "Bearer [REDACTED]",
  "Bearer  [REDACTED]",
  "Bearer\t[REDACTED]",
  "bearer",
  "xbearer",
  "Basic",
  "basicx",
  "Bearer abcdefgh12",
];

// Keys whose last character is at an edge of a key character class (a-z, A-Z, 0-9, _ and -).
const EDGE_KEYS = ["a0", "a9", "az", "aZ", "aA", "a_", "a-", "q", "Q"];

// Each template places a name and a value; `s` is the white space where the format allows some.
const TEMPLATES: ReadonlyArray<(name: string, value: string, s: string) => string> = [
  (n, v, s) => `{${s}"${n}"${s}:${s}"${v}"}`,
  (n, v, s) => `"${n}"${s}:"${v}"`,
  (n, v, s) => `${n}${s}:${s}${v}`,
  (n, v, s) => `GET /\n${n}${s}:${s}${v}\nAccept: */*`,
  (n, v, s) => `<td>${n}${s}: ${v}</td>`,
  (n, v, s) => `said ${n}${s}: ${v}`,
  (n, v, s) => `${n}=${v}${s}`,
  (n, v, s) => `https://x.test/?${n}=${v}&${n}=${v}2${s}`,
  (n, v, s) => `{"key":${s}"${n}",${s}"value":${s}"${v}"}`,
  (n, v, s) => `[{"name" : "${n}", "value" : "${v}"},${s}{"name":"${n}","value":"${v}-2"}]`,
  (n, v, s) => `{"nam":"${n}","value":"${v}"}${s}{"keys":"${n}","value":"${v}"}`,
  (n, v, s) => `${n}=sig=${v}${s}&${n}=${n}=${v}`,
];

// Fewer names where the texts multiply: one secret key, one header in capitals, one header with
// dashes, and a near miss.
const FEW_NAMES = ["password", "AUTHORIZATION", "x-api-key", "token"];

function corpus(): string[] {
  const texts = new Set<string>();
  for (const template of TEMPLATES) {
    for (const name of NAMES) for (const value of VALUES) texts.add(template(name, value, " "));
    for (const name of FEW_NAMES) {
      for (const space of SPACES) texts.add(template(name, "hunter2", space));
      for (const edge of EDGE_KEYS) texts.add(`${edge}=x?${template(name, "hunter2", "")}`);
    }
  }
  for (const name of NAMES)
    for (const edge of EDGE_KEYS) {
      texts.add(`{"${edge}${name}": "v", "${name}${edge}": "w"}`);
      texts.add(`${edge}${name}: v\n${name}${edge}: w`);
    }
  for (const value of VALUES)
    for (const edge of EDGE_KEYS) texts.add(`${edge}sig=${value}&SIG=${value}; sig=sig=${value}`);
  return [...texts];
}

describe("the secret-shape scan at the edges of where it looks", () => {
  it("finds what a scan of every position finds, for each edge", () => {
    const texts = corpus();
    const differing = texts.filter(
      (text) => JSON.stringify(findSecretShapes(text)) !== JSON.stringify(referenceFindSecretShapes(text)),
    );
    expect(texts.length).toBeGreaterThan(3000);
    expect(differing.slice(0, 5)).toEqual([]);
  });

  it("finds each of two secrets of the same kind in one text", () => {
    expect(redactShapes("?password=one&client_secret=two")).toBe(
      "?password=[REDACTED]&client_secret=[REDACTED]",
    );
    expect(redactShapes("Authorization: one\nCookie: two")).toBe(
      "Authorization: [REDACTED]\nCookie: [REDACTED]",
    );
    expect(redactShapes("sig=one&sig=two")).toBe("sig=[REDACTED]&sig=[REDACTED]");
  });

  it("finds a secret key's value at the very start of a text", () => {
    expect(redactShapes("password=hunter2")).toBe("password=[REDACTED]");
  });

  it("reports a value that only contains a placeholder, and leaves a scheme's name with its placeholder alone", () => {
    expect(redactShapes("password=x[REDACTED]")).toBe("password=[REDACTED]");
    expect(redactShapes("Authorization: [REDACTED]x")).toBe("Authorization: [REDACTED]");
    expect(redactShapes("password=xbearer")).toBe("password=[REDACTED]");
    expect(redactShapes("Authorization: Bearer  [REDACTED]")).toBe("Authorization: Bearer  [REDACTED]");
  });
});

describe("finds that touch", () => {
  it("removes a secret key's value that begins where a Bearer credential ends", () => {
    // "password=" is a Bearer credential's b64token (letters, then "="), and "hunter2" the value
    // of the key password: two finds, one after the other, and neither may be left in the text.
    expect(findSecretShapes("Bearer password=hunter2").map((s) => s.kind)).toEqual(["bearer", "secret-key"]);
    expect(redactShapes("Bearer password=hunter2")).toBe("Bearer [REDACTED]");
  });
});
