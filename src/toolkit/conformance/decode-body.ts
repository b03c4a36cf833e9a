// A captured body as the capture stored it: HAR's `content.encoding: "base64"`, then the
// response's `Content-Encoding` (gzip, deflate, br). Browsers store the decoded text but keep the
// header, so bytes are decompressed only when they are compressed; decompression stops at a
// limit, because a few kB of gzip can hold gigabytes of zeros.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";

/** The largest decoded body the checker reads by default (64 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A decoded body's text, or why there is none a person could read. */
export type DecodedBody = { ok: true; text: string } | { ok: false; message: string };

const DECODERS: Record<string, (input: Buffer, options: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  "x-gzip": gunzipSync,
  // "deflate" is meant to be zlib-wrapped, but servers send raw deflate too: both are read.
  deflate: (input, options) => (isZlib(input) ? inflateSync(input, options) : inflateRawSync(input, options)),
  br: brotliDecompressSync,
};

/**
 * Decodes `text` as a capture stored it: from base64 when `base64`, then through each coding of
 * `contentEncoding` (last applied, first undone). Never throws.
 */
export function decodeBody(
  text: string,
  base64: boolean,
  contentEncoding: string | undefined,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): DecodedBody {
  const codings = (contentEncoding ?? "")
    .toLowerCase()
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "" && c !== "identity");
  if (!base64 && (codings.length === 0 || looksDecoded(text))) return { ok: true, text };
  let bytes: Buffer = base64 ? Buffer.from(text, "base64") : Buffer.from(text, "latin1");
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) {
      // The capture may already have undone it (devtools do): only bytes that are not text fail.
      if (looksDecoded(bytes.toString("utf8"))) break;
      return {
        ok: false,
        message: `the response body is in the ${JSON.stringify(coding)} content coding, which the checker cannot decode (it reads gzip, deflate and br)`,
      };
    }
    if (coding !== "br" && !isCompressed(coding, bytes)) break;
    try {
      bytes = decode(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        ok: false,
        message:
          code === "ERR_BUFFER_TOO_LARGE"
            ? `the response body decodes (${coding}) to more than ${formatBytes(maxBytes)}, the limit for one body: it was not read`
            : `the response body says Content-Encoding ${coding} but cannot be decoded as ${coding} (${(error as Error).message}); capture it again, or save it decoded`,
      };
    }
  }
  if (bytes.length > maxBytes)
    return {
      ok: false,
      message: `the response body is ${formatBytes(bytes.length)}, more than the limit of ${formatBytes(maxBytes)} for one body`,
    };
  return { ok: true, text: bytes.toString("utf8") };
}

/** `12 bytes`, `3.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// Text that starts like JSON or markup is the decoded body, whatever the header still says.
function looksDecoded(text: string): boolean {
  return /^\s*[[{"<]/.test(text) || /^\s*(-?\d|true|false|null)/.test(text);
}

function isCompressed(coding: string, bytes: Buffer): boolean {
  if (coding === "gzip" || coding === "x-gzip") return bytes[0] === 0x1f && bytes[1] === 0x8b;
  return !looksDecoded(bytes.toString("latin1", 0, 64));
}

function isZlib(bytes: Buffer): boolean {
  const [cmf = 0, flg = 0] = bytes;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}
