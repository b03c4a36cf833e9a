// `pc-customers mcp`: a Model Context Protocol server on stdin/stdout with one read-only tool,
// `list_customers`. stdout belongs to the protocol: everything else (the session's notices, errors)
// goes to stderr through the Io. It runs until the client closes stdin or a signal ends it.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { redactToken } from "partner-center-customers/redact";
import { registerListCustomersTool } from "../../mcp/list-customers-tool.js";
import type { ParsedArgs } from "../args.js";
import type { Io } from "../io.js";
import { describeClientError, listOptions, openSession } from "../session.js";
import { toolkitVersion } from "../toolkit-version.js";

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const options = listOptions(args, "mcp");
  const token = io.env[options.tokenEnv];
  const hide = (text: string) => (token ? redactToken(text, token) : text);
  const session = await openSession(options, io, "mcp", {});
  try {
    const server = new McpServer({ name: "pc-customers", version: toolkitVersion() ?? "0.0.0" });
    registerListCustomersTool(server, {
      client: session.client,
      // The token in any spelling a server could echo (percent-encoded, JSON-escaped, base64…).
      describeError: (error) => hide(describeClientError(error, options.tokenEnv, session.source)),
      showsToken: (text) => hide(text) !== text,
    });
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
      process.stdin.once("end", resolve);
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.connect(transport);
    io.err(`pc-customers mcp: serving list_customers on stdio (customers from ${session.source}).\n`);
    await closed;
    await server.close();
    return 0;
  } finally {
    await session.stop();
  }
}
