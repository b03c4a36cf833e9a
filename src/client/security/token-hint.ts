/**
 * Why a token may have been refused, read from its own claims: on a 401 or 403 the client decodes
 * a JWT-shaped token's payload locally (it never verifies it, sends it anywhere, or prints the
 * token or any of its segments) and names the usual causes. Each claim value shown is cut short and
 * limited to printable ASCII, since a token from an unknown source is hostile input too.
 *
 * | Claim | Condition | Hint |
 * | --- | --- | --- |
 * | `aud` | an Azure AD Graph audience (`https://graph.windows.net`, …) | Graph-audience tokens were retired for Partner Center on 31 August 2025; request the cloud's Partner Center resource |
 * | `aud` | another URL than the cloud's API (`https://api.partnercenter.microsoft.com`) | the token is for another resource; request the Partner Center one |
 * | `exp` | in the past | expired, and how long ago |
 * | `nbf` | in the future | not valid yet: check the clock |
 * | `amr` | an App+User token (`scp`) whose `amr` lacks `mfa` | {@link MFA_HINT} |
 * | `iss` | an authority of another cloud than the client's | the token is from another cloud's Entra ID |
 */
import { CLOUDS, type Cloud } from "../clouds.js";

// Azure AD Graph's hosts in each cloud (retired as a Partner Center audience).
const GRAPH_AUDIENCES = new Set([
  "https://graph.windows.net",
  "https://graph.chinacloudapi.cn",
  "https://graph.microsoftazure.de",
  "https://graph.cloudapi.de",
]);
// Which cloud a token authority's host belongs to. The global hosts also issue US Government and
// Germany tokens in some setups, so they count as "global" only for a China client.
const AUTHORITY_CLOUDS: Readonly<Record<string, Cloud>> = {
  "login.microsoftonline.com": "global",
  "login.windows.net": "global",
  "sts.windows.net": "global",
  "login.chinacloudapi.cn": "china",
  "sts.chinacloudapi.cn": "china",
  "login.partner.microsoftonline.cn": "china",
  "login.microsoftonline.us": "usgov",
  "login.microsoftonline.de": "germany",
};
const MAX_PAYLOAD = 16_384;

/**
 * What to do when Partner Center wants multi-factor authentication: the hint for a 401 with error
 * code 900421 (reported for App+User calls without MFA; not in Microsoft's error table) and for an
 * App+User token whose `amr` claim has no `mfa`.
 */
export const MFA_HINT =
  "Partner Center requires multi-factor authentication (MFA) for App+User calls since April 2026: sign the user in with MFA and get a new token (in the secure application model, redo the consent or sign-in that issues the refresh token with MFA), or list customers as the app alone (app-only, client credentials for https://api.partnercenter.microsoft.com/.default), which this API also accepts.";

/** The Partner Center error code reported for an App+User call without MFA. */
export const MFA_REQUIRED_CODE = 900421;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A hint about why Partner Center refused `token` (for a client of `cloud`, at `nowMs`), or
 * `undefined` when the token is not a readable JWT or nothing in it looks wrong.
 */
export function tokenHint(token: string, cloud: Cloud, nowMs: number): string | undefined {
  const claims = readClaims(token);
  if (claims === undefined) return undefined;
  const hints: string[] = [];
  const expected = CLOUDS[cloud].baseUrl;
  const audience = audienceProblem(claims.aud, expected);
  if (audience !== undefined) hints.push(audience);
  const { exp, nbf } = claims;
  if (typeof exp === "number" && Number.isFinite(exp) && exp * 1000 <= nowMs) {
    hints.push(
      `The token expired ${duration(nowMs - exp * 1000)} ago (exp ${isoTime(exp)}): get a new one (refresh it before each job, and again when a 401 arrives).`,
    );
  }
  if (typeof nbf === "number" && Number.isFinite(nbf) && nbf * 1000 > nowMs) {
    hints.push(
      `The token is not valid until ${isoTime(nbf)} (nbf, in ${duration(nbf * 1000 - nowMs)}): check this machine's clock.`,
    );
  }
  const { scp, amr } = claims;
  if (typeof scp === "string" && Array.isArray(amr) && !amr.includes("mfa")) {
    hints.push(`This App+User token was issued without MFA (its amr claim has no "mfa"). ${MFA_HINT}`);
  }
  const issuer = issuerProblem(claims.iss, cloud);
  if (issuer !== undefined) hints.push(issuer);
  return hints.length === 0 ? undefined : hints.join(" ");
}

function readClaims(token: string): Record<string, unknown> | undefined {
  const segments = token.split(".");
  // Three segments is a JWS; a JWE (five) is encrypted and cannot be read here.
  const payload = segments.length === 3 ? segments[1] : undefined;
  if (payload === undefined || payload.length === 0 || payload.length > MAX_PAYLOAD) return undefined;
  try {
    const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === "object" && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
    // Stryker disable next-line BlockStatement: an empty catch block also makes the function return undefined
  } catch {
    return undefined;
  }
}

function audienceProblem(aud: unknown, expected: string): string | undefined {
  const audiences = (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === "string");
  if (audiences.length === 0) return undefined;
  const normal = audiences.map((a) => a.toLowerCase().replace(/\/+$/, ""));
  // An application id as audience cannot be judged here without a list of ids; say nothing.
  if (normal.includes(expected) || normal.some((a) => GUID.test(a))) return undefined;
  const fix = `request a token for ${expected} (scope ${expected}/.default for app-only, ${expected}/user_impersonation for App+User)`;
  const graph = normal.find((a) => GRAPH_AUDIENCES.has(a));
  if (graph !== undefined) {
    return `The token's audience is ${graph} (Azure AD Graph): Partner Center stopped accepting Graph-audience tokens on 31 August 2025; ${fix}.`;
  }
  return `The token is for ${shown(audiences.join(", "))}, not for Partner Center: ${fix}.`;
}

function issuerProblem(iss: unknown, cloud: Cloud): string | undefined {
  if (typeof iss !== "string") return undefined;
  let host: string;
  try {
    host = new URL(iss).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const from = AUTHORITY_CLOUDS[host];
  if (from === undefined || from === cloud) return undefined;
  if (from === "global" && cloud !== "china") return undefined;
  return `The token was issued by ${shown(host)}, the ${from} cloud's authority, but the client calls the ${cloud} cloud: get the token from ${CLOUDS[cloud].authority} or set the client's cloud option.`;
}

// Printable ASCII only and short: a claim is the token issuer's text, not ours.
function shown(value: string): string {
  const flat = value.replace(/[^\x20-\x7e]/g, "?");
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
