/**
 * The request pipeline every call goes through (each page of `list()` and every `raw` call): it
 * adds the Partner Center headers, bounds each attempt with `timeoutMs`, retries what is worth
 * retrying and turns failures into typed errors.
 *
 * It sits at fetch level, below openapi-fetch, because its concerns are per attempt: the token and
 * the `MS-RequestId` can change between attempts, and openapi-fetch middleware runs once per call.
 * The hot path is lean on purpose (a benchmark holds it to 1.05x a bare fetch loop): plain header
 * objects, `fetch(url, init)` without a `Request` object unless a custom fetch wants one, one
 * `JSON.parse` per body.
 */

import type { Cloud } from "../clouds.js";
import { TimeoutError, type UnexpectedResponseError } from "../errors/errors.js";
import {
  errorFromResponse,
  errorWithoutResponse,
  type ResponseContext,
  unexpectedResponse,
} from "../errors/from-response.js";
import type { PartnerCenterHooks, RetryReason } from "../hooks.js";
import { redactToken } from "../security/redact-token.js";
import { checkToken, type TokenProvider } from "../security/token.js";
import { tokenHint } from "../security/token-hint.js";
import type { Pacer, Pause } from "./pacer.js";
import { readBody } from "./read-body.js";
import {
  type AttemptOutcome,
  MAX_DELAY_MS,
  parseRetryAfter,
  type RetryOptions,
  retryDecision,
  type Sleep,
  sleep,
} from "./retry.js";

/** A custom fetch: called once per attempt with a `Request`, like openapi-fetch's `fetch` option. */
export type FetchLike = (request: Request) => Promise<Response>;

/** The clock, randomness, ids and sleep the transport uses; tests replace them. */
export interface Runtime {
  readonly sleep: Sleep;
  readonly now: () => number;
  readonly random: () => number;
  readonly newId: () => string;
}

/** The real runtime. */
export const DEFAULT_RUNTIME: Runtime = Object.freeze({
  sleep,
  now: Date.now,
  random: Math.random,
  newId: () => crypto.randomUUID(),
});

/** Everything the transport needs from the client options, already validated. */
export interface TransportSettings {
  readonly token: TokenProvider;
  /** The cloud the client calls: which token audience and authority a 401/403 hint expects. */
  readonly cloud: Cloud;
  /** Headers sent on every request (lower-case names): Accept, X-Locale, MS-PartnerCenter-Application. */
  readonly headers: Readonly<Record<string, string>>;
  /** Per-attempt timeout; `undefined` for none. */
  readonly timeoutMs: number | undefined;
  /** The most decoded body bytes one response may have; `Infinity` for no limit. */
  readonly maxResponseBytes: number;
  readonly retry: RetryOptions;
  /** A custom fetch, or `undefined` for the global one. */
  readonly fetch: FetchLike | undefined;
  /** The caller's hooks (`onRetry` is the transport's). */
  readonly hooks: PartnerCenterHooks;
  /** The client's pacing: its shared back-off and rate limiter, one for all its calls. */
  readonly pacer: Pacer;
  readonly runtime: Runtime;
}

/** One logical GET, however many attempts it takes. */
export interface Call {
  readonly url: string;
  /** More headers, lower-case names (a next link's `MS-ContinuationToken`, a raw caller's headers). */
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly correlationId: string;
  /** The `MS-RequestId` of the first attempt, when the caller chose one. */
  readonly requestId?: string | undefined;
  readonly signal: AbortSignal | undefined;
  /**
   * For a next link: the redaction of the response the link came from (its token may not be the
   * one this request sends), applied to this call's reports too, since they show the link.
   */
  readonly redactEarlier?: ((text: string) => string) | undefined;
}

