// What `list` and `record` share: their options, and a typed client pointed at the API, at a base
// URL, or (for `list` with neither a token nor a base URL) at the embedded Prism mock.

import {
  CLOUDS,
  type Cloud,
  createPartnerCenterClient,
  type FetchLike,
  type ListCustomersParams,
  type PartnerCenterClient,
  PartnerCenterError,
  type PartnerCenterHooks,
} from "partner-center-customers";
import { embeddedSpecPath } from "../conformance/spec.js";
import {
  checkInsecureHttp,
  choiceOption,
  helpHint,
  intOption,
  type ParsedArgs,
  stringOption,
  tokenEnvOption,
  UsageError,
  urlOption,
} from "./args.js";
import type { Io } from "./io.js";
import { startPrism } from "./prism.js";

/** The options of `list` and `record`, checked. */
export interface ListOptions {
  params: ListCustomersParams;
  /** Stop after this many customers. */
  max: number | undefined;
  baseUrl: string | undefined;
  /** `--allow-insecure-http`: a plain-http --base-url on another host was explicitly allowed. */
  allowInsecureHttp: boolean;
  cloud: Cloud;
  tokenEnv: string;
}

const CLOUD_NAMES = Object.keys(CLOUDS) as Cloud[];

export function listOptions(args: ParsedArgs, command: string): ListOptions {
  const size = intOption(args, command, "size", { min: 0, max: 2_147_483_647 }, 100);
  const max = intOption(args, command, "max", { min: 1 });
  const company = stringOption(args, "company");
  const domain = stringOption(args, "domain");
  if (company !== undefined && domain !== undefined) {
    throw new UsageError(
      `--company and --domain cannot be combined: the API takes one filter. Pick one. ${helpHint(command)}`,
    );
  }
  for (const [name, value] of [
    ["company", company],
    ["domain", domain],
  ] as const) {
    if (value !== undefined && value.trim() === "")
      throw new UsageError(`--${name} needs a non-empty prefix, as in --${name} Cont. ${helpHint(command)}`);
  }
  const filter =
    company !== undefined
      ? ({ field: "CompanyName", value: company } as const)
      : domain !== undefined
        ? ({ field: "Domain", value: domain } as const)
        : undefined;
  const baseUrl = urlOption(args, command, "base-url");
  const cloud = choiceOption(args, command, "cloud", CLOUD_NAMES, "global");
  if (baseUrl !== undefined && args.values.cloud !== undefined) {
    throw new UsageError(
      `--base-url and --cloud cannot be combined: --base-url overrides the cloud. ${helpHint(command)}`,
    );
  }
  checkInsecureHttp(args, command, "--base-url", baseUrl);
  return {
    params: { size, ...(filter ? { filter } : {}) },
    max,
    baseUrl,
    allowInsecureHttp: args.values["allow-insecure-http"] === true,
    cloud,
    tokenEnv: tokenEnvOption(args, command),
  };
}

/** The usage error of a command that cannot use the mock when there is neither a token nor a --base-url. */
export function needsToken(options: ListOptions, command: string): UsageError {
  return new UsageError(
    `${command} needs an access token in ${options.tokenEnv} (to call Partner Center), or --base-url URL (a mock or a proxy). ${helpHint(command)}`,
  );
}

/** A client and where it points. */
export interface Session {
  client: PartnerCenterClient;
  /** Where the customers come from, for messages: a URL, or "the embedded Prism mock". */
  source: string;
  /** The base URL requests go to. */
  baseUrl: string;
  mock: boolean;
  stop(): Promise<void>;
}

/**
 * Opens a session. With a token, the API (or `--base-url`); with `--base-url` and no token, that
 * URL with a placeholder token (for mocks); with neither and `allowMock`, the embedded Prism mock.
 */
