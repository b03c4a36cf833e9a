/**
 * Typed errors. Every failure the client reports is a `PartnerCenterError`; the subclasses are the
 * cases a caller branches on. Errors carry what the service said and the ids a support case needs,
 * never the access token the request sent (it is removed from any text the server echoes back).
 * They are built in from-response.ts. Each class has a fixed `name`, which the guards below also
 * match.
 */

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
  /** What the client could tell about the cause (on 401/403, from the token's own claims). */
  readonly hint?: string | undefined;
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
  /**
   * On a 401 or 403, what the token's own claims say is wrong with it (wrong audience, expired,
   * not yet valid, no MFA, another cloud); also at the end of the message. See token-hint.ts.
   */
  readonly hint: string | undefined;

  constructor(message: string, details: PartnerCenterErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.code = details.code;
    this.description = details.description;
    this.requestId = details.requestId;
    this.correlationId = details.correlationId;
    this.retryAfter = details.retryAfter;
    this.hint = details.hint;
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
  /** The first 120 characters of the body (white space collapsed), ending in `…` when there was more. */
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
  /**
   * The first 120 characters of the body (white space collapsed), ending in `…` when there was
   * more, when it was the body that was wrong. The token is redacted from it.
   */
  readonly bodyPreview: string | undefined;

  constructor(message: string, details: UnexpectedResponseDetails) {
    super(message, details);
    this.contentType = details.contentType;
    this.bodyPreview = details.bodyPreview;
  }
}

// The error names of the client, one per class. A guard matches an error by class or by name, as
// ky's and Azure's do: an app and a toolkit may each hold their own copy of the client, and an error
// from one copy is not an instance of the other's classes. A name alone is not enough, since
// DOMException also names errors "TimeoutError" and "NetworkError": every client error has a
// numeric `status`, which those do not.
const NAMES = [
  "PartnerCenterError",
  "BadRequestError",
  "AuthenticationError",
  "PermissionError",
  "NotFoundError",
  "RateLimitError",
  "ServerError",
  "TimeoutError",
  "NetworkError",
  "UnexpectedResponseError",
] as const;

function named(error: unknown, names: readonly string[]): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, status, message } = error as { name?: unknown; status?: unknown; message?: unknown };
  return (
    typeof name === "string" &&
    names.includes(name) &&
    typeof status === "number" &&
    typeof message === "string"
  );
}

/** Is `error` any error this client (or another copy of it) throws? */
export const isPartnerCenterError = (error: unknown): error is PartnerCenterError =>
  error instanceof PartnerCenterError || named(error, NAMES);
/** Is `error` a 400 `BadRequestError`? */
export const isBadRequestError = (error: unknown): error is BadRequestError =>
  error instanceof BadRequestError || named(error, ["BadRequestError"]);
/** Is `error` a 401 `AuthenticationError`? */
export const isAuthenticationError = (error: unknown): error is AuthenticationError =>
  error instanceof AuthenticationError || named(error, ["AuthenticationError"]);
/** Is `error` a 403 `PermissionError`? */
export const isPermissionError = (error: unknown): error is PermissionError =>
  error instanceof PermissionError || named(error, ["PermissionError"]);
/** Is `error` a 404 `NotFoundError`? */
export const isNotFoundError = (error: unknown): error is NotFoundError =>
  error instanceof NotFoundError || named(error, ["NotFoundError"]);
/** Is `error` a 429 `RateLimitError`? */
export const isRateLimitError = (error: unknown): error is RateLimitError =>
  error instanceof RateLimitError || named(error, ["RateLimitError"]);
/** Is `error` a 5xx `ServerError`? */
export const isServerError = (error: unknown): error is ServerError =>
  error instanceof ServerError || named(error, ["ServerError"]);
/** Is `error` the client's `TimeoutError` (not a DOMException of that name: it has no `status`)? */
export const isTimeoutError = (error: unknown): error is TimeoutError =>
  error instanceof TimeoutError || named(error, ["TimeoutError"]);
/** Is `error` the client's `NetworkError` (not a DOMException of that name: it has no `status`)? */
export const isNetworkError = (error: unknown): error is NetworkError =>
  error instanceof NetworkError || named(error, ["NetworkError"]);
/** Is `error` an `UnexpectedResponseError`? */
export const isUnexpectedResponseError = (error: unknown): error is UnexpectedResponseError =>
  error instanceof UnexpectedResponseError || named(error, ["UnexpectedResponseError"]);
