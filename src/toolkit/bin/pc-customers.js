#!/usr/bin/env node
// The pc-customers command. In a checkout of the repository (src/ present) it runs the TypeScript
// sources through tsx with the repository's tsconfig (which maps the client's package name to its
// source), so it is never out of date; in the published package it runs the build (dist/cli/main.js).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "cli", "main.ts");
const tsconfig = join(root, "..", "..", "tsconfig.json");
const built = join(root, "dist", "cli", "main.js");

async function load() {
  if (existsSync(source) && existsSync(tsconfig) && process.env.PC_CUSTOMERS_USE_BUILD !== "1") {
    try {
      const { register } = await import("tsx/esm/api");
      register({ tsconfig });
      return await import(pathToFileURL(source).href);
    } catch (error) {
      // No tsx (a production install of a checkout): use the build if there is one.
      if (!existsSync(built) || error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
    }
  }
  if (!existsSync(built)) {
    process.stderr.write(
      `pc-customers: cannot find ${built}. Run 'npm run build' first, or install tsx to run from source.\n`,
    );
    process.exit(1);
  }
  return import(pathToFileURL(built).href);
}

/**
 * Stops this command (as SIGTERM would: the mock stops its Prism, record says what it wrote) when
 * the process that started it is gone. `npx pc-customers mock` needs this: on SIGTERM or SIGINT,
 * npx exits without passing the signal on, and the shell between them goes with it, so the command
 * would keep its port and its Prism forever. An orphan is adopted by another process, so its
 * parent id changes; that is checked twice a second, without keeping the process alive.
 */
function stopWhenOrphaned() {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, "SIGTERM");
  }, 500);
  timer.unref();
}

stopWhenOrphaned();
const { run } = await load();
await run(process.argv.slice(2));
