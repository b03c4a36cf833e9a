// `redactToken` as its users call it through `partner-center-customers/redact`: the one token a
// request sent, removed from a text in every spelling a server can echo it in, and nothing else
// touched. Pure code: no server needed.
import fc from "fast-check";
import { REDACTED, redactToken } from "partner-center-customers/redact";
import { describe, expect, it } from "vitest";
import { propertyParams } from "../helpers/property.js";

const TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLV9zaWc";

const utf8 = (text: string) => new TextEncoder().encode(text);
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const base64url = (text: string) => text.replace(/\+/g, "-").replace(/\//g, "_");

describe("redactToken: each spelling", () => {
  it("removes the token as sent, with or without Bearer before it, every occurrence", () => {
    expect(redactToken(`a ${TOKEN} b`, TOKEN)).toBe(`a ${REDACTED} b`);
    expect(redactToken(`Authorization: Bearer ${TOKEN}`, TOKEN)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactToken(`${TOKEN}${TOKEN},${TOKEN}`, TOKEN)).toBe(`${REDACTED}${REDACTED},${REDACTED}`);
  });

  it("removes the token percent-encoded: any subset of characters, either hex case", () => {
    const dots = TOKEN.replace(/\./g, "%2E");
    expect(redactToken(`https://h/v1/customers?seek=${dots}&x=1`, TOKEN)).toBe(
      `https://h/v1/customers?seek=${REDACTED}&x=1`,
    );
    expect(redactToken(`x${TOKEN.replace(/e/g, "%65").replace(/\./g, "%2e")}y`, TOKEN)).toBe(`x${REDACTED}y`);
    const every = [...TOKEN].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join("");
    expect(redactToken(`[${every}]`, TOKEN)).toBe(`[${REDACTED}]`);
    expect(redactToken(`Bearer%20${TOKEN.replace("J", "%4a")}`, TOKEN)).toBe(`Bearer%20${REDACTED}`);
  });

  it("removes the token JSON-escaped: \\uXXXX for any character, short escapes, mixed with plain ones", () => {
    const escaped = `\\u0065${TOKEN.slice(1).replace(/\./g, "\\u002E")}`;
    expect(redactToken(`{"error":"bad token ${escaped}"}`, TOKEN)).toBe(`{"error":"bad token ${REDACTED}"}`);
    const slashed = "abc/def/ghi/jkl";
    expect(redactToken(`"abc\\/def\\/ghi\\/jkl"`, slashed)).toBe(`"${REDACTED}"`);
    expect(redactToken(`"a\\"b\\\\c%2fdefgh"`, 'a"b\\c/defgh')).toBe(`"${REDACTED}"`);
  });

  it("finds a token outside what checkToken accepts (non-ASCII) as written and JSON-escaped, and never throws", () => {
    const token = "tökén-😀-secret";
    expect(redactToken(`"${JSON.stringify(token).slice(1, -1)}"`, token)).toBe(`"${REDACTED}"`);
    const escapedAll = [...token]
      .map((c) =>
        c.length === 2
          ? c
              .split("")
              .map((u) => `\\u${u.charCodeAt(0).toString(16)}`)
              .join("")
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
      )
      .join("");
    expect(redactToken(`"${escapedAll}"`, token)).toBe(`"${REDACTED}"`);
    expect(redactToken(`q=${encodeURIComponent(token)}&`, token)).toBe(`q=${encodeURIComponent(token)}&`);
  });

  it("removes base64 and base64url of the token and of Bearer <token>, padded or not, inside longer base64", () => {
    for (const payload of [TOKEN, `Bearer ${TOKEN}`]) {
      const plain = base64(utf8(payload));
      expect(redactToken(plain, TOKEN)).not.toContain(plain.slice(8, -8));
      expect(redactToken(plain, TOKEN).length).toBeLessThan(REDACTED.length + 8);
      expect(redactToken(base64url(plain).replace(/=+$/, ""), TOKEN)).not.toContain(
        base64url(plain).slice(8, -8),
      );
    }
    // A Basic credential with the token as its password.
    const basic = base64(utf8(`user:${TOKEN}`));
    expect(redactToken(`Basic ${basic}`, TOKEN)).toMatch(/^Basic dXNlcj.{0,2}\[REDACTED\].{0,4}$/);
  });

  it("keeps the scheme word and everything around the token", () => {
    expect(redactToken(`x-ms-requestid: Bearer ${TOKEN}; retry`, TOKEN)).toBe(
      `x-ms-requestid: Bearer ${REDACTED}; retry`,
    );
  });

  it("does not search for a token shorter than 8 characters (it would rewrite ordinary words)", () => {
    expect(redactToken("the test failed", "test")).toBe("the test failed");
    expect(redactToken("", TOKEN)).toBe("");
    expect(redactToken(TOKEN, "")).toBe(TOKEN);
  });

  it("finds a token holding % or \\ written as it is", () => {
    const token = "abc%41def\\u0041g";
    expect(redactToken(`<${token}>`, token)).toBe(`<${REDACTED}>`);
  });

  it("leaves a prefix of the token, a near miss and customer data alone", () => {
    for (const text of [
      TOKEN.slice(0, -1),
      `${TOKEN.slice(0, 20)}X${TOKEN.slice(21)}`,
      "Bearer Logistics2Go",
    ]) {
      expect(redactToken(text, TOKEN)).toBe(text);
    }
  });
});

// One character's spellings: as it is (never for `%` and `\`, whose plain form would start an
// escape with the characters after it), percent-encoded UTF-8 in random hex case, \uXXXX in random
// case, or its JSON short escape.
function spellings(char: string): fc.Arbitrary<string> {
  const hexCase = (hex: string) =>
    fc
      .array(fc.boolean(), { minLength: hex.length, maxLength: hex.length })
      .map((upper) => [...hex].map((h, i) => (upper[i] ? h.toUpperCase() : h.toLowerCase())).join(""));
  const percent = fc
    .tuple(...[...utf8(char)].map((byte) => hexCase(byte.toString(16).padStart(2, "0"))))
    .map((bytes) => bytes.map((b) => `%${b}`).join(""));
  const unicode = fc
    .tuple(...char.split("").map((unit) => hexCase(unit.charCodeAt(0).toString(16).padStart(4, "0"))))
    .map((units) => units.map((u) => `\\u${u}`).join(""));
  const short: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\t": "\\t" };
  const options = [percent, unicode];
  if (char !== "%" && char !== "\\") options.push(fc.constant(char));
  if (short[char] !== undefined) options.push(fc.constant(short[char]));
  return fc.oneof(...options);
}

// What `checkToken` accepts: visible ASCII (the tokens the client ever sends).
const asciiToken = fc
  .array(fc.integer({ min: 0x21, max: 0x7e }), { minLength: 8, maxLength: 80 })
  .map((codes) => String.fromCharCode(...codes));
const encodedToken = (token: string) => fc.tuple(...[...token].map(spellings)).map((parts) => parts.join(""));

describe("redactToken: properties", () => {
  it("removes a token however each of its characters is spelled, and keeps the text around it", () => {
    fc.assert(
      fc.property(
        asciiToken.chain((token) => fc.tuple(fc.constant(token), encodedToken(token))),
        fc.string({ unit: "binary" }),
        fc.string({ unit: "binary" }),
        ([token, encoded], before, after) => {
          fc.pre(redactToken(before, token) === before && redactToken(after, token) === after);
          // The spaces keep an escape the random text ends with (`%4`, `\`) from taking the token's
          // first characters: a token is found where one of its characters' spellings starts.
          const text = `${before} ${encoded} ${after}`;
          expect(redactToken(text, token)).toBe(`${before} ${REDACTED} ${after}`);
        },
      ),
      propertyParams(1000),
    );
  });

  it("removes a plain token next to any text with no escapes in it", () => {
    const noEscapes = fc.string().map((s) => s.replace(/[%\\]/g, "_"));
    fc.assert(
      fc.property(asciiToken, noEscapes, noEscapes, (token, before, after) => {
        // An occurrence overlapping this one would start in `before` or end in `after`.
        fc.pre(!before.includes(token[0] ?? "") && !after.includes(token.at(-1) ?? ""));
        fc.pre(!token.includes("%") && !token.includes("\\"));
        expect(redactToken(`${before}${token}${after}`, token)).toBe(`${before}${REDACTED}${after}`);
      }),
      propertyParams(500),
    );
  });

  it("removes every base64 character that depends only on the token, at any alignment, padded or not", () => {
    fc.assert(
      fc.property(
        asciiToken,
        fc.boolean(),
        fc.uint8Array({ maxLength: 6 }),
        fc.uint8Array({ maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        (token, bearer, before, after, url, padded) => {
          const secret = utf8(bearer ? `Bearer ${token}` : token);
          const bytes = new Uint8Array([...before, ...secret, ...after]);
          let encoded = base64(bytes);
          if (url) encoded = base64url(encoded);
          if (!padded) encoded = encoded.replace(/=+$/, "");
          const first = Math.ceil((8 * before.length) / 6);
          const end = Math.floor((8 * (before.length + secret.length)) / 6);
          expect(redactToken(`<${encoded}>`, token)).toBe(
            `<${encoded.slice(0, first)}${REDACTED}${encoded.slice(end)}>`,
          );
        },
      ),
      propertyParams(1000),
    );
  });

  it("returns a text without the token as it is", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), asciiToken, (text, token) => {
        fc.pre(!text.includes(token.slice(0, 6)));
        expect(redactToken(text, token)).toBe(text);
      }),
      propertyParams(1000),
    );
  });
});

