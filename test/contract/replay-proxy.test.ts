import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec, SpecValidator } from "../../src/conformance/index.js";
import { SPEC } from "../helpers/paths.js";
import { describeVerdict, prismSites } from "../helpers/prism-verdict.js";
import { loadRecordings, siteOf, specExchanges } from "../helpers/recordings.js";
import { type ReplayProxy, startReplayProxy } from "../helpers/replay-proxy.js";

const validator = new SpecValidator(loadSpec(SPEC));
const recordings = await loadRecordings();
const invalid = recordings.filter((r) => r.folder === "invalid");

let proxy: ReplayProxy;
beforeAll(async () => {
  proxy = await startReplayProxy(
    recordings.flatMap((r) =>
      r.parsed.ok ? [{ id: r.name, exchanges: r.parsed.exchanges.map((e) => e.exchange) }] : [],
    ),
  );
});
afterAll(async () => {
  await proxy?.stop();
});

describe("prism proxy --errors rejects every deliberately broken recording, at the place it is broken", () => {
  it("there are broken recordings for wrong types, missing properties, bad links, bad JSON, an undeclared status and a wrong Retry-After", () => {
    const whys = invalid.flatMap((r) => r.provenance?.expectedViolations ?? []);
    expect(whys.map((w) => w.keyword ?? w.location)).toEqual(
      expect.arrayContaining(["type", "required", "status", "body", "anyOf", "format", "minimum"]),
    );
    expect(invalid.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "invalid/next-link-headers-as-object.json",
        "invalid/next-link-header-without-key.json",
        "invalid/body-not-json.json",
        "invalid/undeclared-status-409.json",
        "invalid/retry-after-not-seconds.json",
        "invalid/walk-page-without-items.har",
      ]),
    );
  });

  it.each(
    invalid.map((r) => {
      const expected = r.provenance?.expectedViolations ?? [];
      return [`${r.name}: ${expected.map((e) => e.why).join("; ")}`, r, expected] as const;
    }),
  )("%s", async (_, recording, expected) => {
    const exchanges = specExchanges(recording, validator);
    const broken = new Set(expected.map((e) => e.entry));
    for (const [index, { exchange, entry }] of exchanges.entries()) {
      const verdict = await proxy.send(recording.name, entry ?? index, exchange);
      const sites = prismSites(verdict).map(siteOf);
      if (broken.has(entry)) {
        expect(verdict.valid, `Prism ${describeVerdict(verdict)}`).toBe(false);
        for (const e of expected.filter((x) => x.entry === entry)) {
          const want = siteOf({
            location: e.location,
            pointer:
              e.location === "request" || e.location === "headers" ? e.pointer.toLowerCase() : e.pointer,
          });
          expect(
            sites,
            `Prism should report ${want} (${e.why}); it said ${describeVerdict(verdict)}`,
          ).toContain(want);
        }
      } else {
        // The other pages of a broken walk are fine: Prism's rejection is about the broken one.
        expect(verdict.valid, `entry ${entry}: Prism ${describeVerdict(verdict)}`).toBe(true);
      }
    }
  });
});
