/**
 * Text made safe to show on one line of a terminal, a log or a report: control characters (C0,
 * DEL, C1: ESC that starts colour or OSC title sequences, BEL, CR that rewrites a line, LF that
 * forges a new one), the Unicode line and paragraph separators and the bidirectional controls
 * that reorder what is shown are written as escapes (`\x1b`, `\r`, `\n`, `\u2028`, `\u202e`). A
 * backslash stays as it is (Windows paths stay readable): the escapes are for the eye, not to be
 * decoded. Not terminal code: any renderer of untrusted text can use it. JSON output needs none of
 * this (JSON escapes control characters itself).
 */
export function printable(text: string): string {
  // Fast path: ordinary text is returned as it is.
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (c) => ESCAPES[c] ?? hexEscape(c));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it escapes
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const ESCAPES: Readonly<Record<string, string>> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function hexEscape(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}
