// A recording `fetch` for the client: every exchange it sees becomes a recording in the exchange
// format `check` reads, in the normal form of test/recordings/README.md, keeping only what the
// spec declares (conformance/sanitise.ts) and never the access token the client sent.

import type { FetchLike } from "partner-center-customers";
import { REDACTED } from "partner-center-customers/redact";
import { normaliseExchange } from "../conformance/normalise.js";
import type { Exchange, Provenance } from "../conformance/recording.js";
import { Replaced, type Sanitiser } from "../conformance/sanitise.js";
import { tapFetch } from "./fetch-tap.js";

/** One recorded exchange and what the spec's allow-list replaced in it. */
export interface Recorded {
  exchange: Exchange;
  replaced: Replaced;
}

/**
 * Wraps `inner` so that every request and response through it is handed to `onExchange` as the
 * exchange a recording keeps: declared values kept, everything else reduced to its name and type,
 * the access token (`token()`) removed wherever it appears.
 */
export function recordingFetch(
  inner: FetchLike,
  options: {
    sanitiser: Sanitiser;
    token: () => string | undefined;
    onExchange: (recorded: Recorded) => Promise<void>;
  },
): FetchLike {
  return tapFetch(inner, async ({ request, response, text }) => {
    const replaced = new Replaced();
    const exchange = normaliseExchange(
      {
        request: { method: request.method, url: request.url, headers: Object.fromEntries(request.headers) },
        response: { status: response.status, headers: Object.fromEntries(response.headers), ...bodyOf(text) },
      },
      { sanitiser: options.sanitiser, token: sentToken(request) ?? options.token(), replaced },
    ) as unknown as Exchange;
    await options.onExchange({ exchange, replaced });
  });
}

// The credential of the request's Authorization header, whatever its scheme.
function sentToken(request: Request): string | undefined {
  return /^\S+\s+(\S.*)$/.exec(request.headers.get("authorization") ?? "")?.[1];
}

function bodyOf(text: string): { body: unknown } | { bodyText: string } | Record<string, never> {
  if (text === "") return {};
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { bodyText: text };
  }
}

/** The recording file's text: provenance first, 2-space JSON, one final newline. */
export function recordingText(recorded: Recorded, baseUrl: string, capturedAt: Date): string {
  const date = capturedAt.toISOString().slice(0, 10);
  const notes = [
    `Recorded by pc-customers record from ${baseUrl} at ${capturedAt.toISOString()}.`,
    "Kept: the values the spec declares (body properties, documented headers and query parameters), without the access token.",
    ...(recorded.replaced.size > 0
      ? recorded.replaced.notes()
      : [`Nothing else was replaced by ${REDACTED} or a placeholder.`]),
    "Transport headers (connection, keep-alive, content-length, …) were dropped. Continuation tokens were kept: the spec declares them.",
  ];
  const provenance: Provenance = {
    source: `${baseUrl} (pc-customers record, ${date})`,
    capturedAt: date,
    notes,
  };
  const { request, response } = recorded.exchange;
  return `${JSON.stringify({ provenance, request, response }, null, 2)}\n`;
}
