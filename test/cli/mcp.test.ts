// pc-customers mcp as an MCP client meets it: a real child process on stdio, the SDK's Client.
// It lists one read-only tool, pages through the mock with nextCursor, filters, turns a 401 into a
// tool error with the hint, and never shows the access token in anything it sends.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Customer } from "partner-center-customers";
import { afterEach, describe, expect, it } from "vitest";
import { createDataSet } from "../../src/client/mock/data-set.js";
import { type CustomerServer, makeCustomers, startCustomerServer } from "../helpers/customer-server.js";
import { alive, BIN, baseEnv } from "./helpers.js";

/** A transport that keeps every message the server sent, and whatever went wrong. */
class RecordingTransport implements Transport {
  readonly received: JSONRPCMessage[] = [];
  readonly errors: Error[] = [];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];
  constructor(readonly inner: StdioClientTransport) {}
  start(): Promise<void> {
    this.inner.onmessage = (message: JSONRPCMessage) => {
      this.received.push(message);
      this.onmessage?.(message);
    };
    this.inner.onerror = (error) => {
      this.errors.push(error);
      this.onerror?.(error);
    };
    this.inner.onclose = () => this.onclose?.();
    return this.inner.start();
  }
  send(message: JSONRPCMessage): Promise<void> {
    return this.inner.send(message);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

interface Connection {
  client: Client;
  transport: RecordingTransport;
  stderr: () => string;
}

const open: Connection[] = [];
let server: CustomerServer | undefined;
afterEach(async () => {
  for (const connection of open.splice(0)) await connection.client.close();
  await server?.close();
  server = undefined;
});

async function connect(args: string[], env: Record<string, string | undefined> = {}): Promise<Connection> {
  const inner = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, "mcp", ...args],
    env: baseEnv(env) as Record<string, string>,
    stderr: "pipe",
  });
  let stderr = "";
  inner.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const transport = new RecordingTransport(inner);
  const client = new Client({ name: "pc-customers-test", version: "1.0.0" });
  await client.connect(transport);
  const connection = { client, transport, stderr: () => stderr };
  open.push(connection);
  return connection;
}

interface Page {
  customers: Customer[];
  count: number;
  nextCursor?: string;
}
const textOf = (result: Record<string, unknown>) =>
  (result.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? "").join("\n");

describe("pc-customers mcp", () => {
  it("serves one read-only list_customers tool that pages through the mock with nextCursor", async () => {
    const { client, transport, stderr } = await connect([]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["list_customers"]);
    const [tool] = tools;
    expect(tool?.annotations?.readOnlyHint).toBe(true);
    expect(Object.keys(tool?.inputSchema.properties ?? {}).sort()).toEqual(["cursor", "filter", "size"]);
    expect(tool?.inputSchema.required ?? []).toEqual([]);
    expect(tool?.outputSchema?.properties).toHaveProperty("customers");
    expect(tool?.outputSchema?.properties).toHaveProperty("nextCursor");

    const ids: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const result = await client.callTool({
        name: "list_customers",
        arguments: { size: 7, ...(cursor === undefined ? {} : { cursor }) },
      });
      expect(result.isError ?? false).toBe(false);
      const page = result.structuredContent as unknown as Page;
      expect(page.count).toBe(page.customers.length);
      expect(textOf(result)).toContain(`${page.count} customer`);
      ids.push(...page.customers.map((c) => c.id));
      cursor = page.nextCursor;
      calls++;
    } while (cursor !== undefined && calls < 20);
    const expected = createDataSet().customers.map((c) => c.id);
    expect(ids).toEqual(expected);
    expect(calls).toBe(Math.ceil(expected.length / 7));

    const prefix = "a";
    const filtered = await client.callTool({
      name: "list_customers",
      arguments: { filter: { field: "CompanyName", value: prefix }, size: 100 },
    });
    const page = filtered.structuredContent as unknown as Page;
    const matching = createDataSet().customers.filter((c) =>
      (c.companyProfile.companyName ?? "").toLowerCase().startsWith(prefix),
    );
    expect(matching.length).toBeGreaterThan(0);
    expect(page.customers.map((c) => c.id)).toEqual(matching.map((c) => c.id));
    expect(page.nextCursor).toBeUndefined();

    const bad = await client.callTool({
      name: "list_customers",
      arguments: { filter: { field: "Name", value: "x" } },
    });
    expect(bad.isError).toBe(true);
    const stale = await client.callTool({ name: "list_customers", arguments: { cursor: "not a token" } });
    expect(stale.isError).toBe(true);
    expect(textOf(stale)).toContain("continuationToken must be a page's continuationToken");
    expect(transport.errors).toEqual([]);
    expect(stderr()).toContain("using the embedded mock");

    // Closing the client ends the server (stdin closed), which stops its mock before it exits.
    const pid = transport.inner.pid as number;
    await client.close();
    open.splice(0);
    expect(alive(pid)).toBe(false);
    expect(stderr()).not.toContain("Error");
  });

  it("answers a 401 with a tool error carrying the hint, and never shows the token", async () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${part({ alg: "RS256", typ: "JWT" })}.${part({ aud: "https://api.partnercenter.microsoft.com", exp: 4102444800 })}.c2lnbmF0dXJlLW1jcA`;
    const customers = makeCustomers(3);
    // A hostile server that echoes the token, base64-encoded, in a company name: that page is withheld.
    const encoded = Buffer.from(token).toString("base64");
    (customers[1] as Customer).companyProfile.companyName = `Echo ${encoded}`;
    server = await startCustomerServer({
      customers,
      expectedToken: token,
      faults: (request) => (request.index === 2 ? { kind: "status", status: 401 } : undefined),
    });
    const { client, transport, stderr } = await connect(
      ["--base-url", server.url, "--token-env", "PC_MCP_TOKEN"],
      {
        PC_MCP_TOKEN: token,
      },
    );
    const echoed = await client.callTool({ name: "list_customers", arguments: {} });
    expect(echoed.isError).toBe(true);
    expect(textOf(echoed)).toContain("held the access token, so it is not shown");

    const refused = await client.callTool({ name: "list_customers", arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("401");
    expect(textOf(refused)).toContain(
      `Check that PC_MCP_TOKEN holds a current Partner Center access token for ${server.url}`,
    );
    // The token reached the API, and nothing else.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    const everything = `${JSON.stringify(transport.received)}\n${stderr()}`;
    for (const piece of [token, ...token.split("."), encoded]) expect(everything).not.toContain(piece);
    expect(transport.errors).toEqual([]);
  });
});
