// tokenHint, the pure part of the 401/403 hints: which claims it reads, where each condition
// starts (exactly at now, at 120 s, at 48 h), and what it does with a token it cannot read or with
// claim text from a hostile issuer. test/integration/token-hint.test.ts covers the wire.
import { describe, expect, it } from "vitest";
import { MFA_HINT, tokenHint } from "../../src/client/security/token-hint.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;
const PC = "https://api.partnercenter.microsoft.com";
const CHINA = "https://partner.partnercenterapi.microsoftonline.cn";
const FIX = `request a token for ${PC} (scope ${PC}/.default for app-only, ${PC}/user_impersonation for App+User)`;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** An unsigned JWT with these claims. */
const jwt = (claims: unknown) => `${b64url({ typ: "JWT", alg: "none" })}.${b64url(claims)}.c2ln`;
const hint = (claims: unknown, cloud: "global" | "china" | "usgov" | "germany" = "global") =>
  tokenHint(jwt(claims), cloud, NOW);

describe("audience", () => {
  it.each([
    "https://graph.windows.net",
    "https://graph.chinacloudapi.cn",
    "https://graph.microsoftazure.de",
    "https://graph.cloudapi.de",
  ])("names %s as the retired Azure AD Graph audience", (aud) => {
    expect(hint({ aud })).toBe(
      `The token's audience is ${aud} (Azure AD Graph): Partner Center stopped accepting Graph-audience tokens on 31 August 2025; ${FIX}.`,
    );
  });

  it("compares audiences without case or trailing slashes", () => {
    expect(hint({ aud: "HTTPS://Graph.Windows.Net//" })).toMatch(
      /^The token's audience is https:\/\/graph\.windows\.net \(/,
    );
    expect(hint({ aud: `${PC.toUpperCase()}/` })).toBeUndefined();
  });

  it("says nothing when one of several audiences is Partner Center's, or one is an application id", () => {
    expect(hint({ aud: ["https://graph.windows.net", PC] })).toBeUndefined();
    expect(hint({ aud: ["https://other.example", "00000000-0000-4000-8000-0000000000AB"] })).toBeUndefined();
  });

  it("names every other audience, joined, for a token that is not for Partner Center", () => {
    expect(hint({ aud: ["https://a.example", "https://b.example/"] })).toBe(
      `The token is for https://a.example, https://b.example/, not for Partner Center: ${FIX}.`,
    );
  });

  it("reads only string audiences", () => {
    expect(hint({ aud: 42 })).toBeUndefined();
    expect(hint({ aud: [42, null] })).toBeUndefined();
    expect(hint({})).toBeUndefined();
    expect(hint({ aud: [42, "https://graph.windows.net"] })).toMatch(/Azure AD Graph/);
  });

  it("expects the client's own cloud's API", () => {
    expect(hint({ aud: CHINA }, "china")).toBeUndefined();
    expect(hint({ aud: PC }, "china")).toMatch(
      new RegExp(`^The token is for ${PC}, not for Partner Center: request a token for ${CHINA} `),
    );
    expect(hint({ aud: PC }, "usgov")).toBeUndefined();
  });

  it("shows claim text as printable ASCII, cut to 100 characters", () => {
    expect(hint({ aud: "https://ünïcödé.example/\u0007" })).toMatch(
      /^The token is for https:\/\/\?n\?c\?d\?\.example\/\?, not/,
    );
    const long = `https://${"a".repeat(200)}.example`;
    expect(hint({ aud: long })).toBe(
      `The token is for ${long.slice(0, 99)}…, not for Partner Center: ${FIX}.`,
    );
    const exact = `https://${"b".repeat(92)}`;
    expect(exact).toHaveLength(100);
    expect(hint({ aud: exact })).toBe(`The token is for ${exact}, not for Partner Center: ${FIX}.`);
  });
});

