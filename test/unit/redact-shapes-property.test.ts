import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findSecretShapes, redactShapes } from "../../src/client/security/redact.js";
import { locateSecrets } from "../../src/toolkit/conformance/secrets.js";
import { referenceLocateSecrets } from "../helpers/locate-secrets-reference.js";
import { propertyParams } from "../helpers/property.js";
import { JWE_EMPTY_KEY, JWT_SPACED_HEADER } from "../helpers/secret-shapes.js";
import { referenceFindSecretShapes } from "../helpers/secret-shapes-reference.js";

const b64url = (text: string) => Buffer.from(text).toString("base64url");
const JWT = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url('{"sub":"someone"}')}.${b64url("signature")}`;

// Keys: the secret ones in several spellings, near-misses, and the continuation token (no secret).
const key = fc.constantFrom(
  "password",
  "Password",
  "pass_word",
  "client_secret",
  "clientSecret",
  "Client-Secret",
  "refresh_token",
  "access-token",
  "id_token",
  "api_key",
  "apiKey",
  "sig",
  "SIG",
  "s_ig",
  "sig-",
  "secret",
  "secret_",
  "assertion",
  "subscriptionKey",
  "authorization",
  "Authorization",
  "proxy-authorization",
  "cookie",
  "Set-Cookie",
  "x-api-key",
  "X-Auth-Token",
  "x-ms-token-aad-id-token",
  "ocp-apim-subscription-key",
  "MS-ContinuationToken",
  "continuationToken",
  "ms-continuationtoken",
  "key",
  "name",
  "value",
  "token",
  "passwords",
  "tokenid",
  "domain",
  "signature",
  "a",
  "x1",
  'x"password',
);
const value = fc.constantFrom(
  "abc123",
  "s3cr3t-value",
  "[REDACTED]",
  "REDACTED",
  "Bearer [REDACTED]",
  "Bearer <token>",
  "<token>",
  "***",
  "...",
  "AQAAAA==",
  "session=abc123",
  "id=xyz; Path=/",
  `Bearer ${JWT}`,
  "Basic dXNlcjpwYXNz",
  "Basic authentication",
  "bearer abcdefgh12345678",
  JWT,
  JWE_EMPTY_KEY,
  JWT_SPACED_HEADER,
  'a\\"b',
  "x\\\\y",
  "",
  "contoso.onmicrosoft.com",
  "eyNotAJwt.example.com",
  "\bearer abcdefgh12345678",
  "\basic dXNlcjpwYXNz",
  "line\nAuthorization: abc",
);
const space = fc.constantFrom("", " ", "  ", "\t", "\n", "\r\n", "\u00a0");
const piece = fc.oneof(
  fc.tuple(key, space, space, value).map(([k, a, b, v]) => `"${k}"${a}:${b}"${v}"`),
  fc.tuple(key, value).map(([k, v]) => `{"key": "${k}", "value": "${v}"}`),
  fc.tuple(key, space, value).map(([k, s, v]) => `{"name":${s}"${k}",${s}"value":${s}"${v}"}`),
  fc.tuple(key, value).map(([k, v]) => `${k}=${v}`),
  fc.tuple(key, value, key, value).map(([k, v, k2, v2]) => `https://x.test/a?${k}=${v}&${k2}=${v2}`),
  fc.tuple(key, space, value).map(([k, s, v]) => `${k}${s}:${s}${v}`),
  fc.tuple(key, value).map(([k, v]) => `<b>${k}: ${v}</b>`),
  value,
  key,
  fc.constantFrom(
    "sv=2021&sig=abc%2Fdef",
    "sig=[REDACTED]",
    "SIG=xyz",
    "Bearer",
    "Basic",
    "basic x",
    ":",
    "=",
    '"',
    "\\",
  ),
  fc.string({
    unit: fc.constantFrom("a", "e", "y", "w", "=", ":", '"', " ", "\n", "&", "?", ">", ".", "-", "_", "\\"),
  }),
);
const separator = fc.constantFrom("", " ", ", ", "\n", "\r\n", "&", "?", ";", '"', ":", "=", ">", "'", "\t");
const text = fc
  .array(fc.tuple(piece, separator), { maxLength: 12 })
  .map((parts) => parts.map(([p, s]) => p + s).join(""));

describe("the secret-shape scan, sped up, finds what it found before", () => {
  it("finds the same shapes at the same places in texts mixing JSON, queries, headers and credentials", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(findSecretShapes(t)).toEqual(referenceFindSecretShapes(t));
      }),
      propertyParams(3000),
    );
  });

  it("finds the same shapes in any text at all", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (t) => {
        expect(findSecretShapes(t)).toEqual(referenceFindSecretShapes(t));
      }),
      propertyParams(1000),
    );
  });

  it("finds a secret key's value in a page holding a redacted authorization and a continuation token", () => {
    const page = `{"request": {"headers": {"authorization": "Bearer [REDACTED]", "ms-continuationtoken": "AQAAAA=="}}, "a": "password": "hidden", "client_secret": "s3cr3t"}`;
    expect(findSecretShapes(page)).toEqual(referenceFindSecretShapes(page));
    expect(redactShapes(page)).toContain('"client_secret": "[REDACTED]"');
    expect(redactShapes(page)).toContain('"ms-continuationtoken": "AQAAAA=="');
  });
});

// Parsed recordings: objects and arrays of the same strings, HAR headers as { name, value }.
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    text,
    value,
    fc.integer(),
    fc.tuple(key, fc.oneof(text, value)).map(([name, v]) => ({ name, value: v })),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(key, text), tie("node"), { maxKeys: 4 }),
  ),
})).node;

describe("the checker's walk for secrets, sped up, finds what it found before", () => {
  it("locates the same findings in parsed exchanges and HAR logs, in full and for headers only", () => {
    fc.assert(
      fc.property(json, fc.boolean(), fc.boolean(), (node, har, headersOnly) => {
        const root = har ? { log: { version: "1.2", entries: [node, node] } } : node;
        const options = { headersOnly, skippedEntries: new Set([1]) };
        expect(locateSecrets(root, options)).toEqual(referenceLocateSecrets(root, options));
      }),
      propertyParams(1500),
    );
  });

  it("finds a secret key written after a quote inside a key", () => {
    const root = { 'x"password': "abc123" };
    expect(locateSecrets(root)).toEqual([
      { kind: "secret-key", hint: 'the value of a secret key in ["x\\"password"]' },
    ]);
    expect(locateSecrets(root)).toEqual(referenceLocateSecrets(root));
  });
});
