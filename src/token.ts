/**
 * The access token: where it comes from, what a usable one looks like, and keeping it out of any
 * text the client reports. No message here ever contains the token itself.
 */

/** An access token, or a function called before every request (every page, every retry) for a fresh one. */
export type TokenProvider = string | (() => string | Promise<string>);

// Visible ASCII only: a token with spaces, line breaks or non-ASCII would break or forge headers.
const TOKEN = /^[\x21-\x7e]+$/;

/** Checks a token before it is used; the message never contains the token. */
export function checkToken(token: unknown): string {
  if (typeof token !== "string" || token.length === 0) {
    throw new TypeError("The Partner Center access token must be a non-empty string.");
  }
  if (/^bearer\s/i.test(token)) {
    throw new TypeError('Pass the access token without the "Bearer " prefix; the client adds it.');
  }
  if (!TOKEN.test(token)) {
    throw new TypeError(
      "The Partner Center access token contains spaces or characters not allowed in a header.",
    );
  }
  return token;
}

/** Replaces every occurrence of `secret` in `text` (a server may echo the Authorization header). */
export function redact(text: string, secret: string): string {
  return secret && text.includes(secret) ? text.split(secret).join("[REDACTED]") : text;
}
