/**
 * Builds the client's errors from what happened: an error response, a response it cannot use, or
 * no response at all. Messages say what arrived (status, content type, first bytes) and carry the
 * ids. Everything that came from the server or the network (the URL, status text, headers, body,
 * the failure's `cause`) goes through the context's `redact` (the transport's `serverText`) first:
 * a server may echo the token anywhere.
 */

import { parseRetryAfter } from "../http/retry.js";
import { MFA_HINT, MFA_REQUIRED_CODE } from "../security/token-hint.js";
import {
  AuthenticationError,
  BadRequestError,
  NetworkError,
  NotFoundError,
  PartnerCenterError,
  type PartnerCenterErrorDetails,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  type UnexpectedResponseDetails,
  UnexpectedResponseError,
} from "./errors.js";

/** The request a response answered, for the error message and ids. */
export interface ResponseContext {
  /** The URL as it was sent; shown only through `redact`. */
  readonly url: string;
  /** The `MS-RequestId` that was sent. */
  readonly requestId: string;
  readonly correlationId: string;
  /** The current time, to read a `Retry-After` date. */
  readonly nowMs: number;
  /** Removes the token the request sent from a text a server produced (the transport's `serverText`). */
  readonly redact: (text: string) => string;
  /** Why the token may have been refused, for a 401 or 403 (see token-hint.ts). */
  readonly hint?: string | undefined;
}

type ErrorClass = new (message: string, details: PartnerCenterErrorDetails) => PartnerCenterError;

function classFor(status: number): ErrorClass {
  if (status >= 500) return ServerError;
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionError;
    case 404:
      return NotFoundError;
    case 429:
      return RateLimitError;
    default:
      return PartnerCenterError;
  }
}

/**
 * The one factory for an error response: picks the subclass from the status and reads the body
 * in either shape the service uses (`{code, description}` or the gateway's `{statusCode, message}`).
 */
export function errorFromResponse(
  response: Response,
  rawBody: string,
  context: ResponseContext,
): PartnerCenterError {
  const { redact } = context;
  const body = redact(rawBody);
  const fault = readFault(body, redact);
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), context.nowMs);
  const details: PartnerCenterErrorDetails = {
    status: response.status,
    code: fault?.code,
    description: fault?.description,
    ...responseIds(response, context, redact),
    retryAfter: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
    hint: hintFor(response.status, fault?.code, context.hint, redact),
  };
  let what = redact(`${response.status} ${response.statusText}`.trimEnd());
  if (details.code !== undefined) what += ` (code ${details.code})`;
  what += details.description
    ? `: ${details.description}`
    : `; ${describeBody(header(response, "content-type", redact) ?? null, body)}`;
  const hint = details.hint === undefined ? "" : `. Hint: ${details.hint}`;
  return new (classFor(response.status))(
    `GET ${redact(context.url)} failed with ${what}${ids(details)}${hint}`,
    details,
  );
}

// The token's own hint (token-hint.ts), and MFA's when the service answered a 401 with 900421 and
// the token's claims did not already say so.
function hintFor(
  status: number,
  code: string | number | undefined,
  tokenHint: string | undefined,
  redact: (text: string) => string,
): string | undefined {
  const hint = tokenHint === undefined ? undefined : redact(tokenHint);
  if (status !== 401 || String(code).trim() !== String(MFA_REQUIRED_CODE)) return hint;
  if (hint?.includes(MFA_HINT)) return hint;
  const mfa = `The service answered with error ${MFA_REQUIRED_CODE}, reported when MFA is missing. ${MFA_HINT}`;
  return hint === undefined ? mfa : `${mfa} ${hint}`;
}

/**
 * The error for a response the client cannot use although its status is fine: `problem` says
 * what is wrong ("its body is not JSON"). Pass `body` when the body is the problem.
 */
export function unexpectedResponse(
  response: Response,
  context: ResponseContext,
  problem: string,
  rawBody?: string,
): UnexpectedResponseError {
  const { redact } = context;
  const body = rawBody === undefined ? undefined : redact(rawBody);
  const contentType = header(response, "content-type", redact);
  const details: UnexpectedResponseDetails = {
    status: response.status,
    ...responseIds(response, context, redact),
    contentType,
    bodyPreview: body === undefined ? undefined : preview(body),
  };
  const what = body === undefined ? "" : `; ${describeBody(contentType ?? null, body)}`;
  const status = redact(`${response.status} ${response.statusText}`.trimEnd());
  return new UnexpectedResponseError(
    `GET ${redact(context.url)} returned ${status} but ${redact(problem)}${what}${ids(details)}`,
    details,
  );
}

/** A response header, redacted; `undefined` when absent. */
function header(response: Response, name: string, redact: (text: string) => string): string | undefined {
  const value = response.headers.get(name);
  return value === null ? undefined : redact(value);
}

