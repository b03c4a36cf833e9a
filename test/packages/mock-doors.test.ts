// The mock's in-process doors as a user gets them from the packed client: createMockFetch
// (partner-center-customers/mock) under Node, Deno and Bun, in a browser bundle, and the MSW
// handlers (partner-center-customers/msw) with msw installed beside the client.
import { existsSync, readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { bundleForBrowser } from "../../scripts/packages.js";
import { bin, ROOT } from "../helpers/paths.js";
import { runIn } from "./run.js";

const { clientApp, mswApp, toolkitApp } = inject("packages");

/** The client README's createMockFetch example, printing what it listed and where it ran. */
const EXAMPLE = `import { createPartnerCenterClient } from "partner-center-customers";
import { createMockFetch } from "partner-center-customers/mock";

const fetch = createMockFetch({ faults: process.argv[2] ?? globalThis.Deno?.args[0] });
const retries = [];
const client = createPartnerCenterClient({
  token: "any",
  fetch,
  hooks: { onRetry: (event) => void retries.push(event.status) },
});
const ids = [];
for await (const customer of client.customers.list({ size: 10 })) ids.push(customer.id);
const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
console.log(JSON.stringify({ runtime, listed: ids.length, distinct: new Set(ids).size, retries, requests: fetch.requests.length }));
`;

/** The binary an npm package ships for this platform in @scope/<prefix>-<os>-<arch>, if any. */
function platformBinary(scope: string, prefix: string, file: string): string | undefined {
  const dir = join(ROOT, "node_modules", scope);
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir).filter((n) => n.startsWith(prefix))) {
    for (const path of [join(dir, name, "bin", file), join(dir, name, file)])
      if (existsSync(path)) return path;
  }
  return undefined;
}
const bun = platformBinary("@oven", "bun-", "bun") ?? bin("bun");
const deno = platformBinary("@deno", "", "deno");
if (deno === undefined)
  console.warn(
    "mock-doors.test.ts: no Deno binary for this platform in node_modules/@deno, so the Deno run is skipped",
  );

/** The client README's example that contains `marker`, written into `app` as `file`. */
async function readmeExample(app: string, file: string, marker: string): Promise<string> {
  const readme = await readFile(join(ROOT, "src", "client", "README.md"), "utf8");
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)]
    .map((m) => m[1] as string)
    .find((b) => b.includes(marker));
  if (block === undefined) throw new Error(`the client README has no js example with ${marker}`);
  const path = join(app, file);
  await writeFile(path, block);
  return path;
}
const MOCK_LIST_OUTPUT = "retrying after a 429\n40 customers in 5 requests\n";

async function example(): Promise<string> {
  const script = join(clientApp, "mock-example.mjs");
  await writeFile(script, EXAMPLE);
  return script;
}

describe("createMockFetch from the installed client", () => {
  it("lists 40 customers once each in Node; with faults '429@2' still 40, onRetry told once", async () => {
    const script = await example();
    const plain = await runIn(clientApp, process.execPath, [script, ""]);
    expect(plain.stderr).toBe("");
    expect(JSON.parse(plain.stdout)).toEqual({
      runtime: "node",
      listed: 40,
      distinct: 40,
      retries: [],
      requests: 4,
    });
    const throttled = await runIn(clientApp, process.execPath, [script, "429@2"]);
    expect(throttled.stderr).toBe("");
    // Page 2's first attempt is throttled (Retry-After: 1), retried once, and no customer is lost.
    expect(JSON.parse(throttled.stdout)).toEqual({
      runtime: "node",
      listed: 40,
      distinct: 40,
      retries: [429],
      requests: 5,
    });
  });

  it("bundles for a browser with no Node built-in", async () => {
    const bundle = await bundleForBrowser(
      clientApp,
      [
        'import { createPartnerCenterClient } from "partner-center-customers";',
        'import { createMockFetch } from "partner-center-customers/mock";',
        "export const client = createPartnerCenterClient({ token: 'any', fetch: createMockFetch() });",
      ].join("\n"),
    );
    expect(
      bundle.inputs.some((path) =>
        path.includes("node_modules/partner-center-customers/dist/src/client/mock/"),
      ),
    ).toBe(true);
    expect(bundle.nodeBuiltins).toEqual([]);
  });

  it("runs the README's example as written under Node and Bun", async () => {
    const script = await readmeExample(clientApp, "mock-list.mjs", "createMockFetch(");
    for (const runtime of [process.execPath, bun]) {
      const ran = await runIn(clientApp, runtime, [script]);
      expect(ran.stderr, runtime).toBe("");
      expect(ran.stdout, runtime).toBe(MOCK_LIST_OUTPUT);
    }
  });

  it.skipIf(deno === undefined)("runs under Deno, offline (cached only: nothing fetched)", async () => {
    const ran = await runIn(clientApp, deno as string, [
      "run",
      "--cached-only",
      "--no-prompt",
      "--no-config",
      "--node-modules-dir=manual",
      await example(),
    ]);
    expect(ran.stderr).toBe("");
    expect(JSON.parse(ran.stdout)).toMatchObject({ runtime: "deno", listed: 40, distinct: 40 });
  });
});

describe("partnerCenterHandlers from the installed client, with msw beside it", () => {
  it("makes a client with the default fetch and base URL list 40 customers (the README's example as written)", async () => {
    const script = await readmeExample(mswApp, "msw-list.mjs", "setupServer(");
    const ran = await runIn(mswApp, process.execPath, [script]);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe("40 customers; MSW answered 4 requests\n");
  });
});

describe("the installed toolkit", () => {
  it("loads startMock, whose stand-in it imports from the installed client's /mock subpath", async () => {
    const script = [
      'import { startMock } from "pc-customers";',
      'import { createMockFetch } from "partner-center-customers/mock";',
      "console.log(typeof startMock, createMockFetch().dataSet.customers.length);",
    ].join("\n");
    const ran = await runIn(toolkitApp, process.execPath, ["--input-type=module", "-e", script]);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe("function 40\n");
  });
});
