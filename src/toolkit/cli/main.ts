// The pc-customers command line: dispatch, --help, usage errors (exit 2) and the exit code.
// Run from source with `npx tsx src/toolkit/cli/main.ts <command>`, or through bin/pc-customers.js.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { closest, formatHelp, helpHint, PROGRAM, parseCommandArgs, UsageError } from "./args.js";
import { COMMANDS, findCommand } from "./commands.js";
import { type Io, processIo } from "./io.js";
import { toolkitVersion } from "./toolkit-version.js";

/** Runs the command line `args` (without node and the script) and resolves to the exit code. */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const [first, ...rest] = args;
  // Whatever the command, the default token variable is never printed (pasted as an argument, in a
  // recording, echoed by a server); commands register the one --token-env names.
  const token = io.env.PARTNER_CENTER_TOKEN;
  if (token) io.addSecret(token);
  try {
    if (first === undefined) {
      io.err(
        `${overview()}\n${PROGRAM}: no command given. Run '${PROGRAM} conformance' or pick one above.\n`,
      );
      return 2;
    }
    if (first === "--help" || first === "-h" || first === "help") {
      const topic = first === "help" ? rest[0] : undefined;
      const command = topic === undefined ? undefined : findCommand(topic);
      if (topic !== undefined && !command) throw unknownCommand(topic);
      await io.out(command ? formatHelp(command) : overview());
      return 0;
    }
    if (first === "--version" || first === "-v") {
      await io.out(`${version()}\n`);
      return 0;
    }
    const command = findCommand(first);
    if (!command) throw unknownCommand(first);
    const parsed = parseCommandArgs(command, rest);
    for (const note of parsed.notes ?? []) io.err(`${PROGRAM}: ${note}\n`);
    if (parsed.values.help === true) {
      await io.out(formatHelp(command));
      return 0;
    }
    const module = await command.load();
    return await module.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${PROGRAM}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${PROGRAM}: ${first ?? ""} failed: ${message}\n`);
    if (io.env.PC_CUSTOMERS_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return 1;
  }
}

function unknownCommand(name: string): UsageError {
  if (name.startsWith("-")) {
    return new UsageError(
      `unknown option ${name}: options go after the command, as in '${PROGRAM} check --format json <file>'. ${helpHint()}`,
    );
  }
  const guess = closest(
    name,
    COMMANDS.map((c) => c.name),
  );
  return new UsageError(
    `unknown command '${name}'.${guess ? ` Did you mean '${guess}'?` : ""} Commands: ${COMMANDS.map((c) => c.name).join(", ")}. ${helpHint()}`,
  );
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    "",
    "Conformance checks and a command line for the Microsoft Partner Center GET /v1/customers API.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    `Run '${PROGRAM} <command> --help' for a command's options. '${PROGRAM} --version' prints the version.`,
    "",
  ].join("\n");
}

function version(): string {
  const found = toolkitVersion();
  return found === undefined ? `${PROGRAM} (unknown version)` : `${PROGRAM} ${found}`;
}

/**
 * Runs the command line of this process and exits with its code, once stdout and stderr are
 * flushed. A reader that closes the pipe early (`| head`) only stops the output: the command runs
 * on to its verdict, so `check dir/ | head -1` still exits 1 when a recording fails. Output lost for
 * any other reason (a full disk) turns a success into exit 1.
 */
export async function run(args: string[] = process.argv.slice(2)): Promise<never> {
  const io = processIo();
  const code = await main(args, io);
  await io.flush();
  process.exit(exitCode(code, io.lostOutput));
}

/** The exit code of a command that returned `code`, given what became of its output. */
export function exitCode(code: number, lostOutput: NodeJS.ErrnoException | undefined): number {
  return code === 0 && lostOutput !== undefined ? 1 : code;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await run();
