// Errors that explain the token: on 401/403 the client reads the token's claims (unsigned test
// tokens here) and says what is wrong, without any part of the token in the error.
import { describe, expect, it } from "vitest";
import { type AuthenticationError, isPartnerCenterError } from "../../src/client/index.js";
import { clientFor, collect, serversClosedAfterEach } from "../helpers/client-harness.js";

const start = serversClosedAfterEach();
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const seconds = (ms: number) => Math.floor(ms / 1000);

/** An unsigned JWT with these claims (what a test can make; the client never verifies). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ typ: "JWT", alg: "none" })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

const GOOD = {
  aud: "https://api.partnercenter.microsoft.com",
  iss: "https://sts.windows.net/00000000-0000-0000-0000-000000000001/",
  exp: seconds(NOW) + 3600,
  nbf: seconds(NOW) - 60,
};

async function refusal(token: string, status = 401, cloud?: "global" | "china", body?: unknown) {
  const server = await start({ faults: () => ({ kind: "status", status, ...(body ? { body } : {}) }) });
  const client = clientFor(
    server,
    { token, ...(cloud ? { cloud, baseUrl: server.url } : {}) },
    { now: () => NOW },
  );
  const error = await collect(client.customers.list()).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPartnerCenterError(error)) throw new Error(`expected a PartnerCenterError, got ${String(error)}`);
  // No part of the token anywhere: message, stack, fields.
  const everything = `${error.message}\n${error.stack}\n${JSON.stringify({ ...error })}`;
  for (const segment of token.split(".")) expect(everything).not.toContain(segment);
  return error as AuthenticationError;
}

describe("401/403 hints from the token's claims", () => {
  it("says a Graph-audience token was retired and which resource to ask for", async () => {
    const error = await refusal(jwt({ ...GOOD, aud: "https://graph.windows.net" }));
    expect(error.hint).toMatch(
      /audience is https:\/\/graph\.windows\.net \(Azure AD Graph\): Partner Center stopped accepting Graph-audience tokens on 31 August 2025; request a token for https:\/\/api\.partnercenter\.microsoft\.com/,
    );
    expect(error.message).toContain(`Hint: ${error.hint}`);
  });

  it("says another audience is not Partner Center", async () => {
    const error = await refusal(jwt({ ...GOOD, aud: "https://management.azure.com/" }), 403);
    expect(error.hint).toMatch(/The token is for https:\/\/management\.azure\.com\/, not for Partner Center/);
  });

  it("says an expired token expired, and how long ago", async () => {
    const error = await refusal(jwt({ ...GOOD, exp: seconds(NOW) - 2 * 3600 }));
    expect(error.hint).toMatch(/^The token expired 2 h ago \(exp 2026-01-15T10:00:00\.000Z\): get a new one/);
  });

  it("says a token not valid yet points at the clock", async () => {
    const error = await refusal(jwt({ ...GOOD, nbf: seconds(NOW) + 300 }));
    expect(error.hint).toMatch(
      /not valid until 2026-01-15T12:05:00\.000Z \(nbf, in 5 min\): check this machine's clock/,
    );
  });

  it("says an App+User token without MFA needs MFA", async () => {
    const error = await refusal(jwt({ ...GOOD, scp: "user_impersonation", amr: ["pwd"] }), 403);
    expect(error.hint).toMatch(/App\+User token was issued without MFA/);
    expect(error.hint).toMatch(
      /requires multi-factor authentication \(MFA\) for App\+User calls since April 2026/,
    );
    expect(
      (await refusal(jwt({ ...GOOD, scp: "user_impersonation", amr: ["pwd", "mfa"] }))).hint,
    ).toBeUndefined();
  });

  it("says MFA is required, and what to do, on a 401 with error code 900421, once", async () => {
    const mfa = { code: 900421, description: "MFA required", data: [], source: "PartnerFD" };
    const opaque = await refusal("opaque-token-value", 401, undefined, mfa);
    expect(opaque.hint).toMatch(
      /^The service answered with error 900421, reported when MFA is missing\. Partner Center requires multi-factor authentication \(MFA\) for App\+User calls since April 2026: sign the user in with MFA and get a new token .*app-only/,
    );
    expect(opaque.message).toContain(`Hint: ${opaque.hint}`);
    expect((await refusal(jwt(GOOD), 401, undefined, { ...mfa, code: "900421" })).hint).toBe(opaque.hint);
    // The token's own claims already say so: the advice is given once.
    const appUser = await refusal(
      jwt({ ...GOOD, scp: "user_impersonation", amr: ["pwd"] }),
      401,
      undefined,
      mfa,
    );
    expect(appUser.hint?.match(/since April 2026/g)).toHaveLength(1);
    // Another status or code: no MFA hint.
    expect((await refusal("opaque-token-value", 403, undefined, mfa)).hint).toBeUndefined();
    expect(
      (await refusal("opaque-token-value", 401, undefined, { ...mfa, code: 900420 })).hint,
    ).toBeUndefined();
  });

  it("says a token from another cloud's authority is for another cloud", async () => {
    const error = await refusal(jwt({ ...GOOD, iss: "https://login.chinacloudapi.cn/tenant/v2.0" }));
    expect(error.hint).toMatch(
      /issued by login\.chinacloudapi\.cn, the china cloud's authority, but the client calls the global cloud/,
    );
  });

  it("adds no hint for a sound token, a token that is not a JWT, or another status", async () => {
    expect((await refusal(jwt(GOOD))).hint).toBeUndefined();
    expect((await refusal("opaque-token-value")).hint).toBeUndefined();
    expect((await refusal(jwt({ ...GOOD, aud: "https://graph.windows.net" }), 404)).hint).toBeUndefined();
  });
});
