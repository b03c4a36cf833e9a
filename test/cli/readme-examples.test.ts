// The toolkit README's terminal examples are the commands' real output. Every block that starts
// with `$ ` is either run here, command by command, in a folder holding the files it names (and
// with the mock it starts listening on a free port), and compared with the README, or listed in
// NOT_RUN with the reason. Only what differs from run to run or machine to machine is normalised:
// durations, timestamps, the port, where the spec is installed, and table padding (which follows
// the durations' widths).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { alive, BIN, baseEnv, freePort, tempDir } from "./helpers.js";

const README = join(ROOT, "src", "toolkit", "README.md");
const DOCUMENTED_PORT = "4010";

interface Step {
  command: string;
  output: string[];
}
interface Block {
  line: number;
  steps: Step[];
}

/** The README's fenced blocks (without a language) whose first line is a `$ ` command. */
function terminalBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```" || !lines[i + 1]?.startsWith("$ ")) continue;
    const block: Block = { line: i + 2, steps: [] };
    for (i++; i < lines.length && lines[i] !== "```"; i++) {
      const line = lines[i] as string;
      if (line.startsWith("$ ")) block.steps.push({ command: line.slice(2), output: [] });
      else block.steps.at(-1)?.output.push(line);
    }
    blocks.push(block);
  }
  return blocks;
}

// The first line of the MCP example, which goes on over several lines.
const MCP_EXAMPLE = `printf '%s\\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"readme","version":"1.0.0"}}}' \\`;

// Blocks not run, by their first command, and why.
const NOT_RUN: Record<string, string> = {
  "npx pc-customers list --format ndjson > monday.ndjson":
    "compares listings edited by hand and a CSV exported from Partner Center; test/cli/diff.test.ts runs diff on such files",
  "npx pc-customers diff broken.ndjson tuesday.ndjson":
    "needs the hand-edited listings of the block before; test/cli/diff.test.ts checks the message for a broken line",
  [MCP_EXAMPLE]:
    "a command over several lines whose output is shortened by hand (…); test/cli/mcp.test.ts runs the exchange",
  "PC_STAGING_TOKEN=... npx pc-customers conformance --target http://127.0.0.1:4733 --token-env PC_STAGING_TOKEN --size 3":
    "needs a server whose second page breaks the spec; test/cli/conformance.test.ts runs that case",
};

// The order the blocks run in: `record` writes the folder the coverage example reads.
const RUN_FIRST = ["npx pc-customers mock --port 4010", "npx pc-customers mock --port 4010 &"];
const RUN_AFTER_RECORD = ["npx pc-customers check 'recorded/*.json' --coverage"];

const SPEC_PATHS =
  /(node_modules\/partner-center-customers\/dist\/openapi\/partner-center\.yaml|the embedded openapi\/partner-center\.yaml|openapi\/partner-center\.yaml)/g;

/** What may differ between two runs of the same command, replaced by placeholders. */
function normalise(lines: string[], port: string): string[] {
  return lines.map((raw) => {
    let line = raw
      .replaceAll(`127.0.0.1:${port}`, `127.0.0.1:${DOCUMENTED_PORT}`)
      .replace(SPEC_PATHS, "<spec>")
      .replace(/time="\d+\.\d{3}"/g, 'time="<s>"')
      .replace(/timestamp="[^"]*"/g, 'timestamp="<timestamp>"')
      .replace(/\b\d+(\.\d+)? (ms|s)\b/g, "<duration>");
    // Table rows: cells trimmed, so that padding that follows a duration's width does not count.
    if (/^\|.*\|$/.test(line))
      line = line
        .split("|")
        .map((cell) => (/^-+$/.test(cell.trim()) ? "-" : cell.trim()))
        .join("|");
    return line;
  });
}

/**
 * Whether `actual` is `expected`, where the README shortened the output: a last line "…" stands
 * for any further lines, and a line such as "… 7 customers …" for one or more lines.
 */
function matches(expected: string[], actual: string[], e = 0, a = 0): boolean {
  if (e === expected.length) return a === actual.length;
  const line = expected[e] as string;
  if (line === "…" && e === expected.length - 1) return true;
  if (/^… .+ …$/.test(line)) {
    for (let next = a + 1; next <= actual.length; next++)
      if (matches(expected, actual, e + 1, next)) return true;
    return false;
  }
  return line === actual[a] && matches(expected, actual, e + 1, a + 1);
}

const exchange = (body: unknown, url = "/v1/customers?size=2") => ({
  request: { method: "GET", url, headers: { accept: "application/json" } },
  response: { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body },
});
const customer = (n: number, extra: Record<string, unknown> = {}) => {
  const id = `00000000-0000-4000-8000-00000000000${n}`;
  return {
    id,
    companyProfile: {
      tenantId: id,
      domain: `customer${n}.onmicrosoft.com`,
      companyName: `Customer ${n}`,
      attributes: { objectType: "CustomerCompanyProfile" },
    },
    relationshipToPartner: "reseller",
    attributes: { objectType: "Customer" },
    ...extra,
  };
};
const page = (items: unknown[], totalCount: unknown = items.length) => ({
  totalCount,
  items,
  links: { self: { uri: "/v1/customers?size=2", method: "GET", headers: [] } },
  attributes: { objectType: "Collection" },
});

/** The files the README's examples name, as a user would have them. */
function writeFixtures(dir: string): void {
  mkdirSync(join(dir, "recordings"));
  writeFileSync(join(dir, "recordings", "empty.json"), "");
  writeFileSync(join(dir, "recordings", "page-1.json"), JSON.stringify(exchange(page([customer(1)]))));
  writeFileSync(join(dir, "recordings", "page-2.json"), JSON.stringify(exchange(page([customer(2)], "1"))));
  writeFileSync(
    join(dir, "drifted.json"),
    JSON.stringify(
      exchange(
        page([customer(1, { partnerTier: "gold" }), customer(2, { relationshipToPartner: "sole_reseller" })]),
      ),
    ),
  );
}

