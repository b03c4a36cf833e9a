/**
 * CORS for the HTTP mock, so that a page served from another origin (a dev server, a browser test
 * runner) can call it: the front answers preflights itself, before Prism and before the request
 * count, so a preflight never reaches the stand-in and never consumes a fault number.
 */

/** The request headers the client sends (besides the CORS-safelisted ones). */
export const CORS_ALLOW_HEADERS = [
  "Authorization",
  "MS-RequestId",
  "MS-CorrelationId",
  "MS-ContinuationToken",
  "X-Locale",
  "MS-PartnerCenter-Application",
  "Accept",
] as const;

/** The response headers a page needs to read (retry timing, the ids that tie a call to the logs). */
export const CORS_EXPOSE_HEADERS = ["MS-RequestId", "MS-CorrelationId", "Retry-After", "MS-CV"] as const;

/** Which page origins may call the mock. */
export type CorsPolicy = (origin: string) => boolean;

/**
 * The policy for the mock's `cors` option: loopback origins (`http://localhost:*`,
 * `http://127.x.y.z:*`, `http://[::1]:*`, and their https forms) always; each origin listed besides;
 * every origin with `"*"`. A listed value that is not an origin is a `RangeError`.
 */
export function corsPolicy(allowed: string | readonly string[] | undefined): CorsPolicy {
  const list = allowed === undefined ? [] : typeof allowed === "string" ? [allowed] : [...allowed];
  const origins = new Set<string>();
  let any = false;
  for (const value of list) {
    if (value === "*") {
      any = true;
      continue;
    }
    origins.add(originOf(value));
  }
  return (origin) => any || origins.has(origin) || isLoopbackOrigin(origin);
}

function originOf(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    url.origin !== String(value).replace(/\/$/, "")
  )
    throw new RangeError(
      `cors takes page origins such as http://localhost:5173 or https://app.example (scheme, host and port, no path), or *; got ${JSON.stringify(String(value).slice(0, 100))}.`,
    );
  return url.origin;
}

function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The headers an allowed origin's actual (non-preflight) response carries. */
export function corsResponseHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": CORS_EXPOSE_HEADERS.join(", "),
    vary: "Origin",
  };
}

/**
 * The answer to a preflight: 204 with the allow headers, or 403 saying how to allow the origin.
 * `privateNetwork` is whether the preflight asked for private network access (Chromium asks when a
 * page on a public origin calls a loopback address); an allowed origin gets it.
 */
export function preflightAnswer(
  origin: string | undefined,
  policy: CorsPolicy,
  privateNetwork = false,
): { status: number; headers: Record<string, string>; body: string } {
  if (origin !== undefined && policy(origin)) {
    return {
      status: 204,
      headers: {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "GET, HEAD, OPTIONS",
        "access-control-allow-headers": CORS_ALLOW_HEADERS.join(", "),
        "access-control-max-age": "600",
        ...(privateNetwork ? { "access-control-allow-private-network": "true" } : {}),
        vary: "Origin",
      },
      body: "",
    };
  }
  const body = JSON.stringify({
    code: 403,
    description: `The mock does not allow the origin ${JSON.stringify(String(origin ?? "(none)").slice(0, 100))}: loopback origins are allowed; start it with --cors ORIGIN (or --cors '*') to allow another.`,
  });
  return {
    status: 403,
    headers: { "content-type": "application/json; charset=utf-8", vary: "Origin" },
    body,
  };
}
