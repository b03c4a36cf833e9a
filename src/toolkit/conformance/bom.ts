// Windows editors and PowerShell's Out-File start a UTF-8 file with a byte order mark, which
// JSON.parse rejects: every reader of a recording or report strips it through here.

/** The text without a leading U+FEFF. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
