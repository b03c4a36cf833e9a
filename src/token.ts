/**
 * The access token: where it comes from, what a usable one looks like, and keeping it out of any
 * text the client reports. No message here ever contains the token itself.
 */

/** An access token, or a function called before every request (every page, every retry) for a fresh one. */
export type TokenProvider = string | (() => string | Promise<string>);

// Visible ASCII only: a token with spaces, line breaks or non-ASCII would break or forge headers.
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Checks a token before it is used; `fromFunction` says it came from the token function, which the
 * message then names. The message never contains the token.
 */
export function checkToken(token: unknown, fromFunction = false): string {
  const what = fromFunction
    ? "The access token returned by the token function"
    : "The Partner Center access token";
  if (typeof token !== "string" || token.length === 0) {
    throw new TypeError(
      `${what} must be a non-empty string, got ${token === "" ? "an empty string" : typeof token}.`,
    );
  }
  if (/^bearer\s/i.test(token)) {
    throw new TypeError(`${what} must not start with "Bearer "; the client adds it.`);
  }
  if (!TOKEN.test(token)) {
    throw new TypeError(
      `${what} contains spaces or characters not allowed in a header. Pass the token exactly as issued: visible ASCII, no spaces or line breaks.`,
    );
  }
  return token;
}

/** Replaces every occurrence of `secret` in `text` (a server may echo the Authorization header). */
export function redact(text: string, secret: string): string {
  return secret && text.includes(secret) ? text.split(secret).join("[REDACTED]") : text;
}

/**
 * A function that removes `token` from any text the client reports: the token as it is, as JSON
 * writes it inside a string (`"` and `\` escaped, `/` optionally as `\/`), as util.inspect shows
 * it (an error that holds it, inspected), and in a JSON text whatever escapes it uses
 * (`\u0065yJ…`), by reading the JSON and writing it again when a string in it holds the token.
 * Made once per call; on the way it only sees each request's URL, the rest is failure paths.
 */
export function redactor(token: string): (text: string) => string {
  const escaped = JSON.stringify(token).slice(1, -1);
  // How util.inspect and console.log show it inside a quoted string (\ doubled, maybe \').
  const inspected = token.replace(/\\/g, "\\\\");
  // Longest first, so that the token's own characters never break up an escaped form of it.
  const forms = [
    ...new Set([escaped.replace(/\//g, "\\/"), escaped, inspected.replace(/'/g, "\\'"), inspected, token]),
  ].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of forms) out = redact(out, form);
    // A backslash may hide the token behind other escapes; only JSON can say.
    return out.includes("\\") ? redactJsonText(out, token) : out;
  };
}

function redactJsonText(text: string, token: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  let found = false;
  const clean = (node: unknown): unknown => {
    if (typeof node === "string") {
      if (!node.includes(token)) return node;
      found = true;
      return redact(node, token);
    }
    if (typeof node !== "object" || node === null) return node;
    if (Array.isArray(node)) return node.map(clean);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const name = clean(key) as string;
      Object.defineProperty(out, name, {
        value: clean(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  try {
    const cleaned = clean(value);
    return found ? JSON.stringify(cleaned) : text;
  } catch {
    // Nested too deep to walk: it cannot be shown to be free of the token, so it is not shown.
    return "[a JSON body too deeply nested to check for the access token was removed]";
  }
}
