// Which page origins the HTTP mock lets call it, and what it answers a preflight.
import { describe, expect, it } from "vitest";
import { corsPolicy, preflightAnswer } from "../../src/toolkit/mock/cors.js";

describe("the HTTP mock's CORS policy", () => {
  it("allows loopback page origins on any port, and nothing else, by default", () => {
    const allows = corsPolicy(undefined);
    for (const origin of [
      "http://localhost:5173",
      "http://127.0.0.1:8123",
      "https://127.1.2.3",
      "http://[::1]:3000",
    ])
      expect(allows(origin), origin).toBe(true);
    for (const origin of [
      "https://app.example",
      "http://localhost.example",
      "null",
      "file://",
      "http://128.0.0.1",
    ])
      expect(allows(origin), origin).toBe(false);
  });

  it("allows the listed origins exactly, or every origin with *", () => {
    const listed = corsPolicy(["https://app.example", "http://dev.test:8080"]);
    expect(listed("https://app.example")).toBe(true);
    expect(listed("http://dev.test:8080")).toBe(true);
    expect(listed("http://dev.test:8081")).toBe(false);
    expect(corsPolicy("*")("https://anything.example")).toBe(true);
  });

  it("turns down a value that is not an origin, saying what to write", () => {
    for (const bad of ["app.example", "https://app.example/path", "ftp://app.example", ""])
      expect(() => corsPolicy(bad), bad).toThrow(/cors takes page origins such as http:\/\/localhost:5173/);
  });

  it("answers an allowed preflight with 204 and the allow headers, another with 403 naming --cors", () => {
    const policy = corsPolicy(undefined);
    const ok = preflightAnswer("http://localhost:5173", policy);
    expect(ok.status).toBe(204);
    expect(ok.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(ok.headers["access-control-allow-headers"]).toContain("MS-ContinuationToken");
    expect(ok.headers["access-control-allow-private-network"]).toBeUndefined();
    // A public page calling the mock on this machine: Chromium asks for private network access.
    const asked = preflightAnswer("https://app.example", corsPolicy("https://app.example"), true);
    expect(asked.headers["access-control-allow-private-network"]).toBe("true");
    const no = preflightAnswer("https://app.example", policy);
    expect(no.status).toBe(403);
    expect(no.headers["access-control-allow-origin"]).toBeUndefined();
    expect(no.body).toContain("--cors");
  });
});
