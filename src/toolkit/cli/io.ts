// Output for commands: stdout with back-pressure (a long listing piped into a slow reader never
// piles up in memory), stderr for progress and messages, and a scrubber that keeps every secret
// the command was given (the access token) and anything JWT-shaped out of both.
import { once } from "node:events";

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** The streams and environment a command runs with. */
export interface Io {
  /** Writes to stdout, with secrets and token-shaped text removed; resolves when the stream can take more. */
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

/** Where an `Io` writes: the raw streams, before any scrubbing. */
export interface IoSink {
  out(text: string): void | Promise<void>;
  err(text: string): void;
  readonly stderrIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * An `Io` over `sink` that scrubs everything it writes: the registered secrets, as they are and as
 * JSON writes them inside a string, and any JWT-shaped text.
 */
export function createIo(sink: IoSink): Io {
  // Longest first, so that a secret never breaks up a longer spelling of itself.
  let secrets: string[] = [];
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
    return out.includes("eyJ") ? out.replace(JWT, "[REDACTED]") : out;
  };
  return {
    async out(text) {
      if (text === "") return;
      await sink.out(scrub(text));
    },
    err(text) {
      sink.err(scrub(text));
    },
    addSecret(secret) {
      // Very short values would blank out ordinary text; a real token is never that short.
      if (secret.length < 4) return;
      // As JSON output (--reporter json, a violation's "got") writes it too, " and \ escaped, and
      // as the JUnit reporter writes either in XML.
      const json = JSON.stringify(secret).slice(1, -1);
      const spellings = [secret, json, xmlEscaped(secret), xmlEscaped(json)];
      secrets = [...new Set([...secrets, ...spellings])].sort((a, b) => b.length - a.length);
    },
    scrub,
    stderrIsTTY: sink.stderrIsTTY,
    env: sink.env,
  };
}

function xmlEscaped(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The process's own stdout and stderr. */
export function processIo(): Io {
  return createIo({
    async out(text) {
      if (!process.stdout.write(text)) await once(process.stdout, "drain");
    },
    err(text) {
      process.stderr.write(text);
    },
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  });
}