let tmp: { dir: string; remove: () => Promise<void> };
let bin: string;
let port = "";
let mock: ChildProcess | undefined;
const results = new Map<number, { expected: string[]; actual: string[]; raw: string[] }>();

/** Runs one README command line with `sh`, `npx pc-customers` being this checkout's bin. */
function run(command: string): string[] {
  const line = command.replaceAll(`127.0.0.1:${DOCUMENTED_PORT}`, `127.0.0.1:${port}`);
  let output: string;
  try {
    output = execFileSync("sh", ["-c", `(${line}) 2>&1`], {
      cwd: tmp.dir,
      env: { ...baseEnv(), PATH: `${bin}:${process.env.PATH}`, NO_COLOR: "1" },
      encoding: "utf8",
      timeout: 110_000,
    });
  } catch (error) {
    // A command that exits 1 or 2 is an example too; its output is what counts.
    output = (error as { stdout?: string }).stdout ?? "";
  }
  return output.replace(/\n$/, "").split("\n");
}

/** Starts `mock --port N` the README's way and returns the lines it prints before serving. */
async function startMock(): Promise<string[]> {
  mock = spawn(process.execPath, [BIN, "mock", "--port", port], {
    cwd: tmp.dir,
    env: baseEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  mock.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    mock?.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (stdout.includes("\n")) resolve();
    });
    mock?.once("exit", () => reject(new Error(`the mock exited: ${stderr}`)));
  });
  return [...stderr.replace(/\n$/, "").split("\n"), stdout.trim()];
}

const blocks = terminalBlocks(readFileSync(README, "utf8"));

beforeAll(async () => {
  tmp = await tempDir("pc-readme-");
  bin = join(tmp.dir, ".bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "npx"),
    `#!/bin/sh\n# npx pc-customers ARGS\nshift\nexec "${process.execPath}" "${BIN}" "$@"\n`,
  );
  writeFileSync(join(bin, "pc-customers"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, "npx"), 0o755);
  chmodSync(join(bin, "pc-customers"), 0o755);
  writeFixtures(tmp.dir);
  port = String(await freePort());
  const first = (b: Block) => b.steps[0]?.command ?? "";
  const order = (b: Block) =>
    RUN_FIRST.includes(first(b)) ? 0 : RUN_AFTER_RECORD.includes(first(b)) ? 2 : 1;
  for (const block of [...blocks].sort((a, b) => order(a) - order(b))) {
    if (NOT_RUN[first(block)] !== undefined) continue;
    const expected: string[] = [];
    const actual: string[] = [];
    for (const step of block.steps) {
      expected.push(`$ ${step.command}`, ...step.output);
      actual.push(`$ ${step.command}`);
      if (step.command.startsWith("npx pc-customers mock --port 4010")) {
        // Started once, by the block that shows its start; with `&` it keeps serving the
        // commands after it, which the README shows without its start lines.
        if (mock === undefined) actual.push(...(await startMock()));
      } else {
        actual.push(...run(step.command));
      }
    }
    results.set(block.line, {
      expected: normalise(expected, port),
      actual: normalise(actual, port),
      raw: actual.map((l) => l.replaceAll(`127.0.0.1:${port}`, `127.0.0.1:${DOCUMENTED_PORT}`)),
    });
  }
  // To update the README after a change of output: README_EXAMPLES_ACTUAL=/tmp/actual.md, then copy.
  const dump = process.env.README_EXAMPLES_ACTUAL;
  if (dump)
    writeFileSync(
      dump,
      [...results].map(([line, r]) => `README line ${line}:\n${r.raw.join("\n")}\n`).join("\n"),
    );
}, 600_000);

afterAll(async () => {
  if (mock?.pid !== undefined && alive(mock.pid)) {
    const exited = new Promise((resolve) => mock?.once("exit", resolve));
    mock.kill("SIGTERM");
    await exited;
  }
  await tmp?.remove();
});

describe("the toolkit README's terminal examples are the commands' real output", () => {
  it("finds the examples, and runs every one that is not listed with a reason", () => {
    expect(blocks.length).toBeGreaterThan(10);
    const firsts = blocks.map((b) => b.steps[0]?.command);
    for (const skipped of Object.keys(NOT_RUN)) expect(firsts).toContain(skipped);
    expect(results.size).toBe(blocks.length - Object.keys(NOT_RUN).length);
  });

  it.each(blocks.map((b) => [b.line, b.steps[0]?.command ?? ""] as const))("README line %i: $ %s", (line) => {
    const result = results.get(line);
    if (result === undefined) return; // listed in NOT_RUN
    if (!matches(result.expected, result.actual))
      expect(result.actual.join("\n")).toBe(result.expected.join("\n"));
  });

  it("normalises only what differs between runs (so the comparison above can fail)", () => {
    const a = normalise(
      ["3 files checked against openapi/partner-center.yaml in 566 ms: 1 conform."],
      "5555",
    );
    const b = normalise(["3 files checked against openapi/partner-center.yaml in 12 ms: 1 conform."], "5555");
    expect(a).toEqual(b);
    expect(normalise(["4 files checked"], "5555")).not.toEqual(normalise(["3 files checked"], "5555"));
    expect(matches(["a", "…"], ["a", "b", "c"])).toBe(true);
    expect(matches(["a", "b"], ["a", "c"])).toBe(false);
    expect(matches(["a", "… some …", "d"], ["a", "b", "c", "d"])).toBe(true);
    expect(matches(["a", "… some …", "d"], ["a", "d"])).toBe(false);
  });
});
