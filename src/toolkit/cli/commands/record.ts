// `pc-customers record --out DIR`: lists customers like `list` and writes every exchange as a
// recording (one file per page), through a recording fetch handed to the client.
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { findSecrets } from "../../conformance/secrets.js";
import { helpHint, type ParsedArgs, stringOption, UsageError } from "../args.js";
import type { Io } from "../io.js";
import { recordingFetch, recordingText } from "../recorder.js";
import { describeClientError, listOptions, openSession } from "../session.js";

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const out = stringOption(args, "out");
  if (out === undefined || out.trim() === "") {
    throw new UsageError(
      `record needs --out DIR, the directory to write the recordings to. ${helpHint("record")}`,
    );
  }
  const options = listOptions(args, "record");
  const token = io.env[options.tokenEnv];
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

  const written: string[] = [];
  let pageNumber = 1;
  let attempt = 1;
  let baseUrl = "";
  const session = await openSession(options, io, "record", {
    // Without a token and a --base-url: a walk of the embedded stateful mock.
    allowMock: true,
    fetch: (inner) =>
      recordingFetch(inner, {
        secrets: () => (token ? [token] : []),
        onExchange: async (recorded) => {
          const status = recorded.exchange.response.status;
          const ok = status >= 200 && status < 300;
          // A page is one file; an attempt that failed (a 429 that was retried) is kept beside it.
          const name = ok
            ? `page-${pad(pageNumber)}.json`
            : `page-${pad(pageNumber)}.attempt-${attempt}.${status}.json`;
          const text = recordingText(recorded, baseUrl, new Date());
          const leaks = findSecrets(text);
          if (leaks.length > 0)
            throw new Error(`refusing to write ${name}: it still holds ${leaks[0]?.hint}`);
          const file = join(out, name);
          await writeFile(file, text);
          written.push(file);
          if (ok) {
            pageNumber++;
            attempt = 1;
          } else {
            attempt++;
          }
        },
      }),
  });
  baseUrl = session.baseUrl;
  let customers = 0;
  let pages = 0;
  try {
    walk: for await (const page of session.client.customers.list(options.params).byPage()) {
      pages++;
      for (const _ of page.items) {
        customers++;
        if (options.max !== undefined && customers >= options.max) break walk;
      }
    }
  } catch (error) {
    for (const file of written) await io.out(`${file}\n`);
    io.err(
      `pc-customers record: stopped after ${pages} pages: ${io.scrub(
        describeClientError(error, options.tokenEnv, session.source),
      )}\n${written.length} exchanges were recorded in ${out}.\n`,
    );
    return 1;
  } finally {
    await session.stop();
  }
  for (const file of written) await io.out(`${file}\n`);
  const shown = relative(process.cwd(), out) || out;
  io.err(
    `Recorded ${written.length} exchange${written.length === 1 ? "" : "s"} (${pages} page${pages === 1 ? "" : "s"}, ${customers} customers) from ${session.source} in ${shown}. ` +
      `Authorization and cookies were removed. Check them with 'pc-customers check ${shown}'.\n`,
  );
  return 0;
}

function pad(n: number): string {
  return String(n).padStart(3, "0");
}
