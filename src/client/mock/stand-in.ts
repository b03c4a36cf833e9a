/**
 * The stateful stand-in of `GET /v1/customers`: seek paging, the `starts_with` filter and the
 * documented error bodies, as the facts sheet describes the service (see the toolkit README, "mock").
 * It turns a standard `Request` into a standard `Response` with nothing but web-platform APIs, so
 * that it runs wherever the client does; `createMockFetch`, `partnerCenterHandlers` (MSW) and the
 * toolkit's `startMock` (HTTP behind Prism) all serve this one stand-in.
 */
import type { Customer } from "../customers.js";
import type { DataSet } from "./data-set.js";
import type { Fault } from "./faults.js";

/** A request as the stand-in sees it. */
export interface StandInRequest {
  readonly method: string;
  /** The path and query string, as received. */
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** The stand-in's answer. `body` is JSON-serialisable. */
export interface StandInResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** The server's default page size, when `size` is omitted or 0 (observed: 500). */
export const DEFAULT_PAGE_SIZE = 500;
// Bounds that keep hostile input cheap: every issued token is remembered, up to this many.
const MAX_TOKENS = 50_000;
const MAX_FILTER_TEXT = 2048;
const MAX_FILTER_VALUE = 256;
const MAX_SIZE = 2_147_483_647;
const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;
// The spec's pattern for X-Locale (a culture name such as en-US or zh-Hans-CN).
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = ["CompanyName", "Domain", "IndirectReseller", "IndirectCloudSolutionProvider"] as const;
type Field = (typeof FIELDS)[number];

interface Filter {
  readonly field: Field;
  readonly value: string;
}

/** Where a walk is: its filter and page size, and the offset of the next page. */
interface Cursor {
  readonly filter: Filter | undefined;
  readonly size: number;
  readonly offset: number;
}

class BadRequest extends Error {
  constructor(
    readonly description: string,
    readonly code = 800002,
    readonly source = "PartnerFD",
  ) {
    super(description);
  }
}

/** The stand-in: the data set, and the continuation tokens it has issued. */
export class StandIn {
  readonly #data: DataSet;
  readonly #tokens = new Map<string, Cursor>();
  readonly #expired = new Set<string>();
  readonly #cvBase = randomUUID().replace(/-/g, "").slice(0, 16);
  #cv = 0;

  constructor(data: DataSet) {
    this.#data = data;
  }

  /**
   * Answers a standard `Request` with a standard `Response`; `fault` is the fault scheduled for it,
   * if any (`reset`, `slow` and latency belong to whoever serves the stand-in). The request's body is
   * never read: the operation takes none.
   */
  respond(request: Request, fault?: Fault): Response {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const answer = this.handle({ method: request.method, url: url.pathname + url.search, headers }, fault);
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
  }

