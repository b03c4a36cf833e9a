/** Something in a recording that looks like a credential. */
export interface SecretFinding {
  /** What it looks like: `jwt`, `bearer` or `cookie`. */
  kind: "jwt" | "bearer" | "cookie";
  /** A redacted hint of where it is (never the secret itself). */
  hint: string;
}

// Three base64url parts, the first a JSON header: what Microsoft Entra access tokens look like.
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
// A bearer value that is not an obvious placeholder such as <token> or REDACTED: 8 or more
// visible characters, JSON escapes (\" \\) included, since a token may hold any of them.
const BEARER = /"?authorization"?\s*[:=]\s*"?bearer\s+(?!<|\[|redacted|\*{3})(?:[^\s"\\]|\\.){8,}/gi;
const BEARER_WORD = /bearer/i;
const COOKIE_WORD = /cookie/i;
const COOKIE = /"(set-)?cookie"\s*:\s*"(?!redacted|\[redacted\])[^"]{4,}"/gi;

/** Finds token-shaped text (JWTs, bearer credentials, cookies) in a recording's text. */
export function findSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const match of text.matchAll(JWT))
    findings.push({ kind: "jwt", hint: `JWT-shaped text at offset ${match.index}` });
  // Every recording is scanned, so the two patterns that try a match at each quote of the JSON run
  // only when their literal word occurs at all: a plain case-insensitive search is several times
  // cheaper than the full pattern, and most recordings have no cookie.
  if (BEARER_WORD.test(text)) {
    for (const match of text.matchAll(BEARER))
      findings.push({ kind: "bearer", hint: `a bearer credential at offset ${match.index}` });
  }
  if (COOKIE_WORD.test(text)) {
    for (const match of text.matchAll(COOKIE))
      findings.push({ kind: "cookie", hint: `a cookie value at offset ${match.index}` });
  }
  return findings;
}

/** Replaces JWT-shaped text in a string with `[REDACTED]`. */
export function redactTokens(text: string): string {
  return text.replace(JWT, "[REDACTED]");
}
