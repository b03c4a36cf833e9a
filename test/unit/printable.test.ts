// printable(text): any text made safe to show on one line.
import { describe, expect, it } from "vitest";
import { printable } from "../../src/toolkit/conformance/printable.js";

describe("printable", () => {
  it.each([
    ["a colour sequence", "Contoso \u001b[31mRED\u001b[0m", "Contoso \\x1b[31mRED\\x1b[0m"],
    ["an OSC title sequence ended by BEL", "\u001b]0;pwned\u0007Fabrikam", "\\x1b]0;pwned\\x07Fabrikam"],
    ["a carriage return that rewrites the line", "evil\r✓ good", "evil\\r✓ good"],
    ["a new line that forges another", "a.json\n✓ forged.json", "a.json\\n✓ forged.json"],
    ["a C1 control (CSI) and DEL", "x\u009b31my\u007f", "x\\x9b31my\\x7f"],
    ["a right-to-left override", "abc\u202edef", "abc\\u202edef"],
    ["a line separator", "one\u2028two", "one\\u2028two"],
  ])("escapes %s", (_name, text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it("leaves ordinary text as it is, accents, emoji and Windows paths included", () => {
    for (const text of ["Contoso Ltd.", "Société Générale ✓ 日本", "C:\\recordings\\page-001.json", "🎉"])
      expect(printable(text)).toBe(text);
  });
});
