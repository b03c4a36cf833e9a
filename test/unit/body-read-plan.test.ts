// How the client reads a body within maxResponseBytes, decided before a byte of it is read: a
// length over the limit is turned down unread, text() only where nothing can exceed the limit, and
// everything else counted chunk by chunk.
import { describe, expect, it } from "vitest";
import { type BodyFacts, bodyReadPlan } from "../../src/client/http/read-body.js";

const facts = (overrides: Partial<BodyFacts>): BodyFacts => ({
  contentLength: "1000",
  encoded: false,
  limit: 1000,
  trustLength: true,
  ...overrides,
});

describe("bodyReadPlan", () => {
  it("reads the global fetch's unencoded body whole when its Content-Length is within the limit", () => {
    expect(bodyReadPlan(facts({ contentLength: "999" }))).toBe("whole");
    expect(bodyReadPlan(facts({ contentLength: "1000" }))).toBe("whole");
    expect(bodyReadPlan(facts({ contentLength: "0" }))).toBe("whole");
  });

  it("turns a body down unread when its Content-Length is over the limit, whoever made the response", () => {
    expect(bodyReadPlan(facts({ contentLength: "1001" }))).toBe("too-large");
    expect(bodyReadPlan(facts({ contentLength: "1001", trustLength: false }))).toBe("too-large");
  });

  it("counts a custom fetch's body as it arrives, whatever its Content-Length says", () => {
    expect(bodyReadPlan(facts({ contentLength: "10", trustLength: false }))).toBe("chunks");
    expect(bodyReadPlan(facts({ contentLength: "1000", trustLength: false }))).toBe("chunks");
  });

  it("counts a compressed body as it arrives: its Content-Length counts compressed bytes", () => {
    expect(bodyReadPlan(facts({ contentLength: "10", encoded: true }))).toBe("chunks");
    expect(bodyReadPlan(facts({ contentLength: "5000", encoded: true }))).toBe("chunks");
  });

  it("counts a body without a usable Content-Length (chunked, or not a number) as it arrives", () => {
    expect(bodyReadPlan(facts({ contentLength: null }))).toBe("chunks");
    expect(bodyReadPlan(facts({ contentLength: "ten" }))).toBe("chunks");
  });

  it("reads any body whole when there is no limit", () => {
    const limit = Number.POSITIVE_INFINITY;
    expect(bodyReadPlan(facts({ limit, contentLength: null, encoded: true, trustLength: false }))).toBe(
      "whole",
    );
  });
});
