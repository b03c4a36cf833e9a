// The one place in the CLI that reads a response body on its way to the client: the recorder and
// the conformance walk both need the text of every exchange, and a body can be read only once.
import type { FetchLike } from "partner-center-customers";

/** One exchange as the tap saw it: the request sent, the response received and its whole body. */
export interface TappedExchange {
  readonly request: Request;
  readonly response: Response;
  /** The response body as text ("" when there was none). */
  readonly text: string;
}

/**
 * Wraps `inner` so that every exchange is handed to `listener` once its body has been read, inside
 * the attempt (a failed read is that attempt's failure, which the client may retry). The caller
 * gets a `Response` rebuilt from the text, with the same status, status text and headers; an empty
 * body becomes `null`, as a 204 requires. When `listener` throws, the attempt fails with its error.
 */
export function tapFetch(
  inner: FetchLike,
  listener: (exchange: TappedExchange) => void | Promise<void>,
): FetchLike {
  return async (request) => {
    const response = await inner(request);
    const text = await response.text();
    await listener({ request, response, text });
    return new Response(text === "" ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
