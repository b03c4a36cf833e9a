import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkExchange,
  checkFile,
  checkText,
  collectFiles,
  type Exchange,
  loadSpec,
  SpecValidator,
} from "../../../src/toolkit/conformance/index.js";
import { SPEC } from "../../helpers/paths.js";

const validator = new SpecValidator(loadSpec(SPEC));
const ID = "5d6a927d-c207-44bd-847b-3ad6339ace97";
const customer = {
  id: ID,
  companyProfile: { tenantId: ID, domain: "contoso.onmicrosoft.com", companyName: "Contoso" },
  relationshipToPartner: "reseller",
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pc-check-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("checkFile reports files it cannot check as violations instead of throwing", () => {
  it("a file that does not exist", async () => {
    const result = await checkFile(validator, join(dir, "missing.json"));
    expect(result).toMatchObject({ ok: false, exchanges: 0 });
    expect(result.violations).toEqual([
      {
        location: "file",
        pointer: "",
        message: "cannot read the file (ENOENT): no such file",
        schemaPath: "",
      },
    ]);
  });

  it("a directory given as a file", async () => {
    const result = await checkFile(validator, dir);
    expect(result.violations[0]?.message).toBe(
      "it is a directory, not a regular file: only recording files are read",
    );
  });

  it.each([
    ["empty.json", "", /the file is empty/],
    ["text.json", "not json at all", /the file is not JSON/],
  ])("%s", async (name, text, message) => {
    const file = join(dir, name);
    await writeFile(file, text);
    const result = await checkFile(validator, file);
    expect(result.ok).toBe(false);
    expect(result.kind).toBeUndefined();
    expect(result.violations[0]?.message).toMatch(message);
  });

  it("a recording that conforms", async () => {
    const file = join(dir, "page.json");
    await writeFile(file, JSON.stringify({ totalCount: 1, items: [customer] }));
    expect(await checkFile(validator, file)).toEqual({
      file,
      ok: true,
      kind: "body",
      exchanges: 1,
      skipped: [],
      violations: [],
      warnings: [],
      drift: [],
      seen: expect.objectContaining({ rows: new Map([["GET /v1/customers 200", 1]]) }),
    });
  });
});

describe("checkText", () => {
  it("warns about credentials left in a recording, without repeating them", () => {
    const jwt = `eyJ${"a".repeat(20)}.${"b".repeat(20)}.${"c".repeat(20)}`;
    const exchange = {
      request: { method: "GET", url: "/v1/customers", headers: { authorization: `Bearer ${jwt}` } },
      response: { status: 200, headers: {}, body: { totalCount: 0, items: [] } },
    };
    const result = checkText(validator, "x.json", JSON.stringify(exchange));
    expect(result.ok).toBe(true);
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings.join(" ")).not.toContain(jwt);
  });

  it("skips HAR entries that are not operations of the spec and numbers the others by entry", () => {
    const entry = (url: string, text: string) => ({
      request: { method: "GET", url, headers: [] },
      response: { status: 200, headers: [{ name: "content-type", value: "text/html" }], content: { text } },
    });
    const har = {
      log: {
        entries: [entry("https://login.microsoftonline.com/", "<html/>"), entry("/v1/customers", "{}")],
      },
    };
    const result = checkText(validator, "walk.har", JSON.stringify(har));
    expect(result.kind).toBe("har");
    expect(result.exchanges).toBe(1);
    expect(result.skipped).toEqual([
      { index: 0, method: "GET", url: "https://login.microsoftonline.com/", reason: "not-in-spec" },
    ]);
    expect(result.violations.map((v) => [v.entry, v.location, v.pointer])).toEqual([
      [1, "headers", "Content-Type"],
      [1, "body", "/totalCount"],
      [1, "body", "/items"],
    ]);
  });

  it("checks an exchange's request parameters as well as its response", () => {
    const exchange: Exchange = {
      request: { method: "GET", url: "/v1/customers?size=-1", headers: {} },
      response: { status: 200, headers: {}, body: { totalCount: 0, items: [] } },
    };
    expect(checkExchange(validator, exchange).map((v) => [v.location, v.pointer])).toEqual([
      ["request", "size"],
    ]);
  });

  it("reports a body that is not JSON once, with the request's problems", () => {
    const exchange: Exchange = {
      request: { method: "GET", url: "/v1/customers?seekOperation=next", headers: {} },
      response: { status: 200, headers: {}, bodyText: "{" },
    };
    expect(checkExchange(validator, exchange, 3).map((v) => [v.location, v.pointer, v.entry])).toEqual([
      ["request", "seekOperation", 3],
      ["body", "", 3],
    ]);
  });
});

describe("collectFiles", () => {
  it("walks folders for .json and .har in a stable order, skipping dot folders and node_modules", async () => {
    const root = join(dir, "tree");
    await mkdir(join(root, "b", ".hidden"), { recursive: true });
    await mkdir(join(root, "node_modules"), { recursive: true });
    for (const name of [
      "b/2.HAR",
      "b/1.json",
      "a.json",
      "notes.md",
      "b/.hidden/x.json",
      "node_modules/y.json",
    ]) {
      await writeFile(join(root, name), "{}");
    }
    expect(await collectFiles([root])).toEqual([
      join(root, "a.json"),
      join(root, "b", "1.json"),
      join(root, "b", "2.HAR"),
    ]);
  });

  it("keeps a file named directly, whatever its extension, and a path that does not exist", async () => {
    const notes = join(dir, "tree", "notes.md");
    const missing = join(dir, "nope.json");
    expect(await collectFiles([notes, missing])).toEqual([notes, missing]);
  });
});
