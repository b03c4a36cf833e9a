/**
 * A local stand-in for Partner Center's `GET /v1/customers`, on a real `node:http` server bound to
 * 127.0.0.1 on an ephemeral port. It pages the way the service does (a `links.next` whose
 * `MS-ContinuationToken` header carries the position, `seekOperation=Next` in the uri), applies the
 * `starts_with` filter, echoes `MS-RequestId`/`MS-CorrelationId`, logs every request, and injects
 * faults on a schedule: error statuses, `Retry-After`, reset connections, hangs, truncated or HTML
 * bodies. Tests, property tests and benchmarks share it.
 *
 * Always `await server.close()` (in `afterEach`/`afterAll`): it also ends hung connections.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { components } from "../../generated/partner-center.js";

type Customer = components["schemas"]["Customer"];
type CustomerCollection = components["schemas"]["CustomerCollection"];
type CustomerFilter = components["schemas"]["CustomerFilter"];

/** Something to do instead of (or to) a normal answer. */
export type Fault =
  /** Answer with this status and a JSON error body (a Partner Center-shaped default for the status). */
  | {
      readonly kind: "status";
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Destroy the connection before sending anything. */
  | { readonly kind: "reset" }
  /** Never answer (until `close()`). */
  | { readonly kind: "hang" }
  /** Send the status line, headers and half of the page, then never finish. */
  | { readonly kind: "hang-mid-body" }
  /** Send half of the page with a full `Content-Length`, then destroy the connection. */
  | { readonly kind: "reset-mid-body" }
  /** Send a complete 200 response whose JSON body is cut in half. */
  | { readonly kind: "truncate" }
  /** Send an HTML gateway page with this status (default 200). */
  | { readonly kind: "html"; readonly status?: number }
  /** Send exactly this (with `statusText` as the reason phrase, when given). */
  | {
      readonly kind: "raw";
      readonly status: number;
      readonly statusText?: string;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body: string;
    };

/** A request the server received. */
export interface RecordedRequest {
  /** 1-based, in arrival order. */
  readonly index: number;
  readonly method: string;
  /** Path and query exactly as sent, such as `/v1/customers?size=40`. */
  readonly url: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** What the server knows when it builds a page, for `transformPage`. */
export interface PageContext {
  readonly request: RecordedRequest;
  /** The offset of the page's first customer. */
  readonly offset: number;
  /** The continuation token that leads to the next page, if there is one. */
  readonly nextToken: string | undefined;
}

/** How to set the server up. Everything is optional. */
export interface CustomerServerOptions {
  /** The partner's customers, or how many to generate with `makeCustomers` (default 100). */
  readonly customers?: number | readonly Customer[];
  /** The page size when a request has no `size` or `size=0` (default 500, as observed on the service). */
  readonly defaultPageSize?: number;
  /** Faults by 1-based request number, or a function that picks one (or none) per request. */
  readonly faults?: Readonly<Record<number, Fault>> | ((request: RecordedRequest) => Fault | undefined);
  /** Rewrites a page before it is sent: foreign next links, repeated tokens, links without `/v1`. */
  readonly transformPage?: (page: CustomerCollection, context: PageContext) => unknown;
  /** When set, a request without `Authorization: Bearer <expectedToken>` gets a 401. */
  readonly expectedToken?: string;
  /** Extra response headers of a page answered without a fault. */
  readonly pageHeaders?: (request: RecordedRequest) => Readonly<Record<string, string>>;
  /** Start next-link uris with `/v1` (default, as the service does) or without it (as some docs show). */
  readonly linkPrefix?: "/v1" | "";
}

/** A running server. */
export interface CustomerServer {
  /** The base URL to give the client, such as `http://127.0.0.1:54321`. */
  readonly url: string;
  /** Every request so far, in order. */
  readonly requests: RecordedRequest[];
  /** The customers it serves, in order. */
  readonly customers: readonly Customer[];
  /** Closes the server and every open connection, hung ones included. */
  close(): Promise<void>;
}

const NAMES = ["Contoso", "Fabrikam", "Northwind", "Tailspin", "Wingtip", "Adventure Works", "Litware"];

/** `count` deterministic customers shaped like the list endpoint's items. */
export function makeCustomers(count: number): Customer[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`;
    const name = `${NAMES[i % NAMES.length]} ${i + 1}`;
    return {
      id,
      companyProfile: {
        tenantId: id,
        domain: `${name.toLowerCase().replace(/\s+/g, "")}.onmicrosoft.com`,
        companyName: name,
        attributes: { objectType: "CustomerCompanyProfile" },
      },
      relationshipToPartner: "reseller",
      attributes: { objectType: "Customer" },
    };
  });
}

/** The Partner Center-shaped error body the server sends for `status` unless a fault gives one. */
export function defaultErrorBody(status: number): unknown {
  switch (status) {
    case 400:
      return { code: 800002, description: "Invalid request input", data: [], source: "PartnerFD" };
    case 401:
      return { code: 1002, description: "Authorization Failed", data: [], source: "PartnerFD" };
    case 403:
      return { code: 2032, description: "Access denied", data: [], source: "PartnerFD" };
    case 404:
      return { code: 1000, description: "Not found", data: [], source: "PartnerFD" };
    case 429:
      return { statusCode: 429, message: "Rate limit is exceeded. Try again in 1 seconds." };
    default:
      return { code: 800003, description: "Unexpected service error", data: [], source: "PartnerFD" };
  }
}

const HTML_PAGE =
  "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";

/** Starts a server; resolves once it listens. */
export async function startCustomerServer(options: CustomerServerOptions = {}): Promise<CustomerServer> {
  const customers =
    typeof options.customers === "object" ? options.customers : makeCustomers(options.customers ?? 100);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const request: RecordedRequest = {
      index: requests.length + 1,
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: flatten(req),
    };
    requests.push(request);
    const faults = options.faults;
    const fault = typeof faults === "function" ? faults(request) : faults?.[request.index];
    if (fault) {
      injectFault(fault, request, res, () => page(request).body);
      return;
    }
    const answer = page(request);
    send(res, request, answer.status, answer.body, options.pageHeaders?.(request));
  });

  function page(request: RecordedRequest): { status: number; body: string } {
    const error = (status: number, description: string) => ({
      status,
      body: JSON.stringify({ code: 800002, description, data: [], source: "PartnerFD" }),
    });
    if (
      options.expectedToken !== undefined &&
      request.headers.authorization !== `Bearer ${options.expectedToken}`
    ) {
      return { status: 401, body: JSON.stringify(defaultErrorBody(401)) };
    }
    const url = new URL(request.url, "http://localhost");
    if (request.method !== "GET" || url.pathname !== "/v1/customers") return error(404, "Not found");
    let position: Position;
    if (url.searchParams.get("seekOperation") === "Next") {
      const token = request.headers["ms-continuationtoken"];
      const decoded = token === undefined ? undefined : decodeToken(token);
      if (decoded === undefined) return error(400, "Missing or invalid continuation token");
      position = decoded;
    } else {
      const size = Number(url.searchParams.get("size") ?? "0");
      if (!Number.isInteger(size) || size < 0) return error(400, "Invalid size");
      const filterText = url.searchParams.get("filter");
      let filter: CustomerFilter | undefined;
      try {
        filter = filterText === null ? undefined : (JSON.parse(filterText) as CustomerFilter);
      } catch {
        return error(400, "Invalid filter");
      }
      position = { offset: 0, size: size || (options.defaultPageSize ?? 500), filter };
    }
    const matching = position.filter ? customers.filter((c) => matches(c, position.filter)) : customers;
    const items = matching.slice(position.offset, position.offset + position.size);
    const end = position.offset + items.length;
    const nextToken = end < matching.length ? encodeToken({ ...position, offset: end }) : undefined;
    const prefix = options.linkPrefix ?? "/v1";
    const collection: CustomerCollection = {
      totalCount: items.length,
      items,
      links: {
        self: { uri: `${prefix}/customers?size=${position.size}`, method: "GET", headers: [] },
        ...(nextToken === undefined
          ? {}
          : {
              next: {
                uri: `${prefix}/customers?size=${position.size}&seekOperation=Next`,
                method: "GET",
                headers: [{ key: "MS-ContinuationToken", value: nextToken }],
              },
            }),
      },
      attributes: { objectType: "Collection" },
    };
    const body = options.transformPage
      ? options.transformPage(collection, { request, offset: position.offset, nextToken })
      : collection;
    return { status: 200, body: JSON.stringify(body) };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    customers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface Position {
  readonly offset: number;
  readonly size: number;
  readonly filter: CustomerFilter | undefined;
}

// Opaque to the client, like the service's tokens; it carries the walk's state, so size and
// filter need not be sent again (the .NET SDK does not send them on seek requests).
function encodeToken(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString("base64");
}

function decodeToken(token: string): Position | undefined {
  try {
    const position = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as Position;
    return Number.isInteger(position.offset) && Number.isInteger(position.size) ? position : undefined;
  } catch {
    return undefined;
  }
}

function matches(customer: Customer, filter: CustomerFilter | undefined): boolean {
  if (!filter) return true;
  const field =
    filter.Field === "CompanyName"
      ? customer.companyProfile.companyName
      : filter.Field === "Domain"
        ? customer.companyProfile.domain
        : customer.associatedPartnerId;
  return field?.toLowerCase().startsWith(String(filter.Value).toLowerCase()) ?? false;
}

function flatten(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function idHeaders(request: RecordedRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  const { "ms-requestid": requestId, "ms-correlationid": correlationId } = request.headers;
  if (requestId !== undefined) headers["MS-RequestId"] = requestId;
  if (correlationId !== undefined) headers["MS-CorrelationId"] = correlationId;
  return headers;
}

function send(
  res: ServerResponse,
  request: RecordedRequest,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...idHeaders(request),
    ...headers,
  });
  res.end(body);
}

function injectFault(
  fault: Fault,
  request: RecordedRequest,
  res: ServerResponse,
  pageBody: () => string,
): void {
  switch (fault.kind) {
    case "status":
      send(
        res,
        request,
        fault.status,
        JSON.stringify(fault.body ?? defaultErrorBody(fault.status)),
        fault.headers,
      );
      return;
    case "reset":
      res.socket?.destroy();
      return;
    case "hang":
      return;
    case "hang-mid-body": {
      const body = pageBody();
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.write(body.slice(0, body.length >> 1));
      return;
    }
    case "reset-mid-body": {
      const body = pageBody();
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.write(body.slice(0, body.length >> 1), () => res.socket?.destroy());
      return;
    }
    case "truncate": {
      const body = pageBody();
      send(res, request, 200, body.slice(0, body.length >> 1));
      return;
    }
    case "html":
      send(res, request, fault.status ?? 200, HTML_PAGE, { "Content-Type": "text/html; charset=utf-8" });
      return;
    case "raw": {
      const headers = { ...idHeaders(request), ...fault.headers };
      if (fault.statusText === undefined) res.writeHead(fault.status, headers);
      else res.writeHead(fault.status, fault.statusText, headers);
      res.end(fault.body);
      return;
    }
  }
}

/**
 * The attack of issue #18: a server that puts the caller's token into page 1's next link with its
 * dots written `%2E`, then fails every later page with a 500 whose description quotes the URL.
 */
export function startTokenInNextLinkServer(token: string): Promise<CustomerServer> {
  const encoded = token.replace(/\./g, "%2E");
  return startCustomerServer({
    customers: 4,
    expectedToken: token,
    transformPage: (page) =>
      page.links?.next
        ? {
            ...page,
            links: {
              ...page.links,
              next: { ...page.links.next, uri: `${page.links.next.uri}&t=${encoded}` },
            },
          }
        : page,
    faults: (request) =>
      request.index > 1
        ? {
            kind: "status",
            status: 500,
            headers: { "Retry-After": "0" },
            body: { code: 800003, description: `Failed for ${request.url}`, data: [], source: "PartnerFD" },
          }
        : undefined,
  });
}
