// The CLI's output removes the access token it was given, and nothing else: a company name that
// looks like a credential is the customer's data and is printed as it came.
import { describe, expect, it } from "vitest";
import { createIo } from "../../../src/toolkit/cli/io.js";

const TOKEN = "tok3n-secret-0123456789";
const DATA = ["Bearer Logistics2Go", "sig=Studio Design", "password=Secure Inc", "eyJhbGciOiJub25lIn0.e30.x"];

function sinkIo() {
  const written = { out: "", err: "" };
  const io = createIo({
    out: (text) => {
      written.out += text;
    },
    err: (text) => {
      written.err += text;
    },
    stderrIsTTY: false,
    env: {},
  });
  return { io, written };
}

describe("the CLI's output", () => {
  it("removes the registered token from stdout, stderr, messages and reports, and only it", async () => {
    const { io, written } = sinkIo();
    io.addSecret(TOKEN);
    for (const text of DATA) {
      await io.out(`${text} ${TOKEN}\n`);
      io.err(`${text} ${encodeURIComponent(TOKEN)}\n`);
    }
    const expected = DATA.map((text) => `${text} [REDACTED]\n`).join("");
    expect(written.out).toBe(expected);
    expect(written.err).toBe(expected);
    expect(io.scrub(`failed: Bearer ${TOKEN}`)).toBe("failed: Bearer [REDACTED]");
    expect(io.redact({ names: DATA, [TOKEN]: { note: `uses ${TOKEN}` } })).toEqual({
      names: DATA,
      "[REDACTED]": { note: "uses [REDACTED]" },
    });
  });

  it("changes nothing before a token is registered", async () => {
    const { io, written } = sinkIo();
    await io.out(`${DATA.join("\n")}\n`);
    expect(written.out).toBe(`${DATA.join("\n")}\n`);
    const report = { names: DATA };
    expect(io.redact(report)).toBe(report);
  });
});
