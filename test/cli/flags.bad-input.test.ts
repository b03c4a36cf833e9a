// Bad input to pc-customers: every flag of every command with a wrong value, run in process
// (test/cli/in-process.ts) so that the table stays fast. Each row is the exact line a user reads on
// stderr: what was wrong and what to do; the exit code is 2 and nothing is written to stdout or
// to disk. The last tests hold the table to the commands' own option lists (src/cli/commands.ts),
// so a new flag without a row fails here.
import { existsSync, mkdtempSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHelp } from "../../src/toolkit/cli/args.js";
import { COMMANDS, type Command } from "../../src/toolkit/cli/commands.js";
import { startCustomerServer } from "../helpers/customer-server.js";
import { runCli } from "./in-process.js";

// JWT-shaped, like a real token: a user may paste it where a variable name belongs.
const JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwYy1iYWQtaW5wdXQifQ.c2lnbmF0dXJlLWJhZA";

// Made when the file loads: the rows below name paths in it.
const dir = mkdtempSync(join(tmpdir(), "pc-bad-input-"));
const at = (name: string) => join(dir, name);
beforeAll(async () => {
  await writeFile(at("a-file"), "not a directory");
  await writeFile(at("not-openapi.yaml"), "title: not an OpenAPI document\n");
  await writeFile(at("openapi-3.0.yaml"), "openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths: {}\n");
  await mkdir(at("empty-dir"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const help = (command: string) => `Run 'pc-customers ${command} --help'.`;
const missingSpec = (command: string) =>
  `cannot read spec ${at("missing.yaml")}: ENOENT: no such file or directory, open '${at("missing.yaml")}'. Pass an OpenAPI 3.1 file to --spec. ${help(command)}`;
const plainHttp = (command: string, option: string, origin: string) =>
  `${option} ${origin} uses plain http, which would send the access token unencrypted: https is required. Use https, a loopback address for local testing, or pass --allow-insecure-http to accept the risk. ${help(command)}`;
const tokenEnv = (command: string) =>
  `--token-env takes the name of an environment variable that holds the token (letters, digits and _, such as PC_TOKEN), not the token itself. ${help(command)}`;
const targetOnly = (option: string) =>
  `--${option} only applies with --target URL (the mock walk has its own data set and page size). ${help("conformance")}`;
const needsValue = (command: string, option: string, value: string) =>
  `option --${option} of '${command}' needs a value, as in --${option} ${value}. ${help(command)}`;
const isSwitch = (command: string) =>
  `option --help of '${command}' is a switch and takes no value. ${help(command)}`;
const noOperands = (command: string) => `'${command}' takes no operands, but got 'extra'. ${help(command)}`;

/** The list options `list` and `record` share, with the `record` prefix it needs to get that far. */
function listRows(command: "list" | "record"): Array<[string, string[], string]> {
  const pre = command === "record" ? ["--out", at("record-out")] : [];
  const h = help(command);
  return [
    [command, [...pre, "--size"], needsValue(command, "size", "N")],
    [
      command,
      [...pre, "--size", "ten"],
      `--size must be a whole number from 0 to 2147483647, got 'ten'. ${h}`,
    ],
    [command, [...pre, "--size=-5"], `--size must be a whole number from 0 to 2147483647, got '-5'. ${h}`],
    [
      command,
      [...pre, "--size", "2147483648"],
      `--size must be a whole number from 0 to 2147483647, got '2147483648'. ${h}`,
    ],
    [command, [...pre, "--company", ""], `--company needs a non-empty prefix, as in --company Cont. ${h}`],
    [command, [...pre, "--domain", "  "], `--domain needs a non-empty prefix, as in --domain Cont. ${h}`],
    [
      command,
      [...pre, "--company", "Con", "--domain", "con"],
      `--company and --domain cannot be combined: the API takes one filter. Pick one. ${h}`,
    ],
    [command, [...pre, "--max", "0"], `--max must be a whole number of at least 1, got '0'. ${h}`],
    [command, [...pre, "--max", "1.5"], `--max must be a whole number of at least 1, got '1.5'. ${h}`],
    [
      command,
      [...pre, "--base-url", "api.partnercenter.microsoft.com"],
      `--base-url must be an absolute http(s) URL such as https://api.partnercenter.microsoft.com, got 'api.partnercenter.microsoft.com'. ${h}`,
    ],
    [
      command,
      [...pre, "--base-url", "ftp://pc.test"],
      `--base-url must be an http or https URL, got 'ftp://pc.test'. ${h}`,
    ],
    [
      command,
      [...pre, "--base-url", "https://me:hunter2@pc.test"],
      `--base-url must not contain credentials (user:password@): the access token is read from the environment. ${h}`,
    ],
    [
      command,
      [...pre, "--base-url", "https://pc.test/?size=3"],
      `--base-url must not contain a query or a fragment: give the API's address, such as https://api.partnercenter.microsoft.com, got 'https://pc.test/?size=3'. ${h}`,
    ],
    [
      command,
      [...pre, "--base-url", "http://pc.example.com"],
      plainHttp(command, "--base-url", "http://pc.example.com"),
    ],
    [
      command,
      [...pre, "--base-url", "http://10.0.0.5:8080/pc"],
      plainHttp(command, "--base-url", "http://10.0.0.5:8080"),
    ],
    [
      command,
      [...pre, "--cloud", "mars"],
      `--cloud must be one of global, china, usgov, germany, got 'mars'. ${h}`,
    ],
    [
      command,
      [...pre, "--cloud", "globl"],
      `--cloud must be one of global, china, usgov, germany, got 'globl'. Did you mean global? ${h}`,
    ],
    [
      command,
      [...pre, "--cloud", "china", "--base-url", "http://127.0.0.1:1"],
      `--base-url and --cloud cannot be combined: --base-url overrides the cloud. ${h}`,
    ],
    [command, [...pre, "--token-env", "my token"], tokenEnv(command)],
    [command, [...pre, "--token-env", JWT], tokenEnv(command)],
    [command, [...pre, "--token-env", ""], tokenEnv(command)],
    [
      command,
      [...pre, "--allow-insecure-http"],
      `--allow-insecure-http only applies with a plain http:// --base-url on another host, and there is no --base-url. Leave it out. ${h}`,
    ],
    [
      command,
      [...pre, "--allow-insecure-http", "--base-url", "https://pc.test"],
      `--allow-insecure-http only applies with a plain http:// --base-url on another host; https://pc.test needs no exception. Leave it out. ${h}`,
    ],
    [
      command,
      [...pre, "--allow-insecure-http=yes", "--base-url", "http://pc.example.com"],
      `option --allow-insecure-http of '${command}' is a switch and takes no value. ${h}`,
    ],
    [
      command,
      [...pre, "--allow-insecure"],
      `unknown option --allow-insecure for '${command}'. Did you mean --allow-insecure-http? ${h}`,
    ],
    [command, [...pre, "--help=1"], isSwitch(command)],
    [command, [...pre, "extra"], noOperands(command)],
  ];
}

const ROWS: Array<[command: string, args: string[], stderr: string]> = [
  ["conformance", ["--spec", at("missing.yaml")], missingSpec("conformance")],
  ["conformance", ["--spec", at("missing.yaml"), "--skip", "recordings,client"], missingSpec("conformance")],
  [
    "conformance",
    ["--spec", at("not-openapi.yaml"), "--skip", "recordings,client"],
    `spec ${at("not-openapi.yaml")} has no "openapi" version field: is it an OpenAPI document? Pass an OpenAPI 3.1 file to --spec. ${help("conformance")}`,
  ],
  [
    "conformance",
    ["--recordings", at("nope")],
    `--recordings ${at("nope")} is not a directory: name the directory that holds your recordings. ${help("conformance")}`,
  ],
  [
    "conformance",
    ["--target", "not a url"],
    `--target must be an absolute http(s) URL such as https://api.partnercenter.microsoft.com, got 'not a url'. ${help("conformance")}`,
  ],
  [
    "conformance",
    ["--target", "ftp://pc.test"],
    `--target must be an http or https URL, got 'ftp://pc.test'. ${help("conformance")}`,
  ],
  [
    "conformance",
    ["--target", "http://pc.example.com"],
    plainHttp("conformance", "--target", "http://pc.example.com"),
  ],
  ["conformance", ["--token-env", "PC_TOKEN"], targetOnly("token-env")],
  ["conformance", ["--target", "https://pc.test", "--token-env", JWT], tokenEnv("conformance")],
  [
    "conformance",
    ["--target", "https://pc.test", "--token-env", "PC_TEST_UNSET_VARIABLE"],
    `--target needs an access token in the environment variable PC_TEST_UNSET_VARIABLE, which is not set. Set it, or name another variable with --token-env. ${help("conformance")}`,
  ],
  ["conformance", ["--size", "10"], targetOnly("size")],
  [
    "conformance",
    ["--target", "https://pc.test", "--size=-1"],
    `--size must be a whole number of at least 0, got '-1'. ${help("conformance")}`,
  ],
  ["conformance", ["--max-pages", "2"], targetOnly("max-pages")],
  [
    "conformance",
    ["--target", "https://pc.test", "--max-pages", "0"],
    `--max-pages must be a whole number of at least 1, got '0'. ${help("conformance")}`,
  ],
  [
    "conformance",
    ["--skip", "lint,spelling"],
    `--skip spelling: there is no such step; the steps are lint, generated, recordings, client. ${help("conformance")}`,
  ],
  [
    "conformance",
    ["--reporter", "xml"],
    `--reporter must be one of pretty, json, junit, got 'xml'. ${help("conformance")}`,
  ],
  ["conformance", ["--allow-insecure-http"], targetOnly("allow-insecure-http")],
  [
    "conformance",
    ["--target", "https://pc.test", "--allow-insecure-http"],
    `--allow-insecure-http only applies with a plain http:// --target on another host; https://pc.test needs no exception. Leave it out. ${help("conformance")}`,
  ],
  ["conformance", ["--help=yes"], isSwitch("conformance")],
  ["conformance", ["extra"], noOperands("conformance")],

  [
    "check",
    [],
    `'check' needs at least one file or directory, as in 'pc-customers check recordings/'. ${help("check")}`,
  ],
  ["check", ["--spec", at("missing.yaml"), "x.json"], missingSpec("check")],
  [
    "check",
    ["--spec", at("openapi-3.0.yaml"), "x.json"],
    `spec ${at("openapi-3.0.yaml")} is OpenAPI 3.0.3; this checker reads OpenAPI 3.1 documents. Pass an OpenAPI 3.1 file to --spec. ${help("check")}`,
  ],
  ["check", ["x.json", "--reporter"], needsValue("check", "reporter", "NAME")],
  [
    "check",
    ["--reporter", "xml", "x.json"],
    `--reporter must be one of pretty, json, junit, got 'xml'. ${help("check")}`,
  ],
  [
    "check",
    [at("empty-dir")],
    `no .json or .har recordings found in '${at("empty-dir")}': name recording files, or directories that hold them. ${help("check")}`,
  ],
  ["check", ["--help=1"], isSwitch("check")],
  ["check", ["x.json", "--min-coverage"], needsValue("check", "min-coverage", "N")],
  [
    "check",
    ["--min-coverage", "101", "x.json"],
    `--min-coverage must be a whole number from 0 to 100, got '101'. ${help("check")}`,
  ],
  [
    "check",
    ["--fail-on-drift=yes", "x.json"],
    `option --fail-on-drift of 'check' is a switch and takes no value. ${help("check")}`,
  ],
  [
    "check",
    ["--coverage=1", "x.json"],
    `option --coverage of 'check' is a switch and takes no value. ${help("check")}`,
  ],
  [
    "check",
    [at("*.none")],
    `'${at("*.none")}' matches no file: check the pattern (globs: *, **, {a,b}), or name recording files or directories. ${help("check")}`,
  ],

  ...listRows("list"),
  [
    "list",
    ["--format", "xml"],
    `--format must be one of table, json, ndjson, csv, got 'xml'. ${help("list")}`,
  ],
  ["list", ["--dedupe=yes"], `option --dedupe of 'list' is a switch and takes no value. ${help("list")}`],
  ["list", ["--bom"], `--bom only applies to --format csv. ${help("list")}`],
  [
    "list",
    ["--checkpoint", at("empty-dir")],
    `--checkpoint ${at("empty-dir")} cannot be read (EISDIR: illegal operation on a directory, read). ${help("list")}`,
  ],
  [
    "list",
    ["--format", "jsonl"],
    `--format must be one of table, json, ndjson, csv, got 'jsonl'. Did you mean json? ${help("list")}`,
  ],

  [
    "diff",
    [],
    `'diff' needs at least one listing, as in 'pc-customers diff yesterday.ndjson today.ndjson'. ${help("diff")}`,
  ],
  [
    "diff",
    ["a.ndjson", "b.ndjson", "extra"],
    `'diff' compares two listings, OLD and NEW, but got 3 files. ${help("diff")}`,
  ],
  [
    "diff",
    ["--format", "table", "a.ndjson", "b.ndjson"],
    `--format must be one of pretty, json, ndjson, csv, got 'table'. ${help("diff")}`,
  ],
  ["diff", ["--help=1"], isSwitch("diff")],

  [
    "mcp",
    ["--base-url", "ftp://pc.test"],
    `--base-url must be an http or https URL, got 'ftp://pc.test'. ${help("mcp")}`,
  ],
  ["mcp", ["--base-url", "http://pc.example.com"], plainHttp("mcp", "--base-url", "http://pc.example.com")],
  [
    "mcp",
    ["--cloud", "mars"],
    `--cloud must be one of global, china, usgov, germany, got 'mars'. ${help("mcp")}`,
  ],
  ["mcp", ["--token-env", JWT], tokenEnv("mcp")],
  [
    "mcp",
    ["--allow-insecure-http"],
    `--allow-insecure-http only applies with a plain http:// --base-url on another host, and there is no --base-url. Leave it out. ${help("mcp")}`,
  ],
  ["mcp", ["--size", "5"], `unknown option --size for 'mcp'. ${help("mcp")}`],
  ["mcp", ["--help=1"], isSwitch("mcp")],
  ["mcp", ["extra"], noOperands("mcp")],

  ["mock", ["--port", "0"], `--port must be a whole number from 1 to 65535, got '0'. ${help("mock")}`],
  ["mock", ["--port", "http"], `--port must be a whole number from 1 to 65535, got 'http'. ${help("mock")}`],
  [
    "mock",
    ["--host", "http://127.0.0.1"],
    `--host takes an address or host name to listen on, such as 127.0.0.1, ::1 or 0.0.0.0, got 'http://127.0.0.1'. ${help("mock")}`,
  ],
  [
    "mock",
    ["--host", ""],
    `--host takes an address or host name to listen on, such as 127.0.0.1, ::1 or 0.0.0.0, got ''. ${help("mock")}`,
  ],
  ["mock", ["--spec", at("missing.yaml")], missingSpec("mock")],
  [
    "mock",
    ["--customers", "many"],
    `--customers must be a whole number from 0 to 100000, got 'many'. ${help("mock")}`,
  ],
  [
    "mock",
    ["--seed", "1.5"],
    `--seed must be a whole number from 0 to 4294967295, got '1.5'. ${help("mock")}`,
  ],
  [
    "mock",
    ["--faults", "429@3;503@5"],
    `--faults: fault '429@3;503@5': after @ comes the request number, a whole number from 1 to 1000000, as in 429@3. ${help("mock")}`,
  ],
  [
    "mock",
    ["--latency", "1h"],
    `--latency: '1h' is not a duration from 0 to 120000 ms; write it as 1500ms or 1.5s. ${help("mock")}`,
  ],
  [
    "mock",
    ["--cors", "app.example"],
    `--cors takes page origins such as http://localhost:5173 or https://app.example (scheme, host and port, no path), or *; got "app.example". ${help("mock")}`,
  ],
  [
    "mock",
    ["--stateless", "--cors", "*"],
    `--stateless serves the spec's examples, so --cors does not apply to it. Leave out one or the other. ${help("mock")}`,
  ],
  [
    "mock",
    ["--stateless=yes"],
    `option --stateless of 'mock' is a switch and takes no value. ${help("mock")}`,
  ],
  ["mock", ["--help=1"], isSwitch("mock")],
  ["mock", ["extra"], noOperands("mock")],

  ["record", [], `record needs --out DIR, the directory to write the recordings to. ${help("record")}`],
  [
    "record",
    ["--out", ""],
    `record needs --out DIR, the directory to write the recordings to. ${help("record")}`,
  ],
  [
    "record",
    ["--out", join(at("a-file"), "sub"), "--base-url", "http://127.0.0.1:9"],
    `cannot create --out ${join(at("a-file"), "sub")} (ENOTDIR: a file is in the way): name a directory you can write to. ${help("record")}`,
  ],
  ...listRows("record"),
];

describe("pc-customers: every flag with a wrong value is a usage error that says what to do (exit 2)", () => {
  it.each(ROWS)("%s %j", async (command, args, message) => {
    const run = await runCli([command, ...args]);
    expect(run.stderr).toBe(`pc-customers: ${message}\n`);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain(JWT);
  });

  it("leaves nothing behind: record made no directory for any of them", () => {
    expect(existsSync(at("record-out"))).toBe(false);
  });
});

describe("the table covers every flag of every command", () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))("%s", (name, command) => {
    const used = (flag: string) =>
      ROWS.some(
        ([c, args]) => c === name && args.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`)),
      );
    const missing = [...Object.keys(command.options), "help"].filter((flag) => !used(flag));
    expect(missing).toEqual([]);
    // And the operands: one too many, or none where some are needed.
    const operands = ROWS.filter(([c, args]) => c === name && (args.includes("extra") || args.length === 0));
    expect(operands.length).toBeGreaterThan(0);
  });
});

describe("--allow-insecure-http lets a plain http base URL on another host through, and only then", () => {
  it("is in the --help of list, record and conformance, named for the risk", () => {
    for (const name of ["list", "record", "conformance"]) {
      const command = COMMANDS.find((c) => c.name === name);
      expect(formatHelp(command as Command)).toMatch(/--allow-insecure-http +.*unencrypted/);
    }
  });

  // 0.0.0.0 is not a loopback name, so it counts as another host; connecting to it reaches this machine.
  const TOKEN = "opaque-token-for-insecure-http-tests";

  it("list and record send the token to http://0.0.0.0 with the flag", async () => {
    const server = await startCustomerServer({ customers: 3, expectedToken: TOKEN });
    try {
      const baseUrl = server.url.replace("127.0.0.1", "0.0.0.0");
      const env = { PARTNER_CENTER_TOKEN: TOKEN };
      const refused = await runCli(["list", "--base-url", baseUrl], env);
      expect(refused.code).toBe(2);
      expect(server.requests).toHaveLength(0);
      const list = await runCli(
        ["list", "--base-url", baseUrl, "--allow-insecure-http", "--format", "ndjson"],
        env,
      );
      expect(list.stderr).toBe("");
      expect(list.code).toBe(0);
      expect(list.stdout.trim().split("\n")).toHaveLength(3);
      const out = at("insecure-record");
      const record = await runCli(
        ["record", "--out", out, "--base-url", baseUrl, "--allow-insecure-http"],
        env,
      );
      expect(record.code).toBe(0);
      expect(server.requests.map((r) => r.headers.authorization)).toEqual([
        `Bearer ${TOKEN}`,
        `Bearer ${TOKEN}`,
      ]);
      for (const run of [refused, list, record]) expect(run.stdout + run.stderr).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });
});
