// The redaction core's remaining edges: JOSE headers whose base64url has - or _ or needs padding,
// overlapping shapes merged into one, a shape before a secret key, nested secrets, and what
// holdsSecret counts (a token as a key or an error's inherited name; null, Maps and Sets without
// one; structures deeper than it can check).
import {
  findSecretShapes,
  holdsSecret,
  REDACTED,
  redactor,
  redactShapes,
  redactValue,
} from "partner-center-customers/redact";
import { describe, expect, it } from "vitest";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jwtWith = (header: unknown) => `${b64url(header)}.eyJzdWIiOiIxIn0.c2lnbmF0dXJl`;
const kinds = (text: string) => findSecretShapes(text).map((s) => s.kind);

describe("JOSE headers", () => {
  it.each([
    ["- in it", { x: "~~~", alg: "RS256" }],
    ["_ in it", { x: "???", alg: "RS256" }],
    ["a length of 2 mod 4", { alg: "RS256", kid: "a" }],
    ["a length of 3 mod 4", { alg: "RS256", kid: "ab" }],
    ["a length of 0 mod 4", { alg: "RS256", kid: "abc" }],
  ])("finds a JWT whose header has %s", (_what, header) => {
    const token = jwtWith(header);
    expect(findSecretShapes(`x ${token} y`)).toEqual([{ kind: "jwt", index: 2, length: token.length }]);
  });

  it("does not take a first segment that is not base64 at all (length 1 mod 4) for a header", () => {
    expect(findSecretShapes("eyJhbGciO.abcdefghij.klmnop")).toEqual([]);
  });
});

describe("overlapping and neighbouring shapes", () => {
  it("merges a JWT inside a longer Bearer credential into one replacement", () => {
    const token = jwtWith({ alg: "RS256", typ: "JWT" });
    expect(redactShapes(`Authorization: Bearer ${token}~tail rest`)).toBe(
      `Authorization: Bearer ${REDACTED} rest`,
    );
  });

  it("still finds a secret key that comes after another shape", () => {
    expect(kinds("Bearer abcdefgh12345678 password=pw1")).toEqual(["bearer", "secret-key"]);
    expect(redactShapes("Bearer abcdefgh12345678 password=pw1")).toBe(
      `Bearer ${REDACTED} password=${REDACTED}`,
    );
  });
});

describe("redactor with several secrets", () => {
  it("removes the longer of two secrets when one holds the other", () => {
    expect(redactor("abc1", "xabc1x")("see xabc1x and abc1")).toBe(`see ${REDACTED} and ${REDACTED}`);
    expect(redactor("xabc1x", "abc1")("see xabc1x")).toBe(`see ${REDACTED}`);
  });
});

describe("redactValue depth", () => {
  it("counts objects as well as arrays towards the 64 levels", () => {
    const nest = (levels: number) => {
      let value: unknown = "Bearer abcdefgh12345678";
      for (let i = 0; i < levels; i++) value = { a: value };
      return value;
    };
    const dig = (value: unknown, levels: number) => {
      let node = value;
      for (let i = 0; i < levels; i++) node = (node as { a: unknown }).a;
      return node;
    };
    expect(dig(redactValue(nest(65)), 65)).toBe(`Bearer ${REDACTED}`);
    expect(dig(redactValue(nest(66)), 65)).toBe("[data too deeply nested to check for secrets was removed]");
  });
});

describe("holdsSecret", () => {
  const redact = redactor("s3cr3t-value");
  const holds = (value: unknown) => holdsSecret(value, redact);

  it("sees the token as a property name", () => {
    expect(holds({ "s3cr3t-value": 1 })).toBe(true);
  });

  it("sees the token in an error's inherited name", () => {
    class Leaky extends Error {}
    Object.defineProperty(Leaky.prototype, "name", { value: "Leaky s3cr3t-value" });
    const leaky = new Leaky("fine");
    // Its stack would show the name too: without it, only the inherited name can.
    delete (leaky as { stack?: string }).stack;
    expect(holds(leaky)).toBe(true);
    expect(holds(new Error("fine"))).toBe(false);
  });

  it("sees the token in a Map key or value, or a Set, and not in ones without it", () => {
    expect(holds(new Map([["s3cr3t-value", 1]]))).toBe(true);
    expect(holds(new Map([[1, "s3cr3t-value"]]))).toBe(true);
    expect(holds(new Set(["s3cr3t-value"]))).toBe(true);
    expect(holds(new Map([["a", 1]]))).toBe(false);
    expect(holds(new Set(["a"]))).toBe(false);
  });

  it("does not count null, numbers or strings without the token", () => {
    expect(holds({ a: null, b: 1, c: "x", d: [null, 2n] })).toBe(false);
  });

  it("counts Maps, Sets and causes nested deeper than it checks as holding it", () => {
    let map: unknown = "clean";
    for (let i = 0; i < 20; i++) map = new Map([["k", map]]);
    expect(holds(map)).toBe(true);
    let set: unknown = "clean";
    for (let i = 0; i < 20; i++) set = new Set([set]);
    expect(holds(set)).toBe(true);
    let error: unknown = "clean";
    for (let i = 0; i < 20; i++) error = new Error("e", { cause: error });
    expect(holds(error)).toBe(true);
    let shallow: unknown = "clean";
    for (let i = 0; i < 5; i++) shallow = new Map([["k", new Set([shallow])]]);
    expect(holds(shallow)).toBe(false);
  });
});