/** The final response of a call: a success with its parsed body, or an error response retries could not fix. */
export interface Exchange {
  readonly response: Response;
  /** The body text; for an error response, with the token redacted. */
  readonly text: string;
  /** The parsed JSON body of a success; `undefined` for an error response. */
  readonly data: unknown;
  readonly context: ResponseContext;
  /** Removes the token this response's request sent from a text (see {@link serverText}). */
  readonly redact: (text: string) => string;
  /**
   * An `UnexpectedResponseError` for this response: `problem` says what is wrong with it; with
   * `withBody`, the message shows the start of the body. The token is redacted from both.
   */
  unexpected(problem: string, withBody?: boolean): UnexpectedResponseError;
}

// Every result that got as far as sending carries the token it was sent with (the token function
// is called inside the attempt, so that the attempt's time limit and the signal cover it).
type AttemptResult =
  | { readonly kind: "response"; readonly token: string; readonly response: Response; readonly text: string }
  /** The body went past `maxResponseBytes`; it was not read further. */
  | { readonly kind: "too-large"; readonly token: string; readonly response: Response }
  /** `denied`: the runtime refused to send it (a permission error), which no retry can change. */
  | {
      readonly kind: "timeout" | "network";
      readonly token: string;
      readonly error: unknown;
      readonly denied?: boolean;
    }
  /** The token function had not returned an access token when the attempt's time ran out. */
  | { readonly kind: "token-timeout" }
  | { readonly kind: "aborted"; readonly reason: unknown };

/**
 * The one boundary for what a server sent: every text of a response (ids, status text, headers,
 * body, the URL of a next link) and of a failed attempt (its cause's messages) reaches the
 * client's errors, messages and hook arguments through this, which removes the token that attempt
 * sent, in every spelling a server can echo it in. Nothing else is rewritten: data is the
 * service's, and other secrets a server sends are not the client's to know. A custom `fetch` is
 * trusted: what it returns is treated as the server's response.
 */
export function serverText(token: string, earlier?: (text: string) => string): (text: string) => string {
  return earlier === undefined
    ? (text) => redactToken(text, token)
    : (text) => redactToken(earlier(text), token);
}

/**
 * Sends `call`, retrying as `settings.retry` allows, and resolves with the final response. Rejects
 * with a `TimeoutError` or `NetworkError` when no response arrived, an `UnexpectedResponseError`
 * when a success is not JSON, and the signal's reason when the caller aborts.
 */
