// Run as a child process by test/contract/mock-lifecycle.test.ts: starts the stateful mock as a
// user's test suite would, prints its URL and Prism's pid as one JSON line, and waits to be
// interrupted or killed.
import { startMock } from "../../src/toolkit/mock/start-mock.js";

const mock = await startMock();
process.stdout.write(`${JSON.stringify({ pid: mock.prism.pid, url: mock.url })}\n`);
setInterval(() => {}, 60_000);
