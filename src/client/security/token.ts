/**
 * The access token: where it comes from and what a usable one looks like (keeping it out of what
 * the client reports is `redact-token.ts`'s). No message here ever contains the token itself.
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
