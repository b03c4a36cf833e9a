// A browser devtools HAR as a CI user saves it: the sign-in, the page's script and favicon, a CORS
// preflight, a call outside the spec, and two pages of GET /v1/customers.
import { gzipSync } from "node:zlib";

const ID = "5d6a927d-c207-44bd-847b-3ad6339ace97";
const ID2 = "0b3c2f6a-55a4-4c29-9d2b-6f1f1c7a8e21";

/** A conforming customer. */
export const customer = (id: string) => ({
  id,
  companyProfile: { tenantId: id, domain: "contoso.onmicrosoft.com", companyName: "Contoso" },
  relationshipToPartner: "reseller",
  attributes: { objectType: "Customer" },
});

/** One HAR entry. */
export function harEntry(
  method: string,
  url: string,
  status: number,
  content: Record<string, unknown>,
  extra: {
    requestHeaders?: Array<{ name: string; value: string }>;
    responseHeaders?: Array<{ name: string; value: string }>;
    entry?: Record<string, unknown>;
  } = {},
): Record<string, unknown> {
  return {
    startedDateTime: "2026-12-01T09:00:00.000Z",
    time: 1,
    request: {
      method,
      url,
      httpVersion: "HTTP/2",
      cookies: [],
      headers: extra.requestHeaders ?? [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: "",
      httpVersion: "HTTP/2",
      cookies: [],
      headers: extra.responseHeaders ?? [{ name: "content-type", value: "application/json; charset=utf-8" }],
      content: { mimeType: "application/json", ...content },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
    ...extra.entry,
  };
}

const API = "https://api.partnercenter.microsoft.com/v1/customers";

/** The two list pages; the second is stored as base64 of gzip, as some tools save it. */
export function devtoolsHar(): { log: Record<string, unknown> } {
  const page1 = { totalCount: 1, items: [customer(ID)], attributes: { objectType: "Collection" } };
  const page2 = { totalCount: 1, items: [customer(ID2)], attributes: { objectType: "Collection" } };
  return {
    log: {
      version: "1.2",
      creator: { name: "WebInspector", version: "537.36" },
      entries: [
        harEntry("POST", "https://login.microsoftonline.com/organizations/oauth2/v2.0/token", 200, {
          text: '{"token_type":"Bearer","access_token":"[REDACTED]"}',
        }),
        harEntry("GET", "https://portal.example.com/app.js", 200, {
          mimeType: "text/javascript",
          text: "console.log(1)",
        }),
        harEntry(
          "GET",
          "https://portal.example.com/favicon.ico",
          0,
          { size: 0 },
          { entry: { _error: "net::ERR_ABORTED" } },
        ),
        harEntry(
          "OPTIONS",
          `${API}?size=1`,
          204,
          { size: 0 },
          {
            requestHeaders: [{ name: "Access-Control-Request-Method", value: "GET" }],
          },
        ),
        harEntry("GET", `${API}/${ID}`, 200, { text: JSON.stringify(customer(ID)) }),
        harEntry("GET", `${API}?size=1`, 200, { text: JSON.stringify(page1) }),
        harEntry(
          "GET",
          `${API}?size=1&seekOperation=Next`,
          200,
          { text: gzipSync(JSON.stringify(page2)).toString("base64"), encoding: "base64" },
          {
            responseHeaders: [
              { name: "content-type", value: "application/json; charset=utf-8" },
              { name: "content-encoding", value: "gzip" },
            ],
          },
        ),
      ],
    },
  };
}
