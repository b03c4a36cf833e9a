/**
 * The mock's two doors side by side (issue #20): listing the 40 customers of the default data set
 * with the client, through `createMockFetch` (in process) and through `startMock()` (an HTTP front,
 * Prism, the stand-in). Time to the first customer counts from creating the mock (so `startMock`
 * pays for Prism's start); total is to the last customer. Target: the in-process door at least
 * 50× faster to the first customer.
 */
import { createPartnerCenterClient } from "../../src/client/index.js";
import { createMockFetch } from "../../src/client/mock/index.js";
import { startMock } from "../../src/toolkit/mock/start-mock.js";
import { now, round, type Sample, summarise } from "./stats.js";

const CUSTOMERS = 40;
/** Four pages, so that paging (and the continuation tokens) is part of the total. */
const PAGE_SIZE = 10;
/** The ratio of the times to the first customer the in-process door must beat. */
export const MOCK_DOORS_TARGET = 50;

/** One door's figures (ms). */
export interface DoorResult {
  readonly firstCustomer: Sample;
  readonly total: Sample;
}

export interface MockDoorsResult {
  readonly customers: number;
  readonly pageSize: number;
  readonly inProcess: DoorResult;
  readonly http: DoorResult;
  /** `http.firstCustomer.median / inProcess.firstCustomer.median`. */
  readonly firstCustomerRatio: number;
  readonly totalRatio: number;
}

async function listOnce(
  open: () => Promise<{ fetch?: typeof fetch; baseUrl?: string; close?: () => Promise<void> }>,
) {
  const start = now();
  const door = await open();
  let first = Number.NaN;
  let count = 0;
  try {
    const client = createPartnerCenterClient({
      token: "bench",
      ...(door.baseUrl === undefined ? {} : { baseUrl: door.baseUrl }),
      ...(door.fetch === undefined ? {} : { fetch: door.fetch }),
    });
    for await (const _ of client.customers.list({ size: PAGE_SIZE })) {
      if (count++ === 0) first = now() - start;
    }
    const total = now() - start;
    if (count !== CUSTOMERS) throw new Error(`listed ${count} customers, expected ${CUSTOMERS}`);
    return { first, total };
  } finally {
    await door.close?.();
  }
}

async function measureDoor(
  rounds: number,
  warmup: number,
  open: () => Promise<{ fetch?: typeof fetch; baseUrl?: string; close?: () => Promise<void> }>,
): Promise<DoorResult> {
  const first: number[] = [];
  const total: number[] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    const run = await listOnce(open);
    if (r < warmup) continue;
    first.push(run.first);
    total.push(run.total);
  }
  return { firstCustomer: summarise(first), total: summarise(total) };
}

/** Measures both doors: many in-process rounds (each well under a millisecond or so), a few HTTP ones. */
export async function measureMockDoors(quick: boolean): Promise<MockDoorsResult> {
  const inProcess = await measureDoor(quick ? 20 : 200, quick ? 5 : 20, async () => ({
    fetch: createMockFetch({ customers: CUSTOMERS }) as typeof fetch,
  }));
  const http = await measureDoor(quick ? 1 : 5, 0, async () => {
    const mock = await startMock({ customers: CUSTOMERS });
    return { baseUrl: mock.url, close: () => mock.close() };
  });
  return {
    customers: CUSTOMERS,
    pageSize: PAGE_SIZE,
    inProcess,
    http,
    firstCustomerRatio: round(http.firstCustomer.median / inProcess.firstCustomer.median, 1),
    totalRatio: round(http.total.median / inProcess.total.median, 1),
  };
}

/** The report's lines for the result (a section and its target), or why it is missing. */
export function mockDoorsLines(result: MockDoorsResult | { failed: string } | undefined): string[] {
  if (result === undefined) return [];
  if ("failed" in result) return ["Mock doors: FAILED", `  ${result.failed}`, ""];
  const row = (name: string, door: DoorResult) =>
    `  ${name.padEnd(28)} ${door.firstCustomer.median.toFixed(3).padStart(12)} ${door.total.median.toFixed(3).padStart(12)}`;
  const ok = result.firstCustomerRatio >= MOCK_DOORS_TARGET;
  return [
    `Mock doors: list ${result.customers} customers (pages of ${result.pageSize}), from creating the mock (medians, ms)`,
    `  ${"door".padEnd(28)} ${"first customer".padStart(12)} ${"total".padStart(12)}`,
    row("createMockFetch (in process)", result.inProcess),
    row("startMock (HTTP + Prism)", result.http),
    `  ${"ratio".padEnd(28)} ${`${result.firstCustomerRatio}×`.padStart(12)} ${`${result.totalRatio}×`.padStart(12)}`,
    `  ${ok ? "ok    " : "MISSED"}  in-process door faster to the first customer: ${result.firstCustomerRatio}× (target ≥ ${MOCK_DOORS_TARGET}×)`,
    "",
  ];
}
