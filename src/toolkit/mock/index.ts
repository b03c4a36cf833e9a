// The mock: the client package's stand-in of GET /v1/customers (partner-center-customers/mock),
// served over HTTP behind a validating Prism, with faults on demand.
export {
  createDataSet,
  type DataSet,
  type DataSetOptions,
  DEFAULT_CUSTOMERS,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SEED,
  type Fault,
  FaultSyntaxError,
  formatFault,
  INDIRECT_PROVIDERS,
  INDIRECT_RESELLERS,
  MAX_CUSTOMERS,
  parseDuration,
  parseFaults,
} from "partner-center-customers/mock";
export {
  type MockOptions,
  type MockRequestRecord,
  type MockServer,
  type MockViolation,
  startMock,
} from "./start-mock.js";
