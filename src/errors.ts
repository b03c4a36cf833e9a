/**
 * Typed errors. Every failure the client reports is a `PartnerCenterError`; the subclasses are the
 * cases a caller branches on. Errors carry what the service said and the ids a support case needs,
 * never the access token (the transport redacts it from any text the server echoes back).
 */
import { parseRetryAfter } from "./retry.js";

/** The facts an error is built from. */
export interface PartnerCenterErrorDetails {
  /** The HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** The Partner Center error `code` as the API sent it (usually a number, documented as a string). */
  readonly code?: string | number | undefined;
  /** The Partner Center error `description` (or the gateway's `message`) as the API sent it. */
  readonly description?: string | undefined;
  /** The `MS-RequestId` of the failed request (the response's, else the one sent). */
  readonly requestId?: string | undefined;
  /** The `MS-CorrelationId` of the operation. */
  readonly correlationId?: string | undefined;
  /** Seconds the server asked to wait before retrying (`Retry-After`). */
  readonly retryAfter?: number | undefined;
  /** The underlying error, for timeouts and network failures. */
  readonly cause?: unknown;
}

/** The base of every error the client throws. */
export class PartnerCenterError extends Error {
  override readonly name: string = "PartnerCenterError";
  /** The HTTP status; 0 when no response arrived (timeout, network failure). */
  readonly status: number;
  /** The Partner Center error `code`, as the API sent it; `undefined` when the body had none. */
  readonly code: string | number | undefined;
  /** The Partner Center error `description` (or the gateway's `message`), as the API sent it. */
  readonly description: string | undefined;
  /** The `MS-RequestId` to quote to Microsoft support. */
  readonly requestId: string | undefined;
  /** The `MS-CorrelationId` shared by all requests of the operation. */
  readonly correlationId: string | undefined;
  /** Seconds the server asked to wait before retrying (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(message: string, details: PartnerCenterErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.code = details.code;
    this.description = details.description;
    this.requestId = details.requestId;
    this.correlationId = details.correlationId;
    this.retryAfter = details.retryAfter;
  }
}

/** 400: the service rejected the request (for example a malformed filter). */
export class BadRequestError extends PartnerCenterError {
  override readonly name = "BadRequestError";
}
/** 401: the token is missing, expired or not a Partner Center token. */
export class AuthenticationError extends PartnerCenterError {
  override readonly name = "AuthenticationError";
}
/** 403: the token is valid but may not do this. */
export class PermissionError extends PartnerCenterError {
  override readonly name = "PermissionError";
}
/** 404: the partner or resource was not found. */
export class NotFoundError extends PartnerCenterError {
  override readonly name = "NotFoundError";
}
/** 429: throttled, and still throttled after the retries; see `retryAfter`. */
export class RateLimitError extends PartnerCenterError {
  override readonly name = "RateLimitError";
}
/** 5xx: the service failed, and still failed after the retries. */
export class ServerError extends PartnerCenterError {
  override readonly name = "ServerError";
}
/** An attempt ran out of time (`timeoutMs`), and so did every retry. `status` is 0. */
export class TimeoutError extends PartnerCenterError {
  override readonly name = "TimeoutError";
}
/** The connection failed or dropped, and so did every retry. `status` is 0; see `cause`. */
export class NetworkError extends PartnerCenterError {
  override readonly name = "NetworkError";
}

/** What arrived instead of the expected Partner Center JSON. */
export interface UnexpectedResponseDetails extends PartnerCenterErrorDetails {
  /** The response's `Content-Type`. */
  readonly contentType?: string | undefined;
  /** The first characters of the body. */
  readonly bodyPreview?: string | undefined;
}

/**
 * A response the client cannot use: a success whose body is not the expected JSON (an HTML
 * gateway page, truncated JSON), or a page whose next link cannot be followed safely.
 */
export class UnexpectedResponseError extends PartnerCenterError {
  override readonly name = "UnexpectedResponseError";
  /** The response's `Content-Type`, when there was a response. */
  readonly contentType: string | undefined;
  /** The first characters of the body, when it was the body that was wrong. */
  readonly bodyPreview: string | undefined;

