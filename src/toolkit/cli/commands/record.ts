// `pc-customers record --out DIR`: lists customers like `list` and writes every exchange as a
// recording (one file per page), through a recording fetch handed to the client. Each file is
// written whole or not at all (a temporary file in the same directory, then a rename), and Ctrl-C
// or SIGTERM stops the walk, says which files were written and exits 130 or 143.
import { mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { redactToken } from "partner-center-customers/redact";
import { embeddedSanitiser } from "../../conformance/normalise.js";
import { plural } from "../../conformance/report.js";
import { helpHint, type ParsedArgs, stringOption, UsageError } from "../args.js";
import { writeFileAtomic } from "../atomic-write.js";
import { listenForInterrupt } from "../interrupt.js";
import type { Io } from "../io.js";
import { describePreparedOut, prepareOutDir } from "../record-out.js";
import { recordingFetch, recordingText } from "../recorder.js";
import { describeClientError, type ListOptions, listOptions, openSession } from "../session.js";

/** Runs `record`: 0 when the walk completed, 1 when it failed, 130/143 when interrupted. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const out = stringOption(args, "out");
  if (out === undefined || out.trim() === "") {
    throw new UsageError(
      `record needs --out DIR, the directory to write the recordings to. ${helpHint("record")}`,
    );
  }
  const options = listOptions(args, "record");
  const token = io.env[options.tokenEnv];
  const prepared = prepareOutDir(out, args.values.force === true);
  if (prepared.removed.length > 0 || prepared.kept.length > 0) io.err(describePreparedOut(out, prepared));
  try {
    await mkdir(out, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EEXIST" || code === "ENOTDIR"
        ? `${code}: a file is in the way`
        : (code ?? (error as Error).message);
    throw new UsageError(
      `cannot create --out ${out} (${why}): name a directory you can write to. ${helpHint("record")}`,
    );
  }

  // Listened for before the first request, so that an interruption at any point is orderly.
  const interruption = listenForInterrupt();
  try {
    return await recordAll(out, options, token, io, interruption.signal, interruption.received);
  } finally {
    interruption.dispose();
  }
}

async function recordAll(
  out: string,
  options: ListOptions,
  token: string | undefined,
  io: Io,
  stop: AbortSignal,
  interrupted: () => NodeJS.Signals | undefined,
): Promise<number> {
  // A recording that cannot be kept (a file that cannot be written) ends the walk with that error
  // through the walk's signal, so that the client does not take it for a network failure and retry.
  // (One controller that `stop` also aborts: AbortSignal.any is missing from early Node 20.)
  const failed = new AbortController();
  stop.addEventListener("abort", () => failed.abort(stop.reason), { once: true });
  const walkSignal = failed.signal;
  const written: string[] = [];
  const writing = new Set<Promise<void>>();
  let pageNumber = 1;
  let attempt = 1;
  let baseUrl = "";
  const session = await openSession(options, io, "record", {
    // Without a token and a --base-url: a walk of the embedded stateful mock.
    fetch: (inner) =>
      recordingFetch(inner, {
        sanitiser: embeddedSanitiser(),
        token: () => token,
        onExchange: endsWalkOnFailure(failed, stop, async (recorded) => {
          const status = recorded.exchange.response.status;
          const ok = status >= 200 && status < 300;
          // A page is one file; an attempt that failed (a 429 that was retried) is kept beside it.
          const name = ok
            ? `page-${pad(pageNumber)}.json`
            : `page-${pad(pageNumber)}.attempt-${attempt}.${status}.json`;
          const text = recordingText(recorded, baseUrl, new Date());
          // The allow-list already removed it; a file that still held it is never written.
          if (token && redactToken(text, token) !== text)
            throw new Error(`refusing to write ${name}: it still holds the access token`);
          // Nothing new is started once interrupted: the files so far are the recording.
          if (stop.aborted) throw stop.reason;
          const file = join(out, name);
          const write = writeFileAtomic(file, text);
          writing.add(write);
          try {
            await write;
          } finally {
            writing.delete(write);
          }
          written.push(file);
          if (ok) {
            pageNumber++;
            attempt = 1;
          } else {
            attempt++;
          }
        }),
      }),
  });
  baseUrl = session.baseUrl;
  let customers = 0;
  let pages = 0;
  let failure: { error: unknown } | undefined;
  try {
    walk: for await (const page of session.client.customers
      .list({ ...options.params, signal: walkSignal })
      .byPage()) {
      pages++;
      for (const _ of page.items) {
        customers++;
        if (options.max !== undefined && customers >= options.max) break walk;
      }
    }
  } catch (error) {
    failure = { error };
  } finally {
    // A write under way when the walk stopped is finished (or removed) before anything is said.
    await Promise.allSettled(writing);
    await session.stop();
  }
  // Interrupted, even if the walk happened to end meanwhile: the exit code says so.
  const signal = interrupted();
  if (signal !== undefined) {
    io.err(
      `pc-customers record: interrupted by ${signal} after ${plural(pages, "page")}. ` +
        (written.length === 0
          ? `No file was written in ${out}.\n`
          : `Wrote ${plural(written.length, "whole file")}:\n${written.map((f) => `  ${f}\n`).join("")}`),
    );
    return signal === "SIGINT" ? 130 : 143;
  }
  for (const file of written) await io.out(`${file}\n`);
  if (failure) {
    io.err(
      `pc-customers record: stopped after ${pages} pages: ${io.scrub(
        describeClientError(failure.error, options.tokenEnv, session.source),
      )}\n${written.length} exchanges were recorded in ${out}.\n`,
    );
    return 1;
  }
  const shown = relative(process.cwd(), out) || out;
  io.err(
    `Recorded ${written.length} exchange${written.length === 1 ? "" : "s"} (${pages} page${pages === 1 ? "" : "s"}, ${customers} customers) from ${session.source} in ${shown}. ` +
      `Only what the spec declares was kept, without the access token (each file's notes say what was replaced). Check them with 'pc-customers check ${shown}'.\n`,
  );
  return 0;
}

/**
 * `onExchange` that, when it fails (a file that cannot be written), first aborts `failed` with its
 * error: the client then ends the walk with that error instead of retrying a network failure.
 */
function endsWalkOnFailure<T>(
  failed: AbortController,
  stop: AbortSignal,
  onExchange: (value: T) => Promise<void>,
): (value: T) => Promise<void> {
  return async (value) => {
    try {
      await onExchange(value);
    } catch (error) {
      if (!stop.aborted) failed.abort(error);
      throw error;
    }
  };
}

function pad(n: number): string {
  return String(n).padStart(3, "0");
}
