/**
 * The Partner Center clouds: where each one's REST API lives and where its tokens come from.
 *
 * Sources: Microsoft's "Partner Center REST API URLs" page
 * and the Partner Center PowerShell module (`EnvironmentConstants.cs`, `PartnerEnvironment.cs`,
 * `ConnectPartnerCenter.cs`). US Government and Germany use the global API host; only their token
 * authority differs.
 */

/** A Partner Center cloud. `"global"` is the default. */
export type Cloud = "global" | "china" | "usgov" | "germany";

/** Where a cloud's Partner Center API lives and how to get a token for it. */
export interface CloudEndpoints {
  /** The Partner Center REST API origin, without a trailing slash. */
  readonly baseUrl: string;
  /** The Microsoft Entra ID authority that issues this cloud's tokens (append the tenant id). */
  readonly authority: string;
  /** The scope to request for an app-only token (client credentials flow). */
  readonly appOnlyScope: string;
  /** The scope to request for an app+user token (secure application model). */
  readonly delegatedScope: string;
}

const GLOBAL_API = "https://api.partnercenter.microsoft.com";
const CHINA_API = "https://partner.partnercenterapi.microsoftonline.cn";

// The scopes are `<API origin>/.default` and `<API origin>/user_impersonation`, as PowerShell builds
// them from the environment's Partner Center endpoint. For China, `.default` on the 21Vianet host is
// an inference from that rule, not a documented value.
function endpoints(baseUrl: string, authority: string): CloudEndpoints {
  return Object.freeze({
    baseUrl,
    authority,
    appOnlyScope: `${baseUrl}/.default`,
    delegatedScope: `${baseUrl}/user_impersonation`,
  });
}

/** The known clouds and their endpoints. */
export const CLOUDS: Readonly<Record<Cloud, CloudEndpoints>> = Object.freeze({
  global: endpoints(GLOBAL_API, "https://login.microsoftonline.com/"),
  china: endpoints(CHINA_API, "https://login.chinacloudapi.cn/"),
  usgov: endpoints(GLOBAL_API, "https://login.microsoftonline.us/"),
  germany: endpoints(GLOBAL_API, "https://login.microsoftonline.de/"),
});

/** Looks a cloud up by name; a name that is not a known cloud is a `RangeError`. */
export function cloudEndpoints(cloud: unknown): CloudEndpoints {
  if (typeof cloud === "string" && Object.hasOwn(CLOUDS, cloud)) {
    return CLOUDS[cloud as Cloud];
  }
  throw new RangeError(
    `Unknown Partner Center cloud ${typeof cloud === "string" ? JSON.stringify(cloud) : typeof cloud}; expected one of ${Object.keys(CLOUDS).join(", ")}.`,
  );
}
