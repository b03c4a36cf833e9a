/**
 * The fault grammar of `pc-customers mock --faults` and `startMock({ faults })`: a comma-separated
 * list of `KIND@N[:ARG]`, where N is the request number (1 for the first request the mock receives,
 * counting every request, retries included):
 *
 *   429@N[:Ss]        throttled, with `Retry-After: S` (default 1) and the API gateway's body
 *   403@N             access denied (Partner Center error body, code 2032)
 *   404@N             not found (Partner Center error body, code 1000)
 *   500@N             an unexpected service error (Partner Center error body, code 800003)
 *   503@N[:Ss]        service unavailable (error body; `Retry-After: S` when given)
 *   reset@N           the connection is dropped before any response
 *   slow@N:DURATION   the response is held back DURATION (`1500ms`, `2s`)
 *   expire-token@N    every continuation token issued so far expires, from request N on
 */

/** One scheduled fault. */
export type Fault =
  | { readonly kind: "429"; readonly at: number; readonly retryAfterSeconds: number }
  | { readonly kind: "403"; readonly at: number }
  | { readonly kind: "404"; readonly at: number }
  | { readonly kind: "500"; readonly at: number }
  | { readonly kind: "503"; readonly at: number; readonly retryAfterSeconds: number | undefined }
  | { readonly kind: "reset"; readonly at: number }
  | { readonly kind: "slow"; readonly at: number; readonly delayMs: number }
  | { readonly kind: "expire-token"; readonly at: number };

/** The kinds of fault, as written before the `@`. */
export const FAULT_KINDS = ["429", "403", "404", "500", "503", "reset", "slow", "expire-token"] as const;

/** A fault list that does not follow the grammar; the message names the item and shows a correct one. */
export class FaultSyntaxError extends Error {
  override name = "FaultSyntaxError";
}

/** The longest `slow` delay or latency: longer ones would outlast any client's timeout anyway. */
export const MAX_DELAY_MS = 120_000;
const MAX_REQUEST_NUMBER = 1_000_000;
const MAX_FAULTS = 1000;
const MAX_TEXT = 10_000;
const ITEM = /^([a-z0-9-]+)@([^:]*)(?::(.*))?$/;

/** Faults by request number. */
export type FaultSchedule = ReadonlyMap<number, Fault>;

/**
 * Parses a fault list such as `429@3,503@5,reset@7,slow@2:1500ms,expire-token@4`; an empty string
 * is no faults. Throws a `FaultSyntaxError` for anything else, naming the item.
 */
export function parseFaults(text: string): FaultSchedule {
  if (typeof text !== "string") throw new FaultSyntaxError("faults must be a string such as 429@3,503@5.");
  if (text.length > MAX_TEXT)
    throw new FaultSyntaxError(`the fault list is ${text.length} characters long; at most ${MAX_TEXT}.`);
  const schedule = new Map<number, Fault>();
  const items = text.split(",").map((item) => item.trim());
  if (items.length === 1 && items[0] === "") return schedule;
  if (items.length > MAX_FAULTS)
    throw new FaultSyntaxError(`the fault list has ${items.length} faults; at most ${MAX_FAULTS}.`);
  for (const item of items) {
    const fault = parseFault(item);
    const earlier = schedule.get(fault.at);
    if (earlier)
      throw new FaultSyntaxError(
        `fault '${item}': request ${fault.at} already has the fault ${earlier.kind}; one fault per request.`,
      );
    schedule.set(fault.at, fault);
  }
  return schedule;
}

/** Builds a schedule from faults given as objects (the programmatic form), checking each. */
export function scheduleOf(faults: readonly Fault[] | string | undefined): FaultSchedule {
  if (faults === undefined) return new Map();
  if (typeof faults === "string") return parseFaults(faults);
  if (!Array.isArray(faults))
    throw new FaultSyntaxError("faults must be a string such as '429@3,503@5' or an array of faults.");
  return parseFaults(faults.map(formatFault).join(","));
}

/** A fault in the grammar's notation (`slow@2:1500ms`). */
export function formatFault(fault: Fault): string {
  switch (fault.kind) {
    case "429":
      return `429@${fault.at}:${fault.retryAfterSeconds}s`;
    case "503":
      return `503@${fault.at}${fault.retryAfterSeconds === undefined ? "" : `:${fault.retryAfterSeconds}s`}`;
    case "slow":
      return `slow@${fault.at}:${fault.delayMs}ms`;
    default:
      return `${fault.kind}@${(fault as Fault).at}`;
  }
}

function parseFault(item: string): Fault {
  const match = ITEM.exec(item);
  if (item === "" || !match)
    throw new FaultSyntaxError(
      `fault '${item}' is not KIND@N, as in 429@3 (kinds: ${FAULT_KINDS.join(", ")}).`,
    );
  const [, kind, number, arg] = match as unknown as [string, string, string, string | undefined];
  if (!(FAULT_KINDS as readonly string[]).includes(kind))
    throw new FaultSyntaxError(
      `fault '${item}': unknown kind '${kind}'; expected one of ${FAULT_KINDS.join(", ")}.`,
    );
  if (!/^\d{1,7}$/.test(number) || Number(number) < 1 || Number(number) > MAX_REQUEST_NUMBER)
    throw new FaultSyntaxError(
      `fault '${item}': after @ comes the request number, a whole number from 1 to ${MAX_REQUEST_NUMBER}, as in ${kind}@3.`,
    );
  const at = Number(number);
  const noArg = () => {
    if (arg !== undefined)
      throw new FaultSyntaxError(`fault '${item}': ${kind} takes no ':' argument; write ${kind}@${at}.`);
  };
  switch (kind) {
    case "429":
      return { kind, at, retryAfterSeconds: arg === undefined ? 1 : seconds(item, arg) };
    case "503":
      return { kind, at, retryAfterSeconds: arg === undefined ? undefined : seconds(item, arg) };
    case "slow":
      if (arg === undefined)
        throw new FaultSyntaxError(`fault '${item}': slow needs a delay, as in slow@${at}:1500ms.`);
      return { kind, at, delayMs: parseDuration(arg, `fault '${item}'`) };
    case "403":
    case "404":
    case "500":
    case "reset":
    case "expire-token":
      noArg();
      return { kind, at };
    default:
      throw new FaultSyntaxError(`fault '${item}': unknown kind '${kind}'.`);
  }
}

function seconds(item: string, arg: string): number {
  const match = /^(\d{1,4})s?$/.exec(arg);
  if (!match)
    throw new FaultSyntaxError(
      `fault '${item}': the Retry-After is whole seconds from 0 to 9999, as in ${item.split(":", 1)[0]}:2s.`,
    );
  return Number(match[1]);
}

/**
 * Reads a duration: `1500ms`, `1.5s` or a bare number of milliseconds, from 0 to `MAX_DELAY_MS`.
 * `what` names the input in the error message.
 */
export function parseDuration(text: string, what: string): number {
  const match = /^(\d{1,6}(?:\.\d{1,3})?)(ms|s)?$/.exec(text.trim());
  const ms = match ? Math.round(Number(match[1]) * (match[2] === "s" ? 1000 : 1)) : Number.NaN;
  if (!match || !(ms <= MAX_DELAY_MS))
    throw new FaultSyntaxError(
      `${what}: '${text}' is not a duration from 0 to ${MAX_DELAY_MS} ms; write it as 1500ms or 1.5s.`,
    );
  return ms;
}
