import type { FetchLike } from "../../src/client/index.js";
import { type PrismViolation, violationsOf } from "./prism-verdict.js";

/** One request the client sent, as it went on the wire, and what came back. */
export interface CapturedRequest {
  method: string;
  url: string;
  /** Header names lower case; the test-only headers added by `extra` included. */
  headers: Record<string, string>;
  status: number;
  /** Prism's `sl-violations` on the response (empty when Prism found nothing wrong). */
  violations: PrismViolation[];
}

/**
 * A `fetch` for the client's `fetch` option that records every request (each page, each retry) and
 * the `sl-violations` Prism put on its response. `extra` adds test-only headers to a request (Prism's
 * `Prefer`, the replay server's scenario), given the request and how many were sent before it.
 */
export function capturingFetch(
  extra: (request: Request, sent: number) => Record<string, string> = () => ({}),
): {
  fetch: FetchLike;
  captured: CapturedRequest[];
} {
  const captured: CapturedRequest[] = [];
  const fetchLike: FetchLike = async (request) => {
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(extra(request, captured.length))) headers.set(name, value);
    const sent = new Request(request, { headers });
    const response = await fetch(sent);
    captured.push({
      method: sent.method,
      url: sent.url,
      headers: Object.fromEntries(sent.headers),
      status: response.status,
      violations: violationsOf(response.headers),
    });
    return response;
  };
  return { fetch: fetchLike, captured };
}

/** Runs `walk` and returns what it threw (failing if it did not throw). */
export async function rejectionOf(walk: () => Promise<unknown>): Promise<unknown> {
  try {
    await walk();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
