// pc-customers diff OLD NEW: two listings of the mock (saved by list, then edited: customers added
// and removed, a company name and a relationship changed) give exactly those changes in every
// output format and from every input format; identical listings exit 0; bad files exit 2 with the
// file and the line, and nothing on stdout.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Customer } from "partner-center-customers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerCsvHeader, customerCsvRecord } from "../../src/toolkit/listing/customer-csv.js";
import { type MockServer, startMock } from "../../src/toolkit/mock/index.js";
import { pc } from "./helpers.js";
import { runCli } from "./in-process.js";

let mock: MockServer;
let dir: string;
const listed: Record<"ndjson" | "json" | "csv", string> = { ndjson: "", json: "", csv: "" };
let customers: Customer[];
let edited: Customer[];
const ADDED = {
  id: "aaaaaaaa-0000-4000-8000-000000000001",
  companyProfile: {
    tenantId: "aaaaaaaa-0000-4000-8000-000000000001",
    domain: "newcomer.onmicrosoft.com",
    companyName: "Newcomer, Inc.",
  },
  relationshipToPartner: "reseller",
} as Customer;

const file = (name: string) => join(dir, name);
const asJson = (list: Customer[]) =>
  `[${list.map((c, i) => `${i ? "," : ""}\n  ${JSON.stringify(c)}`).join("")}\n]\n`;
const asNdjson = (list: Customer[]) => list.map((c) => `${JSON.stringify(c)}\n`).join("");
const asCsv = (list: Customer[]) => `${customerCsvHeader()}${list.map(customerCsvRecord).join("")}`;

beforeAll(async () => {
  mock = await startMock();
  dir = await mkdtemp(join(tmpdir(), "pc-diff-"));
  for (const format of ["ndjson", "json", "csv"] as const) {
    const run = await runCli(["list", "--base-url", mock.url, "--size", "7", "--format", format]);
    expect(run.code).toBe(0);
    listed[format] = run.stdout;
    await writeFile(file(`old.${format}`), run.stdout);
  }
  customers = listed.ndjson
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Customer);
  // Removed: the 3rd and the 10th; renamed: the 5th; relationship changed: the 8th; one added.
  edited = structuredClone(customers).filter((_, i) => i !== 2 && i !== 9);
  const renamed = edited.find((c) => c.id === customers[4]?.id) as Customer;
  renamed.companyProfile.companyName = "Renamed Holdings";
  const moved = edited.find((c) => c.id === customers[7]?.id) as Customer;
  moved.relationshipToPartner = moved.relationshipToPartner === "advisor" ? "reseller" : "advisor";
  edited.push(ADDED);
  await writeFile(file("new.ndjson"), asNdjson(edited));
  await writeFile(file("new.json"), asJson(edited));
  await writeFile(file("new.csv"), asCsv(edited));
});

