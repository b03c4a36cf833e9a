/**
 * Prism's validating proxy (`prism proxy --errors`) in front of the paging server: the bare fetch
 * loop walks `pages` pages through Prism and directly, alternating; Prism's cost per page is the
 * difference (what its request + response validation and proxying add), and its wall time per page.
 */

import { embeddedSpecPath } from "../../src/toolkit/conformance/spec.js";
import { startPrism } from "../../src/toolkit/mock/prism.js";
import { startPagingServer } from "./server-handle.js";
import { now, round, type Sample, summarise } from "./stats.js";
import { bareFetch } from "./walkers.js";

export interface PrismResult {
  pages: number;
  /** From spawn to "Prism is listening" (ms). */
  startMs: number;
  /** Walking every page through Prism / directly (ms per walk). */
  viaPrism: Sample;
  direct: Sample;
  /** Per page: through Prism, and what Prism adds over the direct walk (ms). */
  perPageViaPrismMs: number;
  perPageAddedMs: number;
}

export async function measurePrism(pages: number, pageSize: number, rounds: number): Promise<PrismResult> {
  const server = await startPagingServer(pages, pageSize);
  const start = now();
  let prism: Awaited<ReturnType<typeof startPrism>> | undefined;
  try {
    prism = await startPrism({ mode: "proxy", spec: embeddedSpecPath(), upstream: server.url, errors: true });
    const startMs = now() - start;
    const expected = pages * pageSize;
    const via: number[] = [];
    const direct: number[] = [];
    for (let r = 0; r <= rounds; r++) {
      for (const [url, runs] of r % 2 === 0
        ? ([
            [prism.url, via],
            [server.url, direct],
          ] as const)
        : ([
            [server.url, direct],
            [prism.url, via],
          ] as const)) {
        const t = now();
        const seen = await bareFetch(url);
        if (seen !== expected) throw new Error(`walk via ${url} saw ${seen} customers, expected ${expected}`);
        if (r > 0) runs.push(now() - t); // round 0 warms both paths up
      }
    }
    const viaPrism = summarise(via);
    const directSample = summarise(direct);
    return {
      pages,
      startMs: round(startMs),
      viaPrism,
      direct: directSample,
      perPageViaPrismMs: round(viaPrism.median / pages, 4),
      perPageAddedMs: round((viaPrism.median - directSample.median) / pages, 4),
    };
  } finally {
    await prism?.stop();
    await server.stop();
  }
}
