/**
 * `redactToken` on hostile texts (near-misses of each spelling of the token, repeated): the median
 * time at 100 KB, 1 MB and 10 MB. Linear is a ratio of 10 per step; between 100 KB and 1 MB the
 * text outgrows the CPU's caches, which costs about 2-3x per character even for a bare
 * `charCodeAt` loop, so the 10 MB / 1 MB ratio is the figure for growth. Also runnable alone:
 * `npx tsx scripts/bench/redact-token.ts`.
 */
import { fileURLToPath } from "node:url";
import { redactToken } from "partner-center-customers/redact";
import { median, round } from "./stats.js";

/** One hostile text's times. */
export interface RedactTokenResult {
  readonly input: string;
  readonly ms100k: number;
  readonly ms1m: number;
  readonly ms10m: number;
  /** `ms10m / ms1m`: 10 is linear. */
  readonly ratio: number;
}

// A JWT-sized token (the service's are about 1.5 KB).
const TOKEN = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${"eyJhdWQiOiJwYXJ0bmVyY2VudGVyIn0".repeat(40)}.c2lnbmF0dXJl`;

function hostileInputs(): Record<string, string> {
  const almost = TOKEN.slice(0, -1);
  return {
    "repeated token prefixes": almost,
    "percent-encoded prefixes": almost.replace(/\./g, "%2E"),
    "JSON-escaped prefixes": almost.replace(/e/g, "\\u0065"),
    "base64 prefixes": btoa(`Bearer ${TOKEN}`).slice(0, -6),
    "open escapes": "%E2%82\\uD83D%",
    "back-to-back tokens": TOKEN,
  };
}

function timeOf(text: string, rounds: number): number {
  const runs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    redactToken(text, TOKEN);
    runs.push(performance.now() - start);
  }
  return median(runs);
}

/** Times each hostile input at 100 KB, 1 MB and 10 MB (`rounds` runs each, after one warm-up). */
export function measureRedactToken(rounds = 5): RedactTokenResult[] {
  return Object.entries(hostileInputs()).map(([input, unit]) => {
    const text = unit.repeat(Math.ceil(10_000_000 / unit.length)).slice(0, 10_000_000);
    const [small, large] = [text.slice(0, 100_000), text.slice(0, 1_000_000)];
    timeOf(small, 1);
    const ms100k = timeOf(small, rounds);
    const ms1m = timeOf(large, rounds);
    const ms10m = timeOf(text, rounds);
    return {
      input,
      ms100k: round(ms100k),
      ms1m: round(ms1m),
      ms10m: round(ms10m),
      ratio: round(ms10m / ms1m),
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of measureRedactToken()) {
    console.log(
      `${row.input.padEnd(26)} 100 KB ${row.ms100k} ms, 1 MB ${row.ms1m} ms, 10 MB ${row.ms10m} ms (10 MB / 1 MB ${row.ratio})`,
    );
  }
}