  /** Answers one request in plain data (the form `respond` and the tests use). */
  handle(request: StandInRequest, fault?: Fault): StandInResponse {
    const ids = {
      "ms-requestid": echo(request.headers["ms-requestid"]),
      "ms-correlationid": echo(request.headers["ms-correlationid"]),
    };
    const json = (status: number, body: unknown, extra: Record<string, string> = {}): StandInResponse => ({
      status,
      headers: {
        "content-type": "application/json; charset=utf-8",
        ...ids,
        "ms-cv": `${this.#cvBase}.${this.#cv++}`,
        ...extra,
      },
      body,
    });
    const error = (
      status: number,
      code: number,
      description: string,
      data: string[] = [],
      source = "PartnerFD",
    ) => json(status, { code, description, data, source });

    const url = new URL(request.url, "http://mock.invalid");
    if (request.method.toUpperCase() !== "GET" || url.pathname.replace(/\/+$/, "") !== "/v1/customers") {
      return error(404, 1000, "The requested resource was not found.", [
        "The mock serves GET /v1/customers only.",
      ]);
    }
    if (fault?.kind === "429") {
      // The gateway's body and headers, not Partner Center's: no MS-CV.
      const { "ms-requestid": requestId, "ms-correlationid": correlationId } = ids;
      return {
        status: 429,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "retry-after": String(fault.retryAfterSeconds),
          "ms-requestid": requestId,
          "ms-correlationid": correlationId,
        },
        body: {
          statusCode: 429,
          message: `Rate limit is exceeded. Try again in ${fault.retryAfterSeconds} seconds.`,
        },
      };
    }
    // A token that may not list customers (an app without Partner Center permissions).
    if (fault?.kind === "403") return error(403, 2032, "Access denied.");
    // The error table's NotFound (code 1000), on the operation itself, so that Prism checks the
    // 404 the spec declares for GET /v1/customers (another path is a route Prism does not know).
    if (fault?.kind === "404") return error(404, 1000, "The requested resource was not found.");
    if (fault?.kind === "500") return error(500, 800003, "Unexpected service error.");
    if (fault?.kind === "503") {
      return json(
        503,
        {
          code: 800003,
          description: "The service is temporarily unavailable. Try again later.",
          data: [],
          source: "PartnerFD",
        },
        fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) },
      );
    }
    if (fault?.kind === "expire-token") this.expireTokens();
    if (!/^Bearer\s+\S/i.test(request.headers.authorization ?? "")) {
      return error(401, 800001, "Partner Token missing in request context", [
        "Send Authorization: Bearer <access token>; the mock accepts any token.",
      ]);
    }
    const locale = request.headers["x-locale"];
    if (locale !== undefined && !LOCALE.test(locale)) {
      return error(
        400,
        800002,
        `X-Locale ${JSON.stringify(locale.slice(0, 32))} is not a culture name: send one such as en-US or zh-Hans-CN.`,
      );
    }
    try {
      return json(200, this.#page(url, request.headers["ms-continuationtoken"]));
    } catch (caught) {
      if (!(caught instanceof BadRequest)) throw caught;
      return error(400, caught.code, caught.description, [], caught.source);
    }
  }

  /** Every continuation token issued so far stops working (the `expire-token` fault). */
  expireTokens(): void {
    for (const token of this.#tokens.keys()) this.#remember(this.#expired, token);
    this.#tokens.clear();
  }

  #page(url: URL, token: string | undefined): unknown {
    const query = url.searchParams;
    for (const name of ["size", "filter", "seekOperation"]) {
      if (query.getAll(name).length > 1)
        throw new BadRequest(`The query parameter ${name} is given more than once.`);
    }
    const seek = query.get("seekOperation");
    let cursor: Cursor;
    if (seek !== null) {
      // Exactly what the spec declares: the mock is where callers learn the contract, so a spelling
      // the service may also bind (a number, another case) is not taught here.
      if (seek !== "Next") {
        throw new BadRequest(
          `seekOperation=${seek.slice(0, 32)} is not supported: the customers list pages forward only (seekOperation=Next).`,
        );
      }
      if (token === undefined || token === "")
        throw new BadRequest(
          "seekOperation=Next needs the MS-ContinuationToken header: send every header of the previous page's links.next.",
        );
      const found = this.#tokens.get(token);
      if (found === undefined) {
        throw new BadRequest(
          this.#expired.has(token)
            ? "The continuation token has expired. Start the listing again from the first page."
            : "The continuation token is not valid: send the MS-ContinuationToken of the previous page's links.next unchanged.",
        );
      }
      cursor = found;
    } else {
      if (token !== undefined)
        throw new BadRequest(
          "MS-ContinuationToken was sent without seekOperation=Next: request the previous page's links.next.uri, which ends with seekOperation=Next.",
        );
      cursor = { filter: parseFilter(query.get("filter")), size: parseSize(query.get("size")), offset: 0 };
    }
    const matches = this.#matches(cursor.filter);
    const items = matches.slice(cursor.offset, cursor.offset + cursor.size);
    const nextOffset = cursor.offset + items.length;
    const next: Cursor | undefined =
      nextOffset < matches.length ? { ...cursor, offset: nextOffset } : undefined;
    const nextToken = next === undefined ? undefined : this.#issue(next);
    const requestedSize = query.get("size");
    return {
      totalCount: items.length,
      items,
      links: {
        self: {
          uri: linkUri(cursor.filter, seek === null ? requestedSize : String(cursor.size), seek !== null),
          method: "GET",
          headers: [],
        },
        ...(nextToken === undefined
          ? {}
          : {
              next: {
                uri: linkUri(cursor.filter, String(cursor.size), true),
                method: "GET",
                headers: [{ key: "MS-ContinuationToken", value: nextToken }],
              },
            }),
      },
      ...(nextToken === undefined ? {} : { continuationToken: nextToken }),
      attributes: { objectType: "Collection" },
    };
  }

  #matches(filter: Filter | undefined): readonly Customer[] {
    const all = this.#data.customers;
    if (filter === undefined) return all;
    const value = filter.value.toLowerCase();
    switch (filter.field) {
      case "CompanyName":
        return all.filter((c) => (c.companyProfile.companyName ?? "").toLowerCase().startsWith(value));
      case "Domain":
        return all.filter((c) => c.companyProfile.domain.toLowerCase().startsWith(value));
      case "IndirectReseller":
      case "IndirectCloudSolutionProvider": {
        const partners = filter.field === "IndirectReseller" ? this.#data.resellers : this.#data.providers;
        if (!partners.includes(value)) return [];
        return all.filter((c) => c.associatedPartnerId?.toLowerCase() === value);
      }
    }
  }

  #issue(cursor: Cursor): string {
    const token = tokenFor(this.#data.seed, cursor);
    this.#expired.delete(token);
    this.#tokens.delete(token);
    this.#tokens.set(token, cursor);
    if (this.#tokens.size > MAX_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value as string);
    return token;
  }

  #remember(set: Set<string>, token: string): void {
    set.add(token);
    if (set.size > MAX_TOKENS) set.delete(set.values().next().value as string);
  }
}