export async function send(settings: TransportSettings, call: Call): Promise<Exchange> {
  const { runtime, pacer } = settings;
  let requestId = call.requestId ?? runtime.newId();
  // The shared back-off this call has already sat out (its own retry's sleep counts).
  let waited: Pause | undefined;
  for (let attempt = 1; ; attempt++) {
    if (pacer.mustWait(waited)) waited = await pacer.ready(call.signal, call.correlationId, waited);
    const result = await attemptOnce(settings, call, requestId);
    if (result.kind === "aborted") throw result.reason;
    if (result.kind === "token-timeout") throw tokenTimeout(settings, call, requestId);
    const { token } = result;
    const redact = serverText(token, call.redactEarlier);
    const context: ResponseContext = {
      url: call.url,
      requestId,
      correlationId: call.correlationId,
      nowMs: runtime.now(),
      redact,
    };
    if (result.kind === "too-large") {
      // Not retried: the same request would bring the same body, and downloading it again is
      // exactly what the limit is there to stop.
      throw unexpectedResponse(
        result.response,
        context,
        `its body is larger than the maxResponseBytes limit of ${settings.maxResponseBytes} bytes (decoded), so it was not read further; raise the client's maxResponseBytes option if such a response is expected`,
      );
    }
    let outcome: AttemptOutcome;
    if (result.kind === "response") {
      const { response, text } = result;
      if (response.ok) return success(response, text, context, token);
      outcome = {
        kind: "response",
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), context.nowMs),
      };
    } else {
      outcome = { kind: result.denied ? "denied" : result.kind };
    }
    const decision = retryDecision(attempt, outcome, settings.retry, runtime.random);
    let held: Pause | undefined;
    if (outcome.kind === "response" && outcome.status === 429 && outcome.retryAfterMs !== undefined) {
      // The service counts the client's requests together: hold all of them, not only this one.
      const until =
        context.nowMs + Math.min(outcome.retryAfterMs, settings.retry.maxRetryAfterMs, MAX_DELAY_MS);
      const pause = pacer.holdUntil(until);
      // This call's own back-off sleep below lasts until then; a later hold it still waits out.
      if (decision.retry && pause.until === until) held = waited = pause;
    }
    if (!decision.retry) {
      if (result.kind === "response") {
        const { status } = result.response;
        const hint =
          status === 401 || status === 403 ? tokenHint(token, settings.cloud, context.nowMs) : undefined;
        return exchange(
          result.response,
          redact(result.text),
          undefined,
          hint ? { ...context, hint } : context,
          token,
        );
      }
      throw errorWithoutResponse(result.kind, result.error, attempt, settings.timeoutMs, context);
    }
    const { onRetry } = settings.hooks;
    if (onRetry !== undefined) {
      // A hook that throws ends the call with its error: a job can stop instead of waiting.
      const status = result.kind === "response" ? result.response.status : 0;
      await onRetry({
        attempt,
        status,
        delayMs: decision.delayMs,
        requestId: redact(
          (result.kind === "response" ? result.response.headers.get("ms-requestid") : null) ?? requestId,
        ),
        correlationId: call.correlationId,
        reason: retryReason(result.kind, status),
      });
    }
    if (!decision.reuseRequestId) requestId = runtime.newId();
    await runtime.sleep(decision.delayMs, call.signal);
    // Its time has come (by this call's clock): later calls need not wait for it.
    if (held !== undefined) pacer.release(held);
  }
}

function retryReason(kind: "response" | "timeout" | "network", status: number): RetryReason {
  if (kind !== "response") return kind;
  return status === 429 ? "throttled" : "server-error";
}

/** Like `send`, but an error response is thrown as the matching `PartnerCenterError`. */
export async function sendOk(settings: TransportSettings, call: Call): Promise<Exchange> {
  const exchange = await send(settings, call);
  if (!exchange.response.ok) throw errorFromResponse(exchange.response, exchange.text, exchange.context);
  return exchange;
}

// Module-level so that an attempt creates no closure for its timer. The reason is what
// AbortSignal.timeout() uses, and it is what marks the attempt as timed out rather than failed.
const abortForTimeout = (controller: AbortController) =>
  controller.abort(new DOMException("The attempt timed out.", "TimeoutError"));

