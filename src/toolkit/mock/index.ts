// The mock: a stateful stand-in of GET /v1/customers behind a validating Prism, with faults on demand.
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
export { type Fault, FaultSyntaxError, formatFault, parseDuration, parseFaults } from "./faults.js";
export { DEFAULT_PAGE_SIZE } from "./stand-in.js";
export {
  type MockOptions,
  type MockRequestRecord,
  type MockServer,
  type MockViolation,
  startMock,
} from "./start-mock.js";