/** An id header echoed when it is a plain id, else a new GUID (never a hostile value copied back). */
function echo(value: string | undefined): string {
  return value !== undefined && SAFE_ID.test(value) ? value : randomUUID();
}

function parseSize(raw: string | null): number {
  if (raw === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > MAX_SIZE)
    throw new BadRequest(
      `The size ${JSON.stringify(raw.slice(0, 32))} is not valid: give a whole number from 0 (the default page size) to ${MAX_SIZE}.`,
    );
  const size = Number(raw);
  return size === 0 ? DEFAULT_PAGE_SIZE : size;
}

function parseFilter(raw: string | null): Filter | undefined {
  if (raw === null) return undefined;
  const example = 'such as {"Field":"CompanyName","Value":"Cont","Operator":"starts_with"}';
  if (raw.length > MAX_FILTER_TEXT)
    throw new BadRequest(`The filter is longer than ${MAX_FILTER_TEXT} characters.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BadRequest(`The filter is not JSON: send a JSON object ${example}, URL-encoded.`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new BadRequest(`The filter must be a JSON object ${example}.`);
  const { Field, Value, Operator, ...rest } = parsed as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined)
    throw new BadRequest(
      `The filter has an unknown key ${JSON.stringify(unknown.slice(0, 32))}: it takes Field, Value and Operator only.`,
    );
  if (typeof Field !== "string" || !(FIELDS as readonly string[]).includes(Field))
    throw new BadRequest(`The filter's Field must be one of ${FIELDS.join(", ")}.`);
  if (Operator !== "starts_with")
    throw new BadRequest(
      'The filter\'s Operator must be "starts_with", the only operator customers support.',
    );
  if (typeof Value !== "string" || Value.length === 0 || Value.length > MAX_FILTER_VALUE)
    throw new BadRequest(`The filter's Value must be a string of 1 to ${MAX_FILTER_VALUE} characters.`);
  if ((Field === "IndirectReseller" || Field === "IndirectCloudSolutionProvider") && !GUID.test(Value))
    throw new BadRequest("Tenant Id must be a GUID.", 2000, "PartnerApiServiceControllers");
  return { field: Field as Field, value: Value };
}

/**
 * A link's URI as the service writes them: host-less; the plain list's with `/v1`
 * (`/v1/customers?size=500&seekOperation=Next`, Partner-Center-PowerShell#379), the filtered
 * list's without (`/customers?size=0&filter=…`, the documented filter sample), so that a client
 * meets both forms in one walk.
 */
function linkUri(filter: Filter | undefined, size: string | null, seek: boolean): string {
  const query: string[] = [];
  if (size !== null) query.push(`size=${encodeURIComponent(size)}`);
  if (filter !== undefined)
    query.push(
      `filter=${encodeURIComponent(JSON.stringify({ Field: filter.field, Value: filter.value, Operator: "starts_with" }))}`,
    );
  if (seek) query.push("seekOperation=Next");
  const path = filter === undefined ? "/v1/customers" : "/customers";
  return query.length === 0 ? path : `${path}?${query.join("&")}`;
}

/** The same cursor always gets the same token (for one seed), so recordings of the mock are stable. */
function tokenFor(seed: number, cursor: Cursor): string {
  const key = `${seed}|${cursor.filter?.field ?? ""}|${cursor.filter?.value.toLowerCase() ?? ""}|${cursor.size}|${cursor.offset}`;
  let binary = "";
  for (let word = 0; word < 4; word++) {
    const hash = fnv1a(`${word}:${key}`);
    for (const shift of [24, 16, 8, 0]) binary += String.fromCharCode((hash >>> shift) & 0xff);
  }
  return btoa(binary);
}

/** A random version-4 GUID from `crypto.getRandomValues`, which (unlike `randomUUID`) every runtime and every page has. */
function randomUUID(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