export async function openSession(
  options: ListOptions,
  io: Io,
  command: string,
  extra: { fetch?: (inner: FetchLike) => FetchLike; allowMock: boolean; hooks?: PartnerCenterHooks },
): Promise<Session> {
  const token = io.env[options.tokenEnv];
  if (token) io.addSecret(token);
  const wrap = extra.fetch ?? ((inner: FetchLike) => inner);
  const globalFetch: FetchLike = (request) => fetch(request);

  if (!token && options.baseUrl === undefined) {
    if (!extra.allowMock) throw needsToken(options, command);
    io.err(
      `${options.tokenEnv} is not set and no --base-url was given: listing the embedded Prism mock of the spec instead.\n` +
        "The mock's next link never ends, so this listing is bounded: the spec's first, middle and last page examples " +
        `(with --company/--domain, its filtered example, which the mock does not filter). Set ${options.tokenEnv} to list your own customers.\n`,
    );
    const prism = await startPrism({ mode: "mock", spec: embeddedSpecPath() });
    try {
      const client = createClient(
        {
          token: "mock-token",
          baseUrl: prism.url,
          fetch: wrap(mockPages(globalFetch, options.params)),
          ...(extra.hooks ? { hooks: extra.hooks } : {}),
        },
        command,
      );
      return {
        client,
        source: "the embedded Prism mock",
        baseUrl: prism.url,
        mock: true,
        stop: () => prism.stop(),
      };
    } catch (error) {
      await prism.stop();
      throw error;
    }
  }
  if (!token) {
    io.err(`${options.tokenEnv} is not set: sending a placeholder token to ${options.baseUrl}.\n`);
  }
  const baseUrl = options.baseUrl ?? CLOUDS[options.cloud].baseUrl;
  const client = createClient(
    {
      token: token || "no-token",
      ...(options.baseUrl === undefined
        ? { cloud: options.cloud }
        : { baseUrl: options.baseUrl, allowInsecureHttp: options.allowInsecureHttp }),
      fetch: wrap(globalFetch),
      ...(extra.hooks ? { hooks: extra.hooks } : {}),
    },
    command,
  );
  return { client, source: baseUrl, baseUrl, mock: false, stop: async () => {} };
}

function createClient(
  options: Parameters<typeof createPartnerCenterClient>[0],
  command: string,
): PartnerCenterClient {
  try {
    return createPartnerCenterClient({ application: "pc-customers", ...options });
  } catch (error) {
    // The client checks its options before any request: a bad one is the user's to fix.
    throw new UsageError(`${(error as Error).message} ${helpHint(command)}`);
  }
}

/**
 * Makes the mock's listing end: the first request gets the spec's first page, the second its
 * middle page and every later one its last page (no next link); a filtered listing gets the
 * filtered example. Prism picks an example by name from the `Prefer` header.
 */
function mockPages(inner: FetchLike, params: ListCustomersParams): FetchLike {
  let calls = 0;
  return (request) => {
    calls++;
    const example = params.filter
      ? "filteredPage"
      : calls === 1
        ? undefined
        : calls === 2
          ? "middlePage"
          : "lastPage";
    if (example === undefined) return inner(request);
    const headers = new Headers(request.headers);
    headers.set("prefer", `example=${example}`);
    return inner(new Request(request, { headers }));
  };
}

/** A client error as a message a user can act on (the client's message already names the ids). */
export function describeClientError(error: unknown, tokenEnv: string, source: string): string {
  if (!(error instanceof PartnerCenterError)) return (error as Error)?.message ?? String(error);
  const hint =
    error.status === 401
      ? ` Check that ${tokenEnv} holds a current Partner Center access token for ${source}.`
      : error.status === 403
        ? " The token is valid but may not list customers: check the app's Partner Center permissions."
        : error.status === 429
          ? ` Throttled: wait${error.retryAfter ? ` ${error.retryAfter} s` : ""} and run it again.`
          : error.status === 0
            ? ` Check that ${source} is reachable.`
            : "";
  // The client's own hint (what the token's claims say) already ends its message, with a full stop.
  return `${error.message}${error.hint === undefined ? "." : ""}${hint}`;
}
