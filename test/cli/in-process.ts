// Runs pc-customers in this process: main() with an Io over string buffers (the same scrubbing
// Io the real process uses, see src/toolkit/cli/io.ts). Fast enough for tables of bad input; the spawned
// runs in helpers.ts remain the end-to-end proof.
import { createIo } from "../../src/toolkit/cli/io.js";
import { main } from "../../src/toolkit/cli/main.js";

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pc-customers ...args` with `env` (no colours; no token unless given); `stderrIsTTY` makes
 * stderr a terminal, so that progress lines are drawn; `stdoutIsTTY` makes stdout one.
 */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  { stderrIsTTY = false, stdoutIsTTY = false }: { stderrIsTTY?: boolean; stdoutIsTTY?: boolean } = {},
): Promise<InProcessRun> {
  let stdout = "";
  let stderr = "";
  const io = createIo({
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    stderrIsTTY,
    stdoutIsTTY,
    env: { NO_COLOR: "1", ...env },
  });
  const code = await main(args, io);
  return { code, stdout, stderr };
}
