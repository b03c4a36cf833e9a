import { describe, expect, it } from "vitest";
import { stripBom } from "../../../src/toolkit/conformance/bom.js";
import {
  escapePointer,
  pointerOf,
  unescapePointer,
  valueAt,
} from "../../../src/toolkit/conformance/json-pointer.js";

describe("JSON pointers", () => {
  it("names a spec path with slashes and tildes so that it reads back to the same key", () => {
    expect(escapePointer("/v1/customers/{id}~x")).toBe("~1v1~1customers~1{id}~0x");
    expect(unescapePointer("~1v1~1customers~1{id}~0x")).toBe("/v1/customers/{id}~x");
    // `~01` is a tilde followed by 1, not a slash: the order of the replacements matters.
    expect(unescapePointer("a~01")).toBe("a~1");
  });

  it("finds the value a violation points at, keys with slashes included", () => {
    const body = { items: [{ "a/b": { "c~d": 5 } }] };
    expect(valueAt(body, pointerOf(["items", 0, "a/b", "c~d"]))).toBe(5);
    expect(valueAt(body, "/items/1/x")).toBeUndefined();
    expect(valueAt(body, "")).toBe(body);
  });
});

describe("byte order marks", () => {
  it("reads a recording saved by a Windows editor with a BOM as JSON", () => {
    expect(JSON.parse(stripBom('\uFEFF{"a":1}'))).toEqual({ a: 1 });
    expect(stripBom("x\uFEFF")).toBe("x\uFEFF");
  });
});
