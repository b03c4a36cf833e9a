/**
 * Builds the client's errors from what happened: an error response, a response it cannot use, or
 * no response at all. Messages say what arrived (status, content type, first bytes) and carry the
 * ids; every text passed in must already be free of the token.
 */
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
import { parseRetryAfter } from "./retry.js";

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
