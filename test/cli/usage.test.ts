import { describe, expect, it } from "vitest";
import { pc } from "./helpers.js";

const COMMANDS = ["conformance", "check", "list", "mock", "record"];

describe("pc-customers --help and usage errors", () => {
  it("--help lists every command and exits 0", async () => {
    const run = await pc(["--help"]);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(run.stderr).toBe("");
  });

  it.each(COMMANDS)("%s --help shows its usage, options and examples, and exits 0", async (command) => {
    // `-h` and `help <command>` are the same help; each command is run one of the three ways.
    const ways = [
      [command, "--help"],
      [command, "-h"],
      ["help", command],
    ];
    for (const args of [ways[COMMANDS.indexOf(command) % ways.length] as string[]]) {
      const run = await pc(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: pc-customers ${command}`));
      expect(run.stdout).toContain("Options:");
      expect(run.stdout).toContain("--help");
      expect(run.stdout).toContain("Examples:");
    }
  });

  it("record --help says a recording keeps what the spec declares and loses the access token", async () => {
    const run = await pc(["record", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("A recording keeps only what the spec declares");
    expect(run.stdout).toContain("with the access token removed wherever the server echoes it");
    expect(run.stdout).not.toMatch(/token-shaped/);
  });

  it("--version prints the package version", async () => {
    const run = await pc(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^pc-customers \d+\.\d+\.\d+\n$/);
  });

  it("no command is a usage error (exit 2) that shows the commands", async () => {
    const run = await pc([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no command given");
    expect(run.stderr).toContain("conformance");
  });

  it("an unknown command is exit 2 with a suggestion", async () => {
    const run = await pc(["chek", "x.json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "pc-customers: unknown command 'chek'. Did you mean 'check'? Commands: conformance, check, list, diff, mock, record, mcp. Run 'pc-customers --help'.\n",
    );
    expect(run.stdout).toBe("");
  });

  it("an unknown option says what was wrong, suggests the right one and where to look (exit 2)", async () => {
    const run = await pc(["list", "--sise", "3"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "pc-customers: unknown option --sise for 'list'. Did you mean --size? Run 'pc-customers list --help'.\n",
    );
    const far = await pc(["check", "--frobnicate", "x.json"]);
    expect(far.code).toBe(2);
    expect(far.stderr).toBe(
      "pc-customers: unknown option --frobnicate for 'check'. Run 'pc-customers check --help'.\n",
    );
  });

  it("an option before the command is exit 2", async () => {
    const run = await pc(["--format", "json", "check"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/options go after the command/);
  });

  it("a missing or malformed option value is exit 2 with an example", async () => {
    const missing = await pc(["list", "--size"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "pc-customers: option --size of 'list' needs a value, as in --size N. Run 'pc-customers list --help'.\n",
    );
    const notNumber = await pc(["list", "--size", "ten"]);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toMatch(/--size must be a whole number from 0 to 2147483647, got 'ten'/);
    const format = await pc(["list", "--format", "jsonl"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(
      /--format must be one of table, json, ndjson, csv, got 'jsonl'\. Did you mean json\?/,
    );
    const both = await pc(["list", "--company", "Con", "--domain", "con"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--company and --domain/);
    const port = await pc(["mock", "--port", "70000"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a whole number from 1 to 65535, got '70000'/);
    const flag = await pc(["conformance", "--help=yes"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--help of 'conformance' is a switch and takes no value/);
  });

  it("commands without operands reject them (exit 2)", async () => {
    const run = await pc(["conformance", "extra"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/'conformance' takes no operands, but got 'extra'/);
  });

  it("record needs --out, and conformance options are checked before any work", async () => {
    const record = await pc(["record"]);
    expect(record.code).toBe(2);
    expect(record.stderr).toMatch(/record needs --out DIR/);
    const skip = await pc(["conformance", "--skip", "lint,spelling"]);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(
      /--skip spelling: there is no such step; the steps are lint, generated, recordings, client/,
    );
    const target = await pc(["conformance", "--target", "not a url"]);
    expect(target.code).toBe(2);
    expect(target.stderr).toMatch(/--target must be an absolute http\(s\) URL/);
    const mockOnly = await pc(["conformance", "--max-pages", "2"]);
    expect(mockOnly.code).toBe(2);
    expect(mockOnly.stderr).toMatch(/--max-pages only applies with --target URL/);
    const token = await pc([
      "conformance",
      "--target",
      "http://127.0.0.1:9",
      "--token-env",
      "PC_TEST_NO_SUCH_VAR",
    ]);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/PC_TEST_NO_SUCH_VAR, which is not set/);
  });
});
