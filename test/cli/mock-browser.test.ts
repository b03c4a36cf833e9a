// The mock in a real page in headless Chromium (Debian's chromium driven by playwright-core):
// `pc-customers mock` called from pages on other origins (CORS), and the MSW handlers under
// msw's service worker. The client is bundled for the browser and lists every customer.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";
import { alive, collect, start } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
/** Why the browser test cannot run here, or undefined when it can. */
const missing = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is not installed (apt-get install chromium; .ci/run does it), so the browser test is skipped`;
if (missing) console.warn(`mock-browser.test.ts: ${missing}`);

const FOREIGN_PAGE = "app.test";
const BLOCKED_PAGE = "other.test";

interface Listed {
  ids?: string[];
  error?: string;
  /** What the page received from the mock: `GET 200`, `GET 429`, … (Chromium shows no preflight here). */
  responses: string[];
}

/** Runs in the page: lists the customers with the bundled client, or says how it failed. */
const LIST_IN_PAGE = `async ({ baseUrl, retry }) => {
  const { createPartnerCenterClient } = await import(location.origin + "/client.js");
  const client = createPartnerCenterClient({
    token: "page-token",
    baseUrl,
    retry: retry ? { limit: 2, baseDelayMs: 10, maxDelayMs: 1500 } : false,
  });
  const ids = [];
  try {
    for await (const customer of client.customers.list({ size: 10 })) ids.push(customer.id);
    return { ids };
  } catch (error) {
    return { error: error.name + ": " + error.message };
  }
}`;

/** Bundled for the page: MSW's service worker answers a client made with every default. */
const MSW_PAGE_APP = `
import { setupWorker } from "msw/browser";
import { createPartnerCenterClient } from "./src/client/index.ts";
import { partnerCenterHandlers } from "./src/client/mock/msw.ts";
export async function listWithWorker() {
  const handlers = partnerCenterHandlers();
  const worker = setupWorker(...handlers);
  await worker.start({ quiet: true, onUnhandledRequest: "error" });
  try {
    const client = createPartnerCenterClient({ token: "page-token" });
    const ids = [];
    for await (const customer of client.customers.list({ size: 10 })) ids.push(customer.id);
    return { ids, requests: handlers.mock.requests.length };
  } finally {
    worker.stop();
  }
}`;

/** A free loopback port (for the CLI's --port, which takes no 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(missing !== undefined)("the mock in a real Chromium page", () => {
  let pages: Server;
  let pagePort: number;
  let mock: ChildProcess;
  let mockUrl: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    // The client as a browser gets it: one ESM bundle of the client's entry, served with a page.
    const bundle = await build({
      entryPoints: [join(ROOT, "src", "client", "index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const script = bundle.outputFiles[0]?.text ?? "";
    // The MSW door in the page: msw's browser build with the client's handlers, and msw's worker.
    const mswBundle = await build({
      stdin: { contents: MSW_PAGE_APP, resolveDir: ROOT, loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const scripts: Record<string, string> = {
      "/client.js": script,
      "/msw-app.js": mswBundle.outputFiles[0]?.text ?? "",
      "/mockServiceWorker.js": readFileSync(
        join(ROOT, "node_modules", "msw", "lib", "mockServiceWorker.js"),
        "utf8",
      ),
    };
    pages = createServer((req, res) => {
      const body = scripts[req.url ?? ""];
      if (body !== undefined) {
        res.writeHead(200, { "content-type": "text/javascript" });
        res.end(body);
      } else {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<!doctype html><title>page</title>");
      }
    });
    pages.listen(0, "127.0.0.1");
    await once(pages, "listening");
    pagePort = (pages.address() as AddressInfo).port;

    const port = await freePort();
    mock = start([
      "mock",
      "--port",
      String(port),
      "--faults",
      "429@1:1s",
      "--cors",
      `http://${FOREIGN_PAGE}:${pagePort}`,
    ]);
    let stdout = "";
    mock.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    while (!stdout.includes("\n")) {
      await Promise.race([once(mock.stdout as NodeJS.ReadableStream, "data"), once(mock, "exit")]);
      if (mock.exitCode !== null) throw new Error(`the mock exited early: ${stdout}`);
    }
    mockUrl = stdout.trim();

    profile = await mkdtemp(join(tmpdir(), "pc-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // Two page origins that are not loopback, both served by the page server above.
        `--host-resolver-rules=MAP ${FOREIGN_PAGE} 127.0.0.1, MAP ${BLOCKED_PAGE} 127.0.0.1`,
        // The client needs a secure context (crypto.randomUUID; see its README), as on an https site.
        `--unsafely-treat-insecure-origin-as-secure=http://${FOREIGN_PAGE}:${pagePort},http://${BLOCKED_PAGE}:${pagePort}`,
      ],
    });
  });

  afterAll(async () => {
    await context?.close();
    if (mock && mock.exitCode === null) {
      const done = collect(mock);
      mock.kill("SIGTERM");
      await done;
    }
    if (mock?.pid && alive(mock.pid)) mock.kill("SIGKILL");
    await new Promise((resolve) => (pages ? pages.close(resolve) : resolve(undefined)));
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  /** Opens the page at `origin` and lists the mock's customers there with the bundled client. */
  async function listFrom(origin: string, retry: boolean): Promise<Listed> {
    const page = await context.newPage();
    const responses: string[] = [];
    page.on("response", (response) => {
      if (response.url().startsWith(mockUrl))
        responses.push(`${response.request().method()} ${response.status()}`);
    });
    try {
      await page.goto(`${origin}/`);
      // A string, not a function: the test runner's transform would rewrite a function's import().
      const listed = (await page.evaluate(
        `(${LIST_IN_PAGE})(${JSON.stringify({ baseUrl: mockUrl, retry })})`,
      )) as Omit<Listed, "responses">;
      return { ...listed, responses };
    } finally {
      await page.close();
    }
  }

  it("lists all 40 customers on a loopback page of another port; the preflight leaves the 429@1 to the first GET, which the client retries", async () => {
    const listed = await listFrom(`http://127.0.0.1:${pagePort}`, true);
    expect(listed.error).toBeUndefined();
    expect(listed.ids).toHaveLength(40);
    expect(new Set(listed.ids).size).toBe(40);
    // The page's requests carry Authorization, so Chromium sent a preflight before the first GET:
    // had the preflight been request 1, the first GET would not have met the 429.
    expect(listed.responses).toEqual(["GET 429", "GET 200", "GET 200", "GET 200", "GET 200"]);
  });

  it("lists them on a page origin allowed with --cors, and a page on any other origin is blocked", async () => {
    const allowed = await listFrom(`http://${FOREIGN_PAGE}:${pagePort}`, true);
    expect(allowed.error).toBeUndefined();
    expect(allowed.ids).toHaveLength(40);
    const blocked = await listFrom(`http://${BLOCKED_PAGE}:${pagePort}`, false);
    expect(blocked.ids).toBeUndefined();
    expect(blocked.error).toMatch(/^NetworkError/);
  });

  it("MSW's setupWorker with partnerCenterHandlers answers a client made with every default (no server at all)", async () => {
    const page = await context.newPage();
    try {
      await page.goto(`http://127.0.0.1:${pagePort}/`);
      const listed = (await page.evaluate(
        'import(location.origin + "/msw-app.js").then((app) => app.listWithWorker())',
      )) as { ids: string[]; requests: number };
      expect(listed.ids).toHaveLength(40);
      expect(new Set(listed.ids).size).toBe(40);
      expect(listed.requests).toBe(4);
    } finally {
      await page.close();
    }
  });
});
