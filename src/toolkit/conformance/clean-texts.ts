// A bounded memo of texts a scan found clean. The scans it serves are functions of the text alone
// (the shape scan; one scrubber's redaction), so a remembered text is clean again next time, and
// only clean texts are kept: nothing remembered is or holds a secret. Only short texts are kept,
// and only so many, so memory stays bounded however many distinct texts pass.

/** Texts known to be clean for one scan. */
export interface CleanTexts {
  /** Whether `text` was found clean before. */
  has(text: string): boolean;
  /** Remembers a text the scan found clean, if it is short enough and there is room. */
  add(text: string): void;
}

/** A memo of at most `maxEntries` clean texts, each at most `maxLength` characters. */
export function cleanTexts(maxLength: number, maxEntries: number): CleanTexts {
  const clean = new Set<string>();
  return {
    has: (text) => clean.has(text),
    add(text) {
      if (text.length <= maxLength && clean.size < maxEntries) clean.add(text);
    },
  };
}
