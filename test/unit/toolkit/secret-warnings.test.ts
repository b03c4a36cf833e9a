import { describe, expect, it } from "vitest";
import { checkText } from "../../../src/toolkit/conformance/check.js";
import { loadSpec } from "../../../src/toolkit/conformance/spec.js";
import { SpecValidator } from "../../../src/toolkit/conformance/validator.js";
import { SPEC } from "../../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const PASSWORD = "hunter2-but-longer";

describe("check's secret warnings", () => {
  it("warns about a secret key that JSON escapes hide from the text, without repeating the value", () => {
    // "\u0070assword" is "password" once parsed: a scan of the text alone would not see the key.
    const text = `{"totalCount": 0, "items": [], "\\u0070assword": "${PASSWORD}"}`;
    expect(text).not.toContain('"password"');
    const result = checkText(validator, "escaped.json", text);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/the value of a secret key in password: remove credentials/);
    expect(result.warnings.join("\n")).not.toContain(PASSWORD);
  });
});