/** The response's `MS-RequestId` and `MS-CorrelationId` (a server may echo anything there), else the sent ones. */
function responseIds(
  response: Response,
  context: ResponseContext,
  redact: (text: string) => string,
): { requestId: string; correlationId: string } {
  return {
    requestId: header(response, "ms-requestid", redact) ?? context.requestId,
    correlationId: header(response, "ms-correlationid", redact) ?? context.correlationId,
  };
}

/**
 * The error for a call that never got a complete response: every attempt timed out (`TimeoutError`)
 * or lost its connection (`NetworkError`, with the last failure as `cause`). `status` is 0.
 */
export function errorWithoutResponse(
  kind: "timeout" | "network",
  cause: unknown,
  attempts: number,
  timeoutMs: number | undefined,
  context: ResponseContext,
): TimeoutError | NetworkError {
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  const { redact } = context;
  const safeCause = withoutToken(cause, redact);
  const details = {
    status: 0,
    requestId: context.requestId,
    correlationId: context.correlationId,
    cause: safeCause,
  };
  return kind === "timeout"
    ? new TimeoutError(
        `GET ${redact(context.url)} timed out after ${timeoutMs} ms (${tries})${ids(details)}`,
        details,
      )
    : new NetworkError(
        `GET ${redact(context.url)} failed without a complete response (${tries}): ${redact(why(safeCause))}${ids(details)}`,
        details,
      );
}

// undici reports "fetch failed" and keeps the useful part (ECONNRESET, "other side closed") in `cause`.
function why(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (!(cause instanceof Error)) return error.message;
  const code = (cause as { code?: unknown }).code;
  return `${error.message}: ${typeof code === "string" ? `${code} ` : ""}${cause.message}`;
}

// How far down a failure's chain of causes, and how many of each one's own properties, are read.
const MAX_CAUSES = 4;
const MAX_PROPERTIES = 32;

/**
 * `cause` as it is when none of its texts (message, stack, string properties, and those of its
 * causes) holds the token; otherwise a plain `Error` chain with the same names and codes and the
 * token removed from messages and stacks, the rest dropped. Global fetch's own errors may quote
 * the server (undici's parser errors keep the bytes they could not parse). Only texts are read: a
 * custom fetch is trusted not to hide the token elsewhere in what it throws.
 */
function withoutToken(cause: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof cause === "string") return redact(cause);
  if (!(cause instanceof Error) || !holdsToken(cause, redact, depth)) return cause;
  const safe = new Error(redact(cause.message));
  safe.name = cause.name;
  safe.stack = redact(cause.stack ?? `${cause.name}: ${cause.message}`);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") {
    (safe as Error & { code?: string | number }).code = typeof code === "string" ? redact(code) : code;
  }
  if (cause.cause !== undefined && depth < MAX_CAUSES)
    safe.cause = withoutToken(cause.cause, redact, depth + 1);
  return safe;
}

function holdsToken(error: Error, redact: (text: string) => string, depth: number): boolean {
  const changed = (value: unknown) => typeof value === "string" && redact(value) !== value;
  if (changed(error.message) || changed(error.stack)) return true;
  for (const name of Object.getOwnPropertyNames(error).slice(0, MAX_PROPERTIES)) {
    // Descriptors, not reads: a getter is not run.
    if (changed(Object.getOwnPropertyDescriptor(error, name)?.value)) return true;
  }
  const { cause } = error;
  if (depth >= MAX_CAUSES) return false;
  return cause instanceof Error ? holdsToken(cause, redact, depth + 1) : changed(cause);
}

function readFault(
  body: string,
  redact: (text: string) => string,
): { code: string | number | undefined; description: string | undefined } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
    // Stryker disable next-line BlockStatement: without the return, parsed stays undefined and the next line returns undefined too
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { code, description, message } = parsed as Record<string, unknown>;
  const text =
    typeof description === "string" ? description : typeof message === "string" ? message : undefined;
  return {
    code: typeof code === "string" ? redact(code) : typeof code === "number" ? code : undefined,
    description: text === undefined ? undefined : redact(text),
  };
}

const PREVIEW_LENGTH = 120;

function preview(body: string): string {
  const text = body
    .slice(0, PREVIEW_LENGTH * 2)
    .replace(/\s+/g, " ")
    .trim();
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
}

function describeBody(contentType: string | null, body: string): string {
  const type = contentType ? `content type ${contentType}` : "no content type";
  return body ? `${type}, body starts with ${JSON.stringify(preview(body))}` : `${type}, empty body`;
}

function ids(details: PartnerCenterErrorDetails): string {
  return ` (MS-RequestId ${details.requestId}, MS-CorrelationId ${details.correlationId})`;
}
