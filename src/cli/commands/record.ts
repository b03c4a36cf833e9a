import type { ParsedArgs } from "../args.js";
import type { Io } from "../io.js";

export async function run(_args: ParsedArgs, io: Io): Promise<number> {
  io.err("pc-customers record: not available yet (the typed client is being written).\n");
  return 1;
}
