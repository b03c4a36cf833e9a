// What `list` and `record` share: their options, and a typed client pointed at the API, at a base
// URL, or (with neither a token nor a base URL) at the embedded stateful mock.

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
import { startMock } from "../mock/start-mock.js";
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

/** A client and where it points. */
export interface Session {
  client: PartnerCenterClient;
  /** Where the customers come from, for messages: a URL, or "the embedded mock". */
  source: string;
  /** The base URL requests go to. */
  baseUrl: string;
  mock: boolean;
  stop(): Promise<void>;
}

/**
 * Opens a session. With a token, the API (or `--base-url`); with `--base-url` and no token, that
 * URL with a placeholder token (for mocks); with neither, the embedded stateful mock.
 */
export async function openSession(
  options: ListOptions,
  io: Io,
  command: string,
  extra: { fetch?: (inner: FetchLike) => FetchLike; hooks?: PartnerCenterHooks },
): Promise<Session> {
  const token = io.env[options.tokenEnv];
  if (token) io.addSecret(token);
  const wrap = extra.fetch ?? ((inner: FetchLike) => inner);
  const globalFetch: FetchLike = (request) => fetch(request);

  if (!token && options.baseUrl === undefined) {
    const mock = await startMock();
    io.err(
      `${options.tokenEnv} is not set and no --base-url was given: using the embedded mock at ${mock.url} ` +
        `(${mock.dataSet.customers.length} made-up customers, validated by Prism). Set ${options.tokenEnv} to list your own customers.\n`,
    );
    try {
      const client = createClient(
        {
          token: "mock-token",
          baseUrl: mock.url,
          fetch: wrap(globalFetch),
          ...(extra.hooks ? { hooks: extra.hooks } : {}),
        },
        command,
      );
      return {
        client,
        source: "the embedded mock",
        baseUrl: mock.url,
        mock: true,
        stop: () => mock.close(),
      };
    } catch (error) {
      await mock.close();
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
  return `${error.message}${error.hint === undefined && !error.message.endsWith(".") ? "." : ""}${hint}`;
}
