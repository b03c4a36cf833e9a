// The CLI's report scrub (`Io.redact`) remembers the short strings it found clean, so that the
// keys and values every file's result repeats are scrubbed once per run: what it returns must be
// what the scrub alone returns, before and after a secret is registered.
import fc from "fast-check";
import { redactValue, scrubber } from "partner-center-customers/redact";
import { describe, expect, it } from "vitest";
import { createIo } from "../../../src/toolkit/cli/io.js";
import { propertyParams } from "../../helpers/property.js";

const sink = { out: () => {}, err: () => {}, stderrIsTTY: false, env: {} };
const report = (file: string, value: string) => ({
  file,
  ok: true,
  kind: "exchange",
  provenance: { source: value, capturedAt: "2025-01-01" },
  drift: [{ kind: "undeclared-property", location: "Customer.x", pointer: "/items/0/x", value }],
});

describe("the CLI's report scrub", () => {
  it("gives what the scrub alone gives, for the same strings again and again", () => {
    const io = createIo(sink);
    let registered = false;
    const piece = fc.constantFrom(
      "abc",
      "tok3n-secret",
      "Bearer abcdefgh12345678",
      "a=b",
      "x".repeat(300),
      "",
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, piece), { maxLength: 6 }), fc.boolean(), (pairs, register) => {
        // Once registered, a secret stays registered for every later case.
        if (register) io.addSecret("tok3n-secret");
        registered ||= register;
        const secrets = registered ? { secrets: ["tok3n-secret"] } : {};
        for (const [file, value] of pairs) {
          const expected = redactValue(report(file, value), scrubber(secrets));
          expect(io.redact(report(file, value))).toEqual(expected);
        }
      }),
      propertyParams(200),
    );
  });

  it("removes a secret registered after the text holding it was scrubbed clean", () => {
    const io = createIo(sink);
    expect(io.redact({ note: "uses tok3n-secret" })).toEqual({ note: "uses tok3n-secret" });
    io.addSecret("tok3n-secret");
    expect(io.redact({ note: "uses tok3n-secret" })).toEqual({ note: "uses [REDACTED]" });
  });
});