describe("exp and nbf", () => {
  it("calls a token expired from its exp on, not before", () => {
    expect(hint({ exp: NOW_S })).toBe(
      "The token expired 0 s ago (exp 2026-01-15T12:00:00.000Z): get a new one (refresh it before each job, and again when a 401 arrives).",
    );
    expect(hint({ exp: NOW_S + 1 })).toBeUndefined();
  });

  it.each([
    [119, "119 s"],
    [120, "2 min"],
    [119 * 60, "119 min"],
    [120 * 60, "2 h"],
    [47 * 3600, "47 h"],
    [48 * 3600, "2 days"],
    [10 * 86_400, "10 days"],
  ])("says a token that expired %i s ago expired %s ago", (ago, said) => {
    expect(hint({ exp: NOW_S - ago })).toMatch(new RegExp(`^The token expired ${said} ago \\(exp `));
  });

  it("calls a token not valid yet only while its nbf is in the future", () => {
    expect(hint({ nbf: NOW_S })).toBeUndefined();
    expect(hint({ nbf: NOW_S + 90 })).toBe(
      "The token is not valid until 2026-01-15T12:01:30.000Z (nbf, in 90 s): check this machine's clock.",
    );
  });

  it("shows a time no Date can hold as its number of seconds", () => {
    expect(hint({ nbf: 1e20 })).toMatch(/^The token is not valid until 100000000000000000000 \(nbf, in /);
  });

  it("ignores an exp or nbf that is not a finite number", () => {
    expect(hint({ exp: String(NOW_S - 10), nbf: String(NOW_S + 10) })).toBeUndefined();
    // JSON.parse reads 1e999 as Infinity.
    const infinite = `${b64url({ typ: "JWT" })}.${Buffer.from('{"exp":-1e999,"nbf":1e999}').toString("base64url")}.x`;
    expect(tokenHint(infinite, "global", NOW)).toBeUndefined();
  });
});

describe("MFA", () => {
  it("asks for MFA on an App+User token (scp) whose amr lacks mfa", () => {
    expect(hint({ scp: "user_impersonation", amr: ["pwd", "rsa"] })).toBe(
      `This App+User token was issued without MFA (its amr claim has no "mfa"). ${MFA_HINT}`,
    );
  });

  it("says nothing for an app-only token, an amr with mfa, or no amr list", () => {
    expect(hint({ amr: ["pwd"] })).toBeUndefined();
    expect(hint({ scp: "user_impersonation", amr: ["pwd", "mfa"] })).toBeUndefined();
    expect(hint({ scp: "user_impersonation", amr: "pwd" })).toBeUndefined();
    expect(hint({ scp: ["user_impersonation"], amr: ["pwd"] })).toBeUndefined();
  });
});

describe("issuer", () => {
  it.each<[string, string, "global" | "china" | "usgov" | "germany"]>([
    ["https://login.chinacloudapi.cn/t/v2.0", "china", "global"],
    ["https://sts.chinacloudapi.cn/t/", "china", "usgov"],
    ["https://login.partner.microsoftonline.cn/t/", "china", "germany"],
    ["https://login.microsoftonline.us/t/v2.0", "usgov", "global"],
    ["https://login.microsoftonline.de/t/", "germany", "global"],
    ["https://login.microsoftonline.com/t/v2.0", "global", "china"],
    ["https://login.windows.net/t/", "global", "china"],
    ["https://STS.WINDOWS.NET/t/", "global", "china"],
  ])("names %s as the %s cloud's authority for a %s client", (iss, from, cloud) => {
    const host = new URL(iss).hostname;
    expect(hint({ iss }, cloud)).toBe(
      `The token was issued by ${host}, the ${from} cloud's authority, but the client calls the ${cloud} cloud: get the token from ${
        {
          global: "https://login.microsoftonline.com/",
          china: "https://login.chinacloudapi.cn/",
          usgov: "https://login.microsoftonline.us/",
          germany: "https://login.microsoftonline.de/",
        }[cloud]
      } or set the client's cloud option.`,
    );
  });

  it("accepts a global authority for US Government and Germany clients, and each cloud's own", () => {
    expect(hint({ iss: "https://sts.windows.net/t/" }, "usgov")).toBeUndefined();
    expect(hint({ iss: "https://login.microsoftonline.com/t/" }, "germany")).toBeUndefined();
    expect(hint({ iss: "https://login.chinacloudapi.cn/t/", aud: CHINA }, "china")).toBeUndefined();
    expect(hint({ iss: "https://login.microsoftonline.us/t/" }, "usgov")).toBeUndefined();
  });

  it("says nothing about an issuer it does not know or cannot read", () => {
    expect(hint({ iss: "https://idp.example/t/" }, "china")).toBeUndefined();
    expect(hint({ iss: "not a url" }, "china")).toBeUndefined();
    expect(hint({ iss: 7 }, "china")).toBeUndefined();
  });
});

describe("tokens it cannot read", () => {
  const graph = { aud: "https://graph.windows.net" };

  it("reads a base64url payload, - and _ included", () => {
    const claims = { ...graph, pad: "??>>~~" };
    const payload = b64url(claims);
    expect(payload).toMatch(/[-_]/);
    expect(hint(claims)).toMatch(/Azure AD Graph/);
  });

  it("reads UTF-8 in the payload", () => {
    expect(hint({ ...graph, name: "Zoë" })).toMatch(/Azure AD Graph/);
    expect(hint({ aud: "https://zoë.example" })).toMatch(/^The token is for https:\/\/zo\?\.example, not/);
  });

  it.each([
    ["an opaque token", "opaque-token-value"],
    ["a JWE (five segments)", `${b64url({ enc: "A256GCM" })}.${b64url(graph)}.a.b.c`],
    ["two segments", `${b64url({ alg: "none" })}.${b64url(graph)}`],
    ["an empty payload", `${b64url({ alg: "none" })}..sig`],
    ["a payload that is not base64", `${b64url({ alg: "none" })}.***.sig`],
    [
      "a payload that is not JSON",
      `${b64url({ alg: "none" })}.${Buffer.from("{aud:").toString("base64url")}.sig`,
    ],
    ["claims that are an array", jwt([graph])],
    ["claims that are null", jwt(null)],
    ["claims that are a string", jwt("https://graph.windows.net")],
  ])("gives no hint for %s", (_what, token) => {
    expect(tokenHint(token, "global", NOW)).toBeUndefined();
  });

  it("reads a payload of 16 384 characters, and not one longer", () => {
    const sized = (length: number) => {
      // 12 288 bytes of JSON are 16 384 base64 characters.
      const bytes = (length / 4) * 3;
      const base = JSON.stringify({ ...graph, pad: "" }).length;
      return { ...graph, pad: "x".repeat(bytes - base) };
    };
    const exact = b64url(sized(16_384));
    expect(exact).toHaveLength(16_384);
    expect(tokenHint(`e30.${exact}.s`, "global", NOW)).toMatch(/Azure AD Graph/);
    const over = b64url(sized(16_388));
    expect(tokenHint(`e30.${over}.s`, "global", NOW)).toBeUndefined();
  });
});

it("joins several hints in order: audience, exp, nbf, MFA, issuer", () => {
  const text = hint(
    {
      aud: "https://graph.windows.net",
      exp: NOW_S - 30,
      nbf: NOW_S + 30,
      scp: "x",
      amr: [],
      iss: "https://login.microsoftonline.us/t/",
    },
    "global",
  );
  const starts = [
    "The token's audience",
    "The token expired",
    "The token is not valid",
    "This App+User",
    "The token was issued",
  ];
  const positions = starts.map((s) => text?.indexOf(s) ?? -1);
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  expect(text).toContain(". The token expired 30 s ago");
});
