// Output for commands: stdout with back-pressure (a long listing piped into a slow reader never
// piles up in memory), stderr for progress and messages, and a scrubber that keeps every secret
// the command was given (the access token) out of both.
import { once } from "node:events";

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** The streams and environment a command runs with. */
export interface Io {
  /** Writes to stdout; resolves when the stream can take more. */
  out(text: string): Promise<void>;
  /** Writes to stderr (progress, warnings, errors), with secrets and token-shaped text removed. */
  err(text: string): void;
  /** Registers a secret that must never be printed. */
  addSecret(secret: string): void;
  /** Removes registered secrets and token-shaped text from a message. */
  scrub(text: string): string;
  /** Whether stderr is a terminal (progress lines are only drawn on one). */
  readonly stderrIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** The process's own stdout and stderr. */
export function processIo(): Io {
  const secrets = new Set<string>();
  const scrubSecrets = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join("[REDACTED]");
    return out;
  };
  return {
    async out(text) {
      if (text === "") return;
      if (!process.stdout.write(scrubSecrets(text))) await once(process.stdout, "drain");
    },
    err(text) {
      process.stderr.write(scrubSecrets(text).replace(JWT, "[REDACTED]"));
    },
    addSecret(secret) {
      // Very short values would blank out ordinary text; a real token is never that short.
      if (secret.length >= 4) secrets.add(secret);
    },
    scrub(text) {
      return scrubSecrets(text).replace(JWT, "[REDACTED]");
    },
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}