async function attemptOnce(
  settings: TransportSettings,
  call: Call,
  requestId: string,
): Promise<AttemptResult> {
  const { url, signal } = call;
  if (signal?.aborted) return { kind: "aborted", reason: signal.reason };
  // Handing fetch a signal has a real per-request cost in undici, so one is made only when there
  // is a timeout to enforce; without one, the caller's signal (if any) is passed as it is.
  const controller = settings.timeoutMs === undefined ? undefined : new AbortController();
  const timer = controller && setTimeout(abortForTimeout, settings.timeoutMs, controller);
  const forwardAbort = controller && signal && (() => controller.abort(signal.reason));
  // Stryker disable next-line OptionalChaining,ObjectLiteral,BooleanLiteral: forwardAbort exists only with a signal, and the finally below removes the listener whether or not it ran
  if (forwardAbort) signal?.addEventListener("abort", forwardAbort, { once: true });
  const attemptSignal = controller?.signal ?? signal;
  let token: string | undefined;
  try {
    token =
      typeof settings.token === "string"
        ? settings.token
        : await callTokenFunction(settings.token, attemptSignal);
    // Our own headers last, so that neither a next link nor a raw caller can replace them.
    const headers = {
      ...settings.headers,
      ...call.headers,
      authorization: `Bearer ${token}`,
      "ms-requestid": requestId,
      "ms-correlationid": call.correlationId,
    };
    // "manual": the API does not redirect; following one would send the continuation token and ids
    // to wherever the Location points. A 3xx surfaces as an error instead.
    const init: RequestInit = { method: "GET", headers, redirect: "manual" };
    if (attemptSignal) init.signal = attemptSignal;
    const response = await (settings.fetch ? settings.fetch(new Request(url, init)) : fetch(url, init));
    // The body is read inside the attempt so that the timeout also covers a body that stalls
    // and a connection that drops mid-body is retried like any other dropped connection.
    // Only the global fetch's own Content-Length is trusted (see bodyReadPlan).
    const text = await readBody(response, settings.maxResponseBytes, !settings.fetch);
    return text === undefined
      ? { kind: "too-large", token, response }
      : { kind: "response", token, response, text };
  } catch (error) {
    if (signal?.aborted) return { kind: "aborted", reason: signal.reason };
    const timedOut = (controller?.signal.reason as Error | undefined)?.name === "TimeoutError";
    // A token function that fails (or returns a bad token) ends the call with its own error.
    if (token === undefined) {
      if (timedOut) return { kind: "token-timeout" };
      throw error;
    }
    return { kind: timedOut ? "timeout" : "network", token, error, denied: isPermissionDenied(error) };
  } finally {
    clearTimeout(timer);
    // Stryker disable next-line OptionalChaining: forwardAbort exists only with a signal
    if (forwardAbort) signal?.removeEventListener("abort", forwardAbort);
  }
}

/**
 * Calls the token function under the attempt's signal (its time limit and the caller's signal):
 * rejects with the signal's reason as soon as it aborts, even if the function never settles.
 */
function callTokenFunction(
  provider: () => string | Promise<string>,
  signal: AbortSignal | undefined,
): Promise<string> {
  const token = Promise.resolve()
    .then(provider)
    .then((value) => checkToken(value, true));
  if (signal === undefined) return token;
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    token.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

// Deno refuses a request its permissions do not allow (PermissionDenied; NotCapable since Deno 2)
// before anything is sent; the same request is refused again however often it is retried.
const PERMISSION_ERRORS: ReadonlySet<string> = new Set(["PermissionDenied", "NotCapable"]);

function isPermissionDenied(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (PERMISSION_ERRORS.has(e.name)) return true;
  }
  return false;
}

function tokenTimeout(settings: TransportSettings, call: Call, requestId: string): TimeoutError {
  const details = { status: 0, requestId, correlationId: call.correlationId };
  return new TimeoutError(
    `GET ${call.redactEarlier?.(call.url) ?? call.url} was not sent: the token function (the client's token option) did not return an access token within the timeoutMs limit of ${settings.timeoutMs} ms. Make it resolve or reject within that time, for example with a time limit on its own call to the identity provider (MS-RequestId ${requestId}, MS-CorrelationId ${call.correlationId})`,
    details,
  );
}

// JSON.parse runs after the attempt's timer: a timer cannot interrupt synchronous parsing anyway,
// so the parse is bounded by maxResponseBytes instead (32 MiB parses in well under a second).
function success(response: Response, text: string, context: ResponseContext, token: string): Exchange {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not the SyntaxError itself: its message quotes the body, which is not redacted yet.
    throw unexpectedResponse(response, context, "its body is not JSON", text);
  }
  return exchange(response, text, data, context, token);
}

function exchange(
  response: Response,
  text: string,
  data: unknown,
  context: ResponseContext,
  token: string,
): Exchange {
  return {
    response,
    text,
    data,
    context,
    // A closure, so the token is never stored where it could be printed. Only this request's own
    // token: a next link's redaction must not chain back through every earlier page.
    redact: serverText(token),
    unexpected: (problem, withBody = false) =>
      unexpectedResponse(response, context, problem, withBody ? text : undefined),
  };
}
