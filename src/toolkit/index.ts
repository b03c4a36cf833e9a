/**
 * pc-customers: conformance checks for the Partner Center `GET /v1/customers` API. This file is
 * the library's public surface (the `pc-customers` command is its other face).
 */
export * from "./conformance/index.js";
export {
  type Fault,
  FaultSyntaxError,
  type MockOptions,
  type MockRequestRecord,
  type MockServer,
  startMock,
} from "./mock/index.js";
