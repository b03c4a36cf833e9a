// A recording `fetch` for the client: every exchange it sees becomes a recording in the exchange
// format `check` reads, in the normal form of test/recordings/README.md, with every credential
// removed. Continuation tokens (MS-ContinuationToken, links.next) are kept: they are not secrets.

import type { FetchLike } from "partner-center-customers";
import {
  describeShape,
  findSecretShapes,
  isSecretHeader,
  REDACTED,
  redactedHeaderValue,
  redactor,
  redactShapes,
  redactValue,
} from "partner-center-customers/redact";
import { ID_HEADERS, LENGTH_HEADER, TRANSPORT_HEADERS } from "../conformance/normal-form.js";
import type { Exchange, Provenance } from "../conformance/recording.js";
import { tapFetch } from "./fetch-tap.js";

/** One recorded exchange and what was removed from it. */
export interface Recorded {
  exchange: Exchange;
  removed: Set<string>;
}

/**
 * Wraps `inner` so that every request and response through it is handed to `onExchange` as a
 * secret-free exchange. `secrets` are values to remove wherever they appear, in every spelling the
 * redaction core knows (the access token); credential shapes, secret keys and credential headers
 * go too.
 */
export function recordingFetch(
  inner: FetchLike,
  options: { secrets: () => string[]; onExchange: (recorded: Recorded) => Promise<void> },
): FetchLike {
  return tapFetch(inner, async ({ request, response, text }) => {
    const removed = new Set<string>();
    // Very short values would blank out ordinary text; a real token is never that short.
    const known = redactor(...options.secrets().filter((secret) => secret.length >= 4));
    const clean = (value: string): string => {
      const withoutToken = known(value);
      if (withoutToken !== value) removed.add("the access token where the server echoed it");
      const shapes = findSecretShapes(withoutToken);
      for (const shape of shapes) removed.add(describeShape(shape.kind));
      return shapes.length === 0 ? withoutToken : redactShapes(withoutToken);
    };
    const exchange: Exchange = {
      request: {
        method: request.method.toUpperCase(),
        url: clean(request.url),
        headers: normalHeaders([...request.headers], clean, removed),
      },
      response: {
        status: response.status,
        headers: normalHeaders([...response.headers], clean, removed),
        ...bodyOf(text, clean, removed),
      },
    };
    await options.onExchange({ exchange, removed });
  });
}

/** Lower-case, sorted header names; credentials replaced; transport headers dropped. */
function normalHeaders(
  entries: Array<[string, string]>,
  clean: (value: string) => string,
  removed: Set<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // A header name is the server's to choose: one may carry the token too.
    const name = clean(rawName.toLowerCase());
    const value = rawValue.trim();
    if (TRANSPORT_HEADERS.has(name) || name === LENGTH_HEADER) continue;
    if (isSecretHeader(name)) {
      out[name] = redactedHeaderValue(name, value);
      removed.add(name.endsWith("authorization") ? `the ${name} header's credentials` : `the ${name} header`);
    } else {
      out[name] = ID_HEADERS.has(name) ? clean(value).toLowerCase() : clean(value);
    }
  }
  return out;
}

/**
 * The body as the recording keeps it: parsed JSON scrubbed as data (every string and key, and the
 * values of secret keys, whatever escapes the text used), or the text scrubbed as text.
 */
function bodyOf(
  text: string,
  clean: (value: string) => string,
  removed: Set<string>,
): { body: unknown } | { bodyText: string } | Record<string, never> {
  if (text === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { bodyText: clean(text) };
  }
  return { body: redactValue(body, clean, (key) => removed.add(`the value of the ${key} key`)) };
}

/** The recording file's text: provenance first, 2-space JSON, one final newline. */
export function recordingText(recorded: Recorded, baseUrl: string, capturedAt: Date): string {
  const date = capturedAt.toISOString().slice(0, 10);
  const notes = [
    `Recorded by pc-customers record from ${baseUrl} at ${capturedAt.toISOString()}.`,
    recorded.removed.size > 0
      ? `Removed: ${[...recorded.removed].sort().join("; ")} (replaced by ${REDACTED}).`
      : "No credentials were found to remove.",
    "Transport headers (connection, keep-alive, content-length, …) were dropped. Continuation tokens were kept: they are not credentials.",
  ];
  const provenance: Provenance = {
    source: `${baseUrl} (pc-customers record, ${date})`,
    capturedAt: date,
    notes,
  };
  const { request, response } = recorded.exchange;
  return `${JSON.stringify({ provenance, request, response }, null, 2)}\n`;
}
