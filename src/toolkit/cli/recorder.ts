// A recording `fetch` for the client: every exchange it sees becomes a recording in the exchange
// format `check` reads, in the normal form of test/recordings/README.md, with every credential
// removed. Continuation tokens (MS-ContinuationToken, links.next) are kept: they are not secrets.

import type { FetchLike } from "partner-center-customers";
import {
  ID_HEADERS,
  LENGTH_HEADER,
  redactedHeaderValue,
  SECRET_HEADERS,
  TRANSPORT_HEADERS,
} from "../conformance/normal-form.js";
import type { Exchange, Provenance } from "../conformance/recording.js";
import { redactTokens } from "../conformance/secrets.js";

/** One recorded exchange and what was removed from it. */
export interface Recorded {
  exchange: Exchange;
  removed: Set<string>;
}

/**
 * Wraps `inner` so that every request and response through it is handed to `onExchange` as a
 * secret-free exchange. `secrets` are values to remove wherever they appear (the access token).
 */
export function recordingFetch(
  inner: FetchLike,
  options: { secrets: () => string[]; onExchange: (recorded: Recorded) => Promise<void> },
): FetchLike {
  return async (request) => {
    const requestHeaders = [...request.headers];
    const response = await inner(request);
    // The client reads the whole page anyway; read it here once and hand it on.
    const text = await response.text();
    const removed = new Set<string>();
    const clean = (value: string): string => scrub(value, options.secrets(), removed);
    const exchange: Exchange = {
      request: {
        method: request.method.toUpperCase(),
        url: clean(request.url),
        headers: normalHeaders(requestHeaders, clean, removed),
      },
      response: {
        status: response.status,
        headers: normalHeaders([...response.headers], clean, removed),
        ...bodyOf(clean(text), clean),
      },
    };
    await options.onExchange({ exchange, removed });
    return new Response(text === "" ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
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
    if (SECRET_HEADERS.has(name)) {
      out[name] = redactedHeaderValue(name, value);
      removed.add(name.endsWith("authorization") ? `the ${name} header's credentials` : `the ${name} header`);
    } else {
      out[name] = ID_HEADERS.has(name) ? clean(value).toLowerCase() : clean(value);
    }
  }
  return out;
}

/** Removes the given secrets and any JWT-shaped text from `value`. */
function scrub(value: string, secrets: string[], removed: Set<string>): string {
  let out = value;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    // As it is, and as JSON writes it inside a string (a server echoing it in a JSON body).
    const escaped = JSON.stringify(secret).slice(1, -1);
    for (const form of new Set([escaped.replace(/\//g, "\\/"), escaped, secret])) {
      if (!out.includes(form)) continue;
      out = out.split(form).join("[REDACTED]");
      removed.add("the access token where the server echoed it");
    }
  }
  const redacted = redactTokens(out);
  if (redacted !== out) removed.add("JWT-shaped text");
  return redacted;
}

function bodyOf(
  text: string,
  clean: (value: string) => string,
): { body: unknown } | { bodyText: string } | Record<string, never> {
  if (text === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { bodyText: text };
  }
  // The text was cleaned as it came, but JSON can spell the token with escapes (\/, \u0065):
  // every string of the parsed body, keys included, is cleaned again.
  try {
    return { body: cleanJson(body, clean) };
  } catch {
    // Too deeply nested to walk: kept as the text, which was cleaned as it came, unless escapes
    // could hide a secret in it.
    return {
      bodyText: text.includes("\\") ? "[REDACTED: a JSON body too deeply nested to check for secrets]" : text,
    };
  }
}

function cleanJson(value: unknown, clean: (value: string) => string): unknown {
  if (typeof value === "string") return clean(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => cleanJson(item, clean));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // defineProperty: a "__proto__" key stays a plain property, as JSON.parse made it.
    Object.defineProperty(out, clean(key), {
      value: cleanJson(child, clean),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The recording file's text: provenance first, 2-space JSON, one final newline. */
export function recordingText(recorded: Recorded, baseUrl: string, capturedAt: Date): string {
  const date = capturedAt.toISOString().slice(0, 10);
  const notes = [
    `Recorded by pc-customers record from ${baseUrl} at ${capturedAt.toISOString()}.`,
    recorded.removed.size > 0
      ? `Removed: ${[...recorded.removed].sort().join("; ")} (replaced by [REDACTED]).`
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