/**
 * How many string reads (`charCodeAt`, `codePointAt`, `indexOf`, `startsWith`, `slice`) `run`
 * makes: a measure of work that, unlike a timing, does not change with the load of the machine.
 */
function stringReads(run: () => void): number {
  const proto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ["charCodeAt", "codePointAt", "indexOf", "startsWith", "slice"];
  const originals = names.map((name) => proto[name] as (...args: unknown[]) => unknown);
  let reads = 0;
  names.forEach((name, i) => {
    const original = originals[i] as (...args: unknown[]) => unknown;
    proto[name] = function (this: string, ...args: unknown[]) {
      reads++;
      return original.apply(this, args);
    };
  });
  try {
    run();
  } finally {
    names.forEach((name, i) => {
      proto[name] = originals[i] as (...args: unknown[]) => unknown;
    });
  }
  return reads;
}

describe("redactToken: cost grows linearly with the text", () => {
  // Hostile texts: near-misses of every spelling, repeated, so a naive search would restart at
  // each position. The work (string reads) at 1 MB is at most 11 times that at 100 KB: linear,
  // where a search that rescans would be near 100 times. Times are measured in `npm run bench`.
  const almost = TOKEN.slice(0, -1);
  const b64 = base64(utf8(`Bearer ${TOKEN}`));
  const hostile: Record<string, string> = {
    "repeated token prefixes": almost,
    "percent-encoded prefixes": almost.replace(/\./g, "%2E"),
    "JSON-escaped prefixes": almost.replace(/e/g, "\\u0065"),
    "base64 prefixes": b64.slice(0, -6),
    "open escapes": "%E2%82\\uD83D%",
    "back-to-back tokens": TOKEN,
  };
  for (const [name, unit] of Object.entries(hostile)) {
    it(name, () => {
      const large = unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000);
      const small = large.slice(0, 100_000);
      const smallReads = stringReads(() => redactToken(small, TOKEN));
      const largeReads = stringReads(() => redactToken(large, TOKEN));
      expect(smallReads).toBeGreaterThan(50_000);
      expect(largeReads).toBeLessThanOrEqual(11 * smallReads);
    });
  }

  it("a 1 MB text of back-to-back tokens", () => {
    const text = TOKEN.repeat(1_000_000 / TOKEN.length);
    expect(redactToken(text, TOKEN)).toBe(REDACTED.repeat(1_000_000 / TOKEN.length));
  });
});
