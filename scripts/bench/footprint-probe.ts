/**
 * Runs in its own plain-`node` process (bundled by footprint.ts). Arguments: `<module> <time|list>`.
 * `time`: how long `import(module)` takes, with nothing else loaded. `list`: every module the import
 * loads, ESM through a loader hook (`module.register`) and CommonJS from `require.cache`.
 */
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";

export interface ProbeResult {
  importMs: number;
  /** `list` only: file URLs of every module loaded by the import (builtins excluded). */
  modules: string[];
}

// The loader hook, in the hooks thread: posts every URL it loads to the main thread.
const HOOKS = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) {
  port.postMessage(url);
  return next(url, context);
}`;

const [module = "", mode = "time"] = process.argv.slice(2);
const esm: string[] = [];
let flush: (() => Promise<void>) | undefined;
if (mode === "list") {
  const { port1, port2 } = new MessageChannel();
  port1.on("message", (url: string) => esm.push(url));
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, {
    data: { port: port2 },
    transferList: [port2],
  });
  flush = async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    port1.close();
  };
}
const start = performance.now();
await import(pathToFileURL(module).href);
const importMs = performance.now() - start;
await flush?.();
const cjs = Object.keys(createRequire(import.meta.url).cache).map((file) => pathToFileURL(file).href);
const result: ProbeResult = {
  importMs,
  modules: [...new Set([...esm, ...cjs])].filter((url) => url.startsWith("file:")).sort(),
};
process.send?.(result);
process.disconnect?.();
