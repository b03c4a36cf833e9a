// Bodies generated from the spec by Prism's dynamic mode (json-schema-faker) must always conform:
// the checker may not reject what the spec itself allows. One `prism mock --dynamic` for the file,
// stopped at the end; every status the operation declares is asked for in turn.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkText } from "../../src/toolkit/conformance/check.js";
import { loadSpec } from "../../src/toolkit/conformance/spec.js";
import { SpecValidator } from "../../src/toolkit/conformance/validator.js";
import { type PrismProcess, startPrism } from "../../src/toolkit/mock/prism.js";
import { SPEC } from "../helpers/paths.js";
import { numRuns } from "../helpers/property.js";

let prism: PrismProcess | undefined;
let validator: SpecValidator;

beforeAll(async () => {
  process.env.SCARF_ANALYTICS = "false";
  validator = new SpecValidator(loadSpec(SPEC));
  prism = await startPrism({ mode: "mock", spec: SPEC, dynamic: true });
}, 60_000);

afterAll(async () => {
  await prism?.stop();
});

describe("check on bodies Prism generates from the spec (--dynamic)", () => {
  it("every generated body, of every declared status, conforms", async () => {
    const statuses = validator.operations().find((o) => o.path === "/v1/customers")?.statuses ?? [];
    expect(statuses).toContain("200");
    const rounds = Math.max(1, Math.ceil(numRuns(48) / statuses.length));
    const seen = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      for (const status of statuses) {
        const url = `/v1/customers?size=${round + 1}`;
        const response = await fetch(`${prism?.url}${url}`, {
          headers: {
            authorization: "Bearer fuzz",
            ...(status === "200" ? {} : { prefer: `code=${status}` }),
          },
        });
        const text = await response.text();
        expect(response.status).toBe(Number(status));
        seen.add(text);
        const exchange = {
          request: { method: "GET", url, headers: { authorization: "Bearer [REDACTED]" } },
          response: {
            status: response.status,
            headers: Object.fromEntries(response.headers),
            bodyText: text,
          },
        };
        const result = checkText(
          validator,
          `prism-dynamic-${status}-${round}.json`,
          JSON.stringify(exchange),
        );
        expect(result.violations, text).toEqual([]);
        expect(result.ok).toBe(true);
      }
    }
    // Generated, not the fixed examples: the bodies differ from one request to the next.
    expect(seen.size).toBeGreaterThan(statuses.length);
  });
});
