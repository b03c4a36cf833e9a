/**
 * Deterministic customer pages shaped like Partner Center's `GET /v1/customers` answers, shared by the
 * paging server, the recordings for the checker and the memory test (so every measurement sees the
 * same bytes). Page `i` of `total` links to page `i + 1` through `links.next` with its continuation
 * token in `links.next.headers`, as the service does (facts §1.2); the last page has no `next`.
 */

/** The customers on one page, as the documentation's examples use. */
export const PAGE_SIZE = 40;
/** The URI of every next link (the token, not the URI, says which page comes next). */
export const NEXT_URI = `/v1/customers?size=${PAGE_SIZE}&seekOperation=Next`;
/** The first request's path. */
export const FIRST_PATH = `/v1/customers?size=${PAGE_SIZE}`;
const RELATIONSHIPS = ["reseller", "reseller", "reseller", "advisor", "none", "microsoft_support"];

/** A UUID-shaped id derived from a number (stable across runs). */
export function uuidOf(n: number, salt = 0): string {
  let x = (n * 2654435761 + salt * 40503 + 0x9e3779b9) >>> 0;
  let hex = "";
  for (let i = 0; i < 4; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    x = Math.imul(x ^ (x >>> 12), 0x297a2d39) >>> 0;
    hex += (x >>> 0).toString(16).padStart(8, "0");
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The opaque continuation token that leads to page `index` (long and base64, like the real ones). */
export function tokenFor(index: number): string {
  return Buffer.from(
    JSON.stringify({
      seek: index,
      partition: "customers-v3",
      snapshot: uuidOf(index, 7),
      pad: "x".repeat(48),
    }),
  ).toString("base64");
}

/** The page index a continuation token leads to, or `undefined` for a token this server never issued. */
export function pageOfToken(token: string): number | undefined {
  try {
    const seek = (JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { seek?: unknown }).seek;
    return typeof seek === "number" && Number.isInteger(seek) && seek >= 0 ? seek : undefined;
  } catch {
    return undefined;
  }
}

function link(uri: string, headers: Array<{ key: string; value: string }> = []) {
  return { uri, method: "GET", headers };
}

/** One customer as a list item carries it. */
export function customer(n: number) {
  const id = uuidOf(n);
  return {
    id,
    companyProfile: {
      tenantId: id,
      domain: `contoso${n}.onmicrosoft.com`,
      companyName: `Contoso Customer ${n} Ltd`,
      links: { self: link(`/v1/customers/${id}/profiles/company`) },
      attributes: { objectType: "CustomerCompanyProfile" },
    },
    relationshipToPartner: RELATIONSHIPS[n % RELATIONSHIPS.length] ?? "reseller",
    links: { self: link(`/v1/customers/${id}`) },
    attributes: { objectType: "Customer" },
  };
}

/** Page `index` (0-based) of a listing of `total` pages of `size` customers. */
export function page(index: number, total: number, size = PAGE_SIZE) {
  const items = Array.from({ length: size }, (_, k) => customer(index * size + k));
  const last = index >= total - 1;
  return {
    totalCount: items.length,
    items,
    links: {
      self: link(index === 0 ? FIRST_PATH : NEXT_URI),
      ...(last
        ? {}
        : { next: link(NEXT_URI, [{ key: "MS-ContinuationToken", value: tokenFor(index + 1) }]) }),
    },
    attributes: { objectType: "Collection" },
  };
}

/** Page `index` as a recorded exchange file (request, response headers, pretty-printed as people commit them). */
export function recordingOf(index: number, total: number): string {
  const requestHeaders: Record<string, string> = {
    accept: "application/json",
    authorization: "Bearer [REDACTED]",
    "ms-requestid": uuidOf(index, 11),
    "ms-correlationid": uuidOf(0, 13),
  };
  if (index > 0) requestHeaders["ms-continuationtoken"] = tokenFor(index);
  const exchange = {
    provenance: { source: "scripts/bench/fixtures.ts (generated)", capturedAt: "2025-01-01" },
    request: {
      method: "GET",
      url: `https://api.partnercenter.microsoft.com${index === 0 ? FIRST_PATH : NEXT_URI}`,
      headers: requestHeaders,
    },
    response: {
      status: 200,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "ms-requestid": uuidOf(index, 11),
        "ms-correlationid": uuidOf(0, 13),
        "ms-cv": "n0lMNyJtaUC802pO.0",
      },
      body: page(index, total),
    },
  };
  return `${JSON.stringify(exchange, null, 2)}\n`;
}
