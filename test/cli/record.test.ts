import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CustomerServer, startCustomerServer } from "../helpers/customer-server.js";
import { pc, tempDir } from "./helpers.js";

const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYy1yZWNvcmQifQ.c2lnbmF0dXJlLXJlY29yZA";
const PLAIN_TOKEN = "plain-opaque-token-0123456789";
const COOKIE = "session=cookie-value-that-must-not-be-kept";

let server: CustomerServer | undefined;
let tmp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir("pc-record-");
});
afterAll(async () => {
  await tmp.remove();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Recording {
  provenance: { source: string; capturedAt: string; notes: string[] };
  request: { method: string; url: string; headers: Record<string, string> };
  response: { status: number; headers: Record<string, string>; body?: unknown };
}

describe("pc-customers record", () => {
  it("writes one secret-free exchange per page (and per failed attempt) that check accepts", async () => {
    server = await startCustomerServer({
      customers: 7,
      expectedToken: TOKEN,
      // The second request is throttled once, with a cookie and the token echoed back.
      faults: {
        2: {
          kind: "status",
          status: 429,
          headers: { "Retry-After": "0", "Set-Cookie": COOKIE, "X-Debug-Authorization": `Bearer ${TOKEN}` },
          body: {
            statusCode: 429,
            message: `Rate limit is exceeded for Bearer ${TOKEN}. Try again in 0 seconds.`,
          },
        },
      },
    });
    const out = join(tmp.dir, "walk");
    const run = await pc(["record", "--out", out, "--base-url", server.url, "--size", "3"], {
      env: { PARTNER_CENTER_TOKEN: TOKEN },
    });
    expect(run.code).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(["page-001.json", "page-002.attempt-1.429.json", "page-002.json", "page-003.json"]);
    expect(run.stdout.trim().split("\n")).toEqual(
      ["page-001.json", "page-002.attempt-1.429.json", "page-002.json", "page-003.json"].map((f) =>
        join(out, f),
      ),
    );
    expect(run.stderr).toMatch(
      /Recorded 4 exchanges \(3 pages, 7 customers\) from http:\/\/127\.0\.0\.1:\d+ in .*walk/,
    );

    const today = new Date().toISOString().slice(0, 10);
    const recordings: Recording[] = [];
    for (const file of files) {
      const text = await readFile(join(out, file), "utf8");
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain("cookie-value-that-must-not-be-kept");
      expect(text.endsWith("}\n")).toBe(true);
      const recording = JSON.parse(text) as Recording;
      expect(Object.keys(recording)).toEqual(["provenance", "request", "response"]);
      expect(recording.provenance.source).toContain(server.url);
      expect(recording.provenance.source).toContain(today);
      expect(recording.provenance.capturedAt).toBe(today);
      expect(recording.request.headers.authorization).toBe("Bearer [REDACTED]");
      const names = Object.keys(recording.response.headers);
      expect(names).toEqual([...names].sort());
      expect(names).not.toContain("content-length");
      recordings.push(recording);
    }
    const throttled = recordings[1] as Recording;
    expect(throttled.response.status).toBe(429);
    expect(throttled.response.headers["set-cookie"]).toBe("[REDACTED]");
    expect(throttled.response.headers["x-debug-authorization"]).toBe("[REDACTED]");
    expect(throttled.provenance.notes.join(" ")).toMatch(/set-cookie/);
    // Continuation tokens are kept: the next page's request carries the one the page before gave.
    const firstPage = recordings[0]?.response.body as {
      links: { next: { headers: Array<{ value: string }> } };
    };
    const token = firstPage.links.next.headers[0]?.value;
    expect(token).toBeTruthy();
    expect(recordings[2]?.request.headers["ms-continuationtoken"]).toBe(token);
    expect(recordings[2]?.request.url).toBe(`${server.url}/v1/customers?size=3&seekOperation=Next`);

    const check = await pc(["check", out, "--format", "json"]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout) as { files: Array<{ warnings: string[] }> };
    expect(report.files.flatMap((f) => f.warnings)).toEqual([]);
  });

  it("removes a token that is not JWT-shaped wherever the server echoes it", async () => {
    server = await startCustomerServer({
      customers: 1,
      faults: {
        1: {
          kind: "status",
          status: 401,
          headers: { "X-Echo": PLAIN_TOKEN },
          body: {
            code: 1002,
            description: `Authorization Failed for ${PLAIN_TOKEN}`,
            data: [],
            source: "PartnerFD",
          },
        },
      },
    });
    const out = join(tmp.dir, "denied");
    const run = await pc(["record", "--out", out, "--base-url", server.url], {
      env: { PARTNER_CENTER_TOKEN: PLAIN_TOKEN },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failed with 401/);
    const files = await readdir(out);
    expect(files).toEqual(["page-001.attempt-1.401.json"]);
    const text = await readFile(join(out, files[0] as string), "utf8");
    expect(text).not.toContain(PLAIN_TOKEN);
    expect(text).toContain("Authorization Failed for [REDACTED]");
    for (const output of [run.stdout, run.stderr]) expect(output).not.toContain(PLAIN_TOKEN);
  });

  it("with no token and no base URL, records a walk of the embedded mock, one file per page, and says so", async () => {
    const out = join(tmp.dir, "mock");
    const run = await pc(["record", "--out", out, "--size", "15"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/using the embedded mock at http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stderr).toMatch(/Recorded 3 exchanges \(3 pages, 40 customers\) from the embedded mock/);
    expect((await readdir(out)).sort()).toEqual(["page-001.json", "page-002.json", "page-003.json"]);
    // Everything the mock sends is declared: the recording passes check with no drift.
    const check = await pc(["check", out, "--fail-on-drift", "--format", "json"]);
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout) as { files: Array<{ drift: unknown[] }> };
    expect(report.files.flatMap((f) => f.drift)).toEqual([]);
  });

  it("keeps an undeclared property's key and type, never its value, so check still reports it as drift", async () => {
    server = await startCustomerServer({
      customers: 2,
      transformPage: (page) => ({
        ...page,
        items: page.items.map((customer) => ({ ...customer, partnerTier: "gold-tier-secret", seats: 250 })),
      }),
    });
    const out = join(tmp.dir, "drift");
    const run = await pc(["record", "--out", out, "--base-url", server.url]);
    expect(run.code).toBe(0);
    const text = await readFile(join(out, "page-001.json"), "utf8");
    expect(text).not.toContain("gold-tier-secret");
    const recording = JSON.parse(text) as Recording;
    const items = (recording.response.body as { items: Array<Record<string, unknown>> }).items;
    expect(items.map((c) => [c.partnerTier, c.seats])).toEqual([
      ["[string]", 0],
      ["[string]", 0],
    ]);
    const check = await pc(["check", out]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(
      /drift: Customer\.partnerTier is not declared by the spec \(\/items\/0\/partnerTier/,
    );
    expect(check.stdout).toMatch(/drift: Customer\.seats is not declared/);
  });

  it("replaces an undeclared query value in a next link by a URL-safe placeholder, so check accepts the recording", async () => {
    server = await startCustomerServer({
      customers: 4,
      transformPage: (page, { nextToken }) =>
        nextToken === undefined
          ? page
          : {
              ...page,
              links: {
                ...page.links,
                next: {
                  uri: "/v1/customers?size=2&seekOperation=Next&t=undeclared-query-value-42",
                  method: "GET",
                  headers: [{ key: "MS-ContinuationToken", value: nextToken }],
                },
              },
            },
    });
    const out = join(tmp.dir, "link-query");
    const run = await pc(["record", "--out", out, "--base-url", server.url, "--size", "2"]);
    expect(run.code).toBe(0);
    const text = await readFile(join(out, "page-001.json"), "utf8");
    expect(text).not.toContain("undeclared-query-value-42");
    const recording = JSON.parse(text) as Recording;
    expect((recording.response.body as { links: { next: { uri: string } } }).links.next.uri).toBe(
      "/v1/customers?size=2&seekOperation=Next&t=%5BREDACTED%5D",
    );
    const check = await pc(["check", out]);
    expect(check.stdout).not.toMatch(/pattern/);
    expect(check.code).toBe(0);
  });
});
