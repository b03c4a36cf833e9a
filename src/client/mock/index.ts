/**
 * partner-center-customers/mock: an in-process mock of `GET /v1/customers` for tests, as a
 * `fetch`-compatible function. Nothing here is loaded by the package's main entry.
 */
export {
  createDataSet,
  type DataSet,
  type DataSetOptions,
  DEFAULT_CUSTOMERS,
  DEFAULT_SEED,
  INDIRECT_PROVIDERS,
  INDIRECT_RESELLERS,
  MAX_CUSTOMERS,
} from "./data-set.js";
export {
  FAULT_KINDS,
  type Fault,
  type FaultSchedule,
  FaultSyntaxError,
  formatFault,
  MAX_DELAY_MS,
  parseDuration,
  parseFaults,
  scheduleOf,
} from "./faults.js";
export {
  checkLatency,
  createMockFetch,
  type MockFetch,
  type MockFetchOptions,
  type MockRequest,
} from "./mock-fetch.js";
export { DEFAULT_PAGE_SIZE, StandIn, type StandInRequest, type StandInResponse } from "./stand-in.js";
