/**
 * Reading a response body within `maxResponseBytes`: how much of a body can be trusted before it
 * is read (`bodyReadPlan`, a pure decision) and the read itself (`readBody`).
 */

/**
 * How a body is read: turned down unread (`too-large`), read whole with `text()` because its
 * length is known to bound it (`whole`), or read in chunks that are counted as they arrive
 * (`chunks`).
 */
export type BodyReadPlan = "too-large" | "whole" | "chunks";

/** What `bodyReadPlan` decides from: the response's framing headers and the client's limit. */
export interface BodyFacts {
  /** The `Content-Length` header, `null` when absent. */
  readonly contentLength: string | null;
  /** Whether the response has a `Content-Encoding` (then the length counts compressed bytes). */
  readonly encoded: boolean;
  /** `maxResponseBytes`: decoded bytes, `Infinity` for no limit. */
  readonly limit: number;
  /**
   * Whether `Content-Length` bounds the body: true for the global fetch, whose HTTP/1.1 framing
   * ends an unencoded body there; never for a custom fetch, whose Response can say anything.
   */
  readonly trustLength: boolean;
}

/**
 * Decides how to read a body. An unencoded body that declares a length over the limit is turned
 * down before a byte arrives, whoever made the Response (it says it is too large; reading it to
 * find out would download up to the limit for nothing), and `text()` is used only where nothing
 * can exceed the limit; everything else is counted chunk by chunk.
 */
export function bodyReadPlan({ contentLength, encoded, limit, trustLength }: BodyFacts): BodyReadPlan {
  if (limit === Number.POSITIVE_INFINITY) return "whole";
  if (encoded) return "chunks";
  const declared = contentLength === null ? Number.NaN : Number(contentLength);
  if (declared > limit) return "too-large";
  return trustLength && declared <= limit ? "whole" : "chunks";
}

/**
 * The body as text, or `undefined` once it exceeds `limit` decoded bytes (the read stops there and
 * the stream is cancelled). fetch hands out decoded (gunzipped) bytes, so a small compressed body
 * that inflates to gigabytes is stopped at the limit too: memory stays bounded by it.
 */
export function readBody(
  response: Response,
  limit: number,
  trustLength: boolean,
): Promise<string | undefined> {
  const plan = bodyReadPlan({
    contentLength: response.headers.get("content-length"),
    encoded: response.headers.has("content-encoding"),
    limit,
    trustLength,
  });
  return READERS[plan](response, limit);
}

type Reader = (response: Response, limit: number) => Promise<string | undefined>;

const READERS: Record<BodyReadPlan, Reader> = {
  whole: (response) => response.text(),
  "too-large": async (response) => {
    await response.body?.cancel().catch(ignore);
    return undefined;
  },
  chunks: readChunks,
};

async function readChunks(response: Response, limit: number): Promise<string | undefined> {
  const body = response.body;
  if (body === null) return "";
  const reader = body.getReader();
  // UTF-8 and a leading BOM dropped, as text() does.
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return text + decoder.decode();
    received += chunk.value.byteLength;
    if (received > limit) {
      await reader.cancel().catch(ignore);
      return undefined;
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
}

const ignore = (): void => {};
