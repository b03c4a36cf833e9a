// Output for commands: stdout with back-pressure (a long listing piped into a slow reader never
// piles up in memory), stderr for progress and messages, and, as a last safety net, the redaction
// core's scrubber over both (the registered secrets in every spelling, and credential shapes).
// Reports are scrubbed as data (`redact`) before they are rendered; the text scrub only catches
// what a message may still hold. This module keeps no pattern of its own.
import { redactValue, scrubber } from "partner-center-customers/redact";
import { cleanTexts } from "../conformance/clean-texts.js";

/** The streams and environment a command runs with. */
export interface Io {
  /**
   * Writes to stdout, with secrets and credential-shaped text removed; resolves when the stream
   * can take more. Once the reader has gone (`| head`), writes are dropped and resolve at once.
   */
  out(text: string): Promise<void>;
  /** Writes to stderr (progress, warnings, errors), with secrets and credential-shaped text removed. */
  err(text: string): void;
  /** Registers a secret that must never be printed. */
  addSecret(secret: string): void;
  /** Removes registered secrets and credential-shaped text from a message. */
  scrub(text: string): string;
  /**
   * `value` (a report: JSON-like data) with the registered secrets, credential shapes and the
   * values of secret keys removed, before a renderer turns it into pretty text, JSON or XML.
   */
  redact<T>(value: T): T;
  /** Whether stdout's reader has gone: what is still written is dropped, so long work can stop. */
  readonly outputClosed: boolean;
  /** Whether stderr is a terminal (progress lines are only drawn on one). */
  readonly stderrIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** Where an `Io` writes: the raw streams, before any scrubbing. */
export interface IoSink {
  out(text: string): void | Promise<void>;
  err(text: string): void;
  /** Whether stdout's reader has gone (default: never). */
  outputClosed?(): boolean;
  readonly stderrIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** An `Io` over `sink` that scrubs everything it writes with the redaction core. */
export function createIo(sink: IoSink): Io {
  const secrets: string[] = [];
  let scrub = scrubber();
  let scrubData = rememberClean(scrub);
  return {
    async out(text) {
      if (text === "" || sink.outputClosed?.()) return;
      await sink.out(scrub(text));
    },
    err(text) {
      sink.err(scrub(text));
    },
    addSecret(secret) {
      // Very short values would blank out ordinary text; a real token is never that short.
      if (secret.length < 4 || secrets.includes(secret)) return;
      secrets.push(secret);
      scrub = scrubber({ secrets });
      scrubData = rememberClean(scrub);
    },
    scrub: (text) => scrub(text),
    redact: (value) => redactValue(value, scrubData),
    get outputClosed() {
      return sink.outputClosed?.() ?? false;
    },
    stderrIsTTY: sink.stderrIsTTY,
    env: sink.env,
  };
}

// Most strings of a report are the same in every file's result (its keys, `exchange`, a
// provenance's source): each of those is scrubbed once, not once per file. A new secret makes a
// new scrub, and a new memo with it.
function rememberClean(scrub: (text: string) => string): (text: string) => string {
  const clean = cleanTexts(256, 4096);
  return (text) => {
    if (clean.has(text)) return text;
    const out = scrub(text);
    if (out === text) clean.add(text);
    return out;
  };
}

/** The process's `Io`, and what became of its streams. */
export interface ProcessIo extends Io {
  /**
   * An output stream that failed for another reason than its reader leaving (a full disk, a
   * broken terminal): what the command wrote is lost, so its exit code must not say success.
   */
  readonly lostOutput: NodeJS.ErrnoException | undefined;
  /** Resolves once everything written to stdout and stderr has been handed to the system. */
  flush(): Promise<void>;
}

/**
 * The process's own stdout and stderr. A stream whose reader has gone (EPIPE: `| head -1`) or that
 * failed is never written again, and its failure never ends the process: the command runs on to
 * its real verdict, which decides the exit code.
 */
export function processIo(): ProcessIo {
  const streams = { stdout: process.stdout, stderr: process.stderr };
  const closed = new Set<NodeJS.WriteStream>();
  let lost: NodeJS.ErrnoException | undefined;
  for (const stream of Object.values(streams)) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      closed.add(stream);
      if (error.code !== "EPIPE") lost ??= error;
    });
  }
  const io = createIo({
    async out(text) {
      const stream = streams.stdout;
      if (closed.has(stream) || stream.write(text)) return;
      // Drained, or gone: either way the next write knows.
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off("drain", done).off("error", done).off("close", done);
          resolve();
        };
        stream.on("drain", done).on("error", done).on("close", done);
      });
    },
    err(text) {
      if (!closed.has(streams.stderr)) streams.stderr.write(text);
    },
    outputClosed: () => closed.has(streams.stdout),
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  });
  const flush = () =>
    Promise.all(
      Object.values(streams).map(
        (stream) =>
          new Promise<void>((resolve) => {
            if (closed.has(stream) || stream.writableLength === 0) return resolve();
            stream.once("error", () => resolve());
            stream.write("", () => resolve());
          }),
      ),
    ).then(() => undefined);
  // Getters stay getters (Object.assign would copy today's value).
  return Object.defineProperties(io, {
    lostOutput: { get: () => lost, enumerable: true },
    flush: { value: flush, enumerable: true },
  }) as ProcessIo;
}
