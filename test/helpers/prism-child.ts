// Run as a child process by test/contract/prism-lifecycle.test.ts: starts a Prism mock the way the
// contract suite does, prints its pid and URL as one JSON line, and waits to be interrupted or killed.
import { startPrism } from "../../src/toolkit/mock/prism.js";
import { SPEC } from "./paths.js";

const prism = await startPrism({ mode: "mock", spec: SPEC });
process.stdout.write(`${JSON.stringify({ pid: prism.pid, url: prism.url })}\n`);
setInterval(() => {}, 60_000);
