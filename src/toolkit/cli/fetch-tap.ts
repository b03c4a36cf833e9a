// The one place in the CLI that sees a response body on its way to the client: the recorder and
// the conformance walk both need the text of every exchange. The tap reads nothing itself: it
// passes the body through to the client, whose bounded reader (`maxResponseBytes`, counted after
// decoding) decides how much is read, and keeps a copy of exactly what went through.
import type { FetchLike } from "partner-center-customers";

/** One exchange as the tap saw it: the request sent, the response received and its whole body. */
export interface TappedExchange {
  readonly request: Request;
  readonly response: Response;
  /** The response body as text ("" when there was none). */
  readonly text: string;
}

// Statuses a Response cannot be built with a body for.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps `inner` so that every exchange is handed to `listener` once the caller has read its body
 * to the end. The caller gets a `Response` with the same status, status text and headers whose
 * body streams the inner one chunk by chunk as the caller reads it; the tap keeps only the chunks
 * that went through, so it holds no more than the caller chose to read. A caller that stops
 * reading (the client at its `maxResponseBytes` limit) cancels the inner body: nothing more is
 * downloaded, and `listener` is not called. An empty body is `null`, as a 204 requires, and is
 * handed to `listener` at once.
 *
 * `listener` runs before the caller sees the end of the body, so whatever it does with the
 * exchange (a file written) is done before the caller moves on; when it throws, the caller's read
 * fails with its error. A caller that must not take that for a network failure (and retry it)
 * aborts its own signal first.
 */
export function tapFetch(
  inner: FetchLike,
  listener: (exchange: TappedExchange) => void | Promise<void>,
): FetchLike {
  return async (request) => {
    const response = await inner(request);
    const init = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (response.body === null || NULL_BODY_STATUSES.has(response.status)) {
      await response.body?.cancel().catch(() => {});
      await listener({ request, response, text: "" });
      return new Response(null, init);
    }
    // fetch has already decoded the bytes (gzip, br): the text is what the caller reads.
    const decoder = new TextDecoder();
    let text = "";
    const copy = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        text += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
      },
      async flush() {
        text += decoder.decode();
        await listener({ request, response, text });
      },
    });
    return new Response(response.body.pipeThrough(copy), init);
  };
}