  constructor(message: string, details: UnexpectedResponseDetails) {
    super(message, details);
    this.contentType = details.contentType;
    this.bodyPreview = details.bodyPreview;
  }
}

/** Is `error` any error this client throws? */
export const isPartnerCenterError = (error: unknown): error is PartnerCenterError =>
  error instanceof PartnerCenterError;
/** Is `error` a 400 `BadRequestError`? */
export const isBadRequestError = (error: unknown): error is BadRequestError =>
  error instanceof BadRequestError;
/** Is `error` a 401 `AuthenticationError`? */
export const isAuthenticationError = (error: unknown): error is AuthenticationError =>
  error instanceof AuthenticationError;
/** Is `error` a 403 `PermissionError`? */
export const isPermissionError = (error: unknown): error is PermissionError =>
  error instanceof PermissionError;
/** Is `error` a 404 `NotFoundError`? */
export const isNotFoundError = (error: unknown): error is NotFoundError => error instanceof NotFoundError;
/** Is `error` a 429 `RateLimitError`? */
export const isRateLimitError = (error: unknown): error is RateLimitError => error instanceof RateLimitError;
/** Is `error` a 5xx `ServerError`? */
export const isServerError = (error: unknown): error is ServerError => error instanceof ServerError;
/** Is `error` a `TimeoutError`? */
export const isTimeoutError = (error: unknown): error is TimeoutError => error instanceof TimeoutError;
/** Is `error` a `NetworkError`? */
export const isNetworkError = (error: unknown): error is NetworkError => error instanceof NetworkError;
/** Is `error` an `UnexpectedResponseError`? */
export const isUnexpectedResponseError = (error: unknown): error is UnexpectedResponseError =>
  error instanceof UnexpectedResponseError;

/** The request a response answered, for the error message and ids. */
export interface ResponseContext {
  readonly url: string;
  /** The `MS-RequestId` that was sent. */
  readonly requestId: string;
  readonly correlationId: string;
  /** The current time, to read a `Retry-After` date. */
  readonly nowMs: number;
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
 * `body` must already be free of the token.
 */
export function errorFromResponse(
  response: Response,
  body: string,
  context: ResponseContext,
): PartnerCenterError {
  const fault = readFault(body);
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), context.nowMs);
  const details: PartnerCenterErrorDetails = {
    status: response.status,
    code: fault?.code,
    description: fault?.description,
    requestId: response.headers.get("ms-requestid") ?? context.requestId,
    correlationId: response.headers.get("ms-correlationid") ?? context.correlationId,
    retryAfter: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
  };
  let what = `${response.status} ${response.statusText}`.trimEnd();
  if (details.code !== undefined) what += ` (code ${details.code})`;
  what += details.description
    ? `: ${details.description}`
    : `; ${describeBody(response.headers.get("content-type"), body)}`;
  return new (classFor(response.status))(`GET ${context.url} failed with ${what}${ids(details)}`, details);
}

/**
 * The error for a response the client cannot use although its status is fine: `problem` says
 * what is wrong ("its body is not JSON"). Pass `body` when the body is the problem; it must be
 * free of the token.
 */
export function unexpectedResponse(
  response: Response,
  context: ResponseContext,
  problem: string,
  body?: string,
): UnexpectedResponseError {
  const contentType = response.headers.get("content-type") ?? undefined;
  const details: UnexpectedResponseDetails = {
    status: response.status,
    requestId: response.headers.get("ms-requestid") ?? context.requestId,
    correlationId: response.headers.get("ms-correlationid") ?? context.correlationId,
    contentType,
    bodyPreview: body === undefined ? undefined : preview(body),
  };
  const what = body === undefined ? "" : `; ${describeBody(contentType ?? null, body)}`;
  const status = `${response.status} ${response.statusText}`.trimEnd();
  return new UnexpectedResponseError(
    `GET ${context.url} returned ${status} but ${problem}${what}${ids(details)}`,
    details,
  );
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
  const details = { status: 0, requestId: context.requestId, correlationId: context.correlationId, cause };
  return kind === "timeout"
    ? new TimeoutError(
        `GET ${context.url} timed out after ${timeoutMs} ms (${tries})${ids(details)}`,
        details,
      )
    : new NetworkError(
        `GET ${context.url} failed without a complete response (${tries}): ${why(cause)}${ids(details)}`,
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

/** Replaces every occurrence of `secret` in `text` (a server may echo the Authorization header). */
export function redact(text: string, secret: string): string {
  return secret && text.includes(secret) ? text.split(secret).join("[REDACTED]") : text;
}

function readFault(
  body: string,
): { code: string | number | undefined; description: string | undefined } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { code, description, message } = parsed as Record<string, unknown>;
  return {
    code: typeof code === "string" || typeof code === "number" ? code : undefined,
    description:
      typeof description === "string" ? description : typeof message === "string" ? message : undefined,
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
