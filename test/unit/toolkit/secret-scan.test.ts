import { describe, expect, it } from "vitest";
import { findSecrets } from "../../../src/toolkit/conformance/index.js";

const JWT = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${"eyJhdWQiOiJodHRwczovL2FwaSJ9"}.${"c2lnbmF0dXJlLXBhcnQ"}`;

describe("findSecrets finds credentials left in a recording", () => {
  it.each([
    ["a JWT anywhere", `{"note": "${JWT}"}`, "jwt"],
    ["a bearer credential", '{"authorization": "Bearer abcdefgh12345678"}', "bearer"],
    ["a cookie", '{"cookie": "session=abc123"}', "secret-header"],
    ["a set-cookie", '{"set-cookie": "id=xyz; Path=/"}', "secret-header"],
  ])("%s", (_, text, kind) => {
    expect(findSecrets(text).map((f) => f.kind)).toContain(kind);
  });

  it.each([
    ["a redacted bearer", '{"authorization": "Bearer [REDACTED]"}'],
    ["the documentation's placeholder", '{"authorization": "Bearer <token>"}'],
    ["a redacted cookie", '{"cookie": "[REDACTED]"}'],
    ["a continuation token", '{"ms-continuationtoken": "AQAAAA=="}'],
  ])("but not %s", (_, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it("says where a secret is without repeating it", () => {
    expect(findSecrets(`xx ${JWT}`)).toEqual([{ kind: "jwt", hint: "JWT-shaped text in the recording" }]);
    expect(findSecrets(`{"a": [{"note": "xx ${JWT}"}]}`)).toEqual([
      { kind: "jwt", hint: "JWT-shaped text in a[0].note" },
    ]);
  });
});