afterAll(async () => {
  await mock?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const expected = () => {
  const renamed = customers[4] as Customer;
  const moved = customers[7] as Customer;
  return {
    added: [ADDED.id],
    removed: [customers[2]?.id, customers[9]?.id].sort(),
    changed: [
      {
        id: renamed.id,
        changes: [
          {
            path: "companyProfile.companyName",
            before: renamed.companyProfile.companyName,
            after: "Renamed Holdings",
          },
        ],
      },
      {
        id: moved.id,
        changes: [
          {
            path: "relationshipToPartner",
            before: moved.relationshipToPartner,
            after: moved.relationshipToPartner === "advisor" ? "reseller" : "advisor",
          },
        ],
      },
    ].sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
};

describe("pc-customers diff", () => {
  it("lists the listings saved by list in the same order whatever the format (the files are real listings)", () => {
    expect(customers).toHaveLength(40);
    expect(JSON.parse(listed.json)).toEqual(customers);
    expect(listed.json).toBe(asJson(customers));
    expect(listed.csv).toBe(asCsv(customers));
  });

  it("prints a summary line, then the added, removed and changed customers (exit 1)", async () => {
    const run = await pc(["diff", file("old.ndjson"), file("new.ndjson")]);
    expect(run.code).toBe(1);
    const want = expected();
    const [summary, ...rest] = run.stdout.trimEnd().split("\n");
    expect(summary).toBe("1 added, 2 removed, 2 changed, 36 unchanged");
    const name = (id: string | undefined) => customers.find((c) => c.id === id)?.companyProfile.companyName;
    expect(rest).toEqual([
      `+ ${ADDED.id}  Newcomer, Inc.`,
      ...want.removed.map((id) => `- ${id}  ${name(id)}`),
      ...want.changed.flatMap((c) => [
        `~ ${c.id}  ${c.changes[0]?.path === "companyProfile.companyName" ? "Renamed Holdings" : name(c.id)}`,
        ...c.changes.map(
          (ch) => `    ${ch.path}: ${JSON.stringify(ch.before)} → ${JSON.stringify(ch.after)}`,
        ),
      ]),
    ]);
    expect(run.stderr).toBe("");
  });

  it("gives exactly those changes as json, ndjson and csv, from NDJSON, JSON and CSV listings", async () => {
    const want = expected();
    const pairs = [
      ["old.ndjson", "new.ndjson"],
      ["old.json", "new.json"],
      ["old.csv", "new.csv"],
      ["old.ndjson", "new.csv"],
      ["old.csv", "new.json"],
    ];
    for (const [before, after] of pairs) {
      const args = [file(before as string), file(after as string)];
      const json = await runCli(["diff", "--format", "json", ...args]);
      expect(json.code, `${before} ${after}`).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report.summary).toEqual({ added: 1, removed: 2, changed: 2, unchanged: 36 });
      expect(report.added.map((c: Customer) => c.id)).toEqual(want.added);
      expect(report.removed.map((c: Customer) => c.id)).toEqual(want.removed);
      expect(report.changed).toEqual(want.changed);

      const ndjson = await runCli(["diff", "--format", "ndjson", ...args]);
      expect(ndjson.code).toBe(1);
      const events = ndjson.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(events.map((e) => [e.change, e.id, e.path, e.before, e.after])).toEqual([
        ["added", ADDED.id, undefined, undefined, undefined],
        ...want.removed.map((id) => ["removed", id, undefined, undefined, undefined]),
        ...want.changed.flatMap((c) =>
          c.changes.map((ch) => ["changed", c.id, ch.path, ch.before, ch.after]),
        ),
      ]);

      const csv = await runCli(["diff", "--format", "csv", ...args]);
      expect(csv.code).toBe(1);
      const [header, ...rows] = parse(csv.stdout) as string[][];
      expect(header).toEqual(["Change", "Microsoft ID", "Company name", "Field", "Before", "After"]);
      expect(rows.map((r) => [r[0], r[1], r[3], r[4], r[5]])).toEqual([
        ["added", ADDED.id, "", "", ""],
        ...want.removed.map((id) => ["removed", id, "", "", ""]),
        ...want.changed.flatMap((c) =>
          c.changes.map((ch) => ["changed", c.id, ch.path, ch.before, ch.after]),
        ),
      ]);
    }
  });

  it("exits 0 for identical listings, in any pair of formats, and says so", async () => {
    for (const [before, after] of [
      ["old.ndjson", "old.ndjson"],
      ["old.json", "old.ndjson"],
      ["old.csv", "old.json"],
    ]) {
      const run = await runCli(["diff", file(before as string), file(after as string)]);
      expect(run.code, `${before} ${after}`).toBe(0);
      expect(run.stdout).toBe("0 added, 0 removed, 0 changed, 40 unchanged\n");
    }
    const spawned = await pc(["diff", "--format", "json", file("old.ndjson"), file("old.json")]);
    expect(spawned.code).toBe(0);
    expect(JSON.parse(spawned.stdout)).toEqual({
      summary: { added: 0, removed: 0, changed: 0, unchanged: 40 },
      added: [],
      removed: [],
      changed: [],
    });
  });

  it("exits 2 for a bad file, naming the file and the line, with nothing on stdout", async () => {
    const lines = listed.ndjson.trim().split("\n");
    const bad: Array<[string, string, string]> = [
      [
        "broken.ndjson",
        [...lines.slice(0, 4), '{"id": "x", oops', ...lines.slice(4)].join("\n"),
        ", line 5: the line is not JSON",
      ],
      [
        "twice.ndjson",
        [...lines.slice(0, 6), lines[1]].join("\n"),
        `, line 7: the id ${customers[1]?.id} appears twice`,
      ],
      [
        "twice.json",
        asJson([...customers.slice(0, 3), customers[0] as Customer]),
        `, line 5: the id ${customers[0]?.id} appears twice`,
      ],
      [
        "noid.ndjson",
        [lines[0], '{"name": "no id"}'].join("\n"),
        ", line 2: the line is a JSON object without an id",
      ],
      ["array.ndjson", [lines[0], "[1, 2]"].join("\n"), ", line 2: the line is not a customer"],
      [
        "notes.txt",
        "Customers to call back:\nContoso\n",
        ", line 1: it is not a listing saved by 'pc-customers list'",
      ],
      ["ragged.csv", `${customerCsvHeader()}a,b\r\n`, ", line 2: the record has 2 fields"],
      [
        "quote.csv",
        `${customerCsvHeader()}${customerCsvRecord(customers[0] as Customer)}x"y,z\r\n`,
        ", line 3: not CSV",
      ],
      ["binary.ndjson", "\u0000\u0001\u0002garbage", ", line 1: the file holds binary data"],
      ["empty.ndjson", "", ": the file is empty"],
      ["open.json", asJson(customers.slice(0, 3)).replace(/\]\n$/, ""), ": the JSON array is not closed"],
    ];
    for (const [name, text, message] of bad) {
      await writeFile(file(name), text);
      for (const args of [
        [file(name), file("old.ndjson")],
        [file("new.ndjson"), file(name)],
      ]) {
        const run = await runCli(["diff", ...args]);
        expect(run.code, name).toBe(2);
        expect(run.stdout, name).toBe("");
        expect(run.stderr, name).toContain(`${file(name)}${message}`);
      }
    }
  });

  it("exits 2 for a missing file, a directory and a FIFO (without waiting for a writer)", async () => {
    const fifo = file("pipe.ndjson");
    execFileSync("mkfifo", [fifo]);
    const cases: Array<[string, string]> = [
      [file("missing.ndjson"), "no such file"],
      [dir, "it is a directory"],
      [fifo, "it is a FIFO (named pipe), not a regular file"],
    ];
    for (const [path, message] of cases) {
      const run = await runCli(["diff", path, file("old.ndjson")]);
      expect(run.code, path).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`${path}: `);
      expect(run.stderr).toContain(message);
    }
    const one = await runCli(["diff", file("old.ndjson")]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain("'diff' compares two listings, OLD and NEW, but got 1 file");
  });
});
