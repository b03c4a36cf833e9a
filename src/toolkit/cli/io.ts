// Output for commands: stdout with back-pressure (a long listing piped into a slow reader never
// piles up in memory), stderr for progress and messages. The one redaction is the access token
// itself, removed (in every spelling) from everything written: data is never rewritten otherwise.
import { redactToken } from "partner-center-customers/redact";

/** The streams and environment a command runs with. */
export interface Io {
  /**
   * Writes to stdout, without the access token; resolves when the stream can take more. Once the
   * reader has gone (`| head`), writes are dropped and resolve at once.
   */
  out(text: string): Promise<void>;
  /** Writes to stderr (progress, warnings, errors), without the access token. */
  err(text: string): void;
  /** Registers the access token: it is never printed. */
  addSecret(secret: string): void;
  /** `text` without the registered token. */
  scrub(text: string): string;
  /** `value` (a report: JSON-like data) with the registered token removed from every string and key. */
  redact<T>(value: T): T;
  /** Whether stdout's reader has gone: what is still written is dropped, so long work can stop. */
  readonly outputClosed: boolean;
  /** Whether stderr is a terminal (progress lines are only drawn on one). */
  readonly stderrIsTTY: boolean;
  /** Whether stdout is a terminal (CSV shows control characters escaped on one). */
  readonly stdoutIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** Where an `Io` writes: the raw streams. */
export interface IoSink {
  out(text: string): void | Promise<void>;
  err(text: string): void;
  /** Whether stdout's reader has gone (default: never). */
  outputClosed?(): boolean;
  readonly stderrIsTTY: boolean;
  /** Whether stdout is a terminal (default: not). */
  readonly stdoutIsTTY?: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** An `Io` over `sink` that removes the registered token from everything it writes. */
export function createIo(sink: IoSink): Io {
  const tokens: string[] = [];
  const scrub = (text: string): string => tokens.reduce((out, token) => redactToken(out, token), text);
  return {
    async out(text) {
      if (text === "" || sink.outputClosed?.()) return;
      await sink.out(scrub(text));
    },
    err(text) {
      sink.err(scrub(text));
    },
    addSecret(secret) {
      if (secret !== "" && !tokens.includes(secret)) tokens.push(secret);
    },
    scrub,
    redact: (value) => (tokens.length === 0 ? value : (withoutToken(value, scrub, 0) as typeof value)),
    get outputClosed() {
      return sink.outputClosed?.() ?? false;
    },
    stderrIsTTY: sink.stderrIsTTY,
    stdoutIsTTY: sink.stdoutIsTTY ?? false,
    env: sink.env,
  };
}

// Reports are plain data (strings, numbers, arrays, objects), nested a few levels deep.
function withoutToken(value: unknown, scrub: (text: string) => string, depth: number): unknown {
  if (typeof value === "string") return scrub(value);
  if (typeof value !== "object" || value === null || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => withoutToken(item, scrub, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value))
    Object.defineProperty(out, scrub(key), {
      value: withoutToken(child, scrub, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
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
    stdoutIsTTY: process.stdout.isTTY === true,
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
