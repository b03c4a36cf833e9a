// `pc-customers mcp`: a Model Context Protocol server on stdin/stdout with one read-only tool,
// `list_customers`. stdout belongs to the protocol: everything else (the session's notices, errors)
// goes to stderr through the Io. It runs until the client closes stdin or a signal ends it.
import { readFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { redactToken } from "partner-center-customers/redact";
import { registerListCustomersTool } from "../../mcp/list-customers-tool.js";
import type { ParsedArgs } from "../args.js";
import type { Io } from "../io.js";
import { describeClientError, listOptions, openSession } from "../session.js";

export async function run(args: ParsedArgs, io: Io): Promise<number> {
  const options = listOptions(args, "mcp");
  const token = io.env[options.tokenEnv];
  const hide = (text: string) => (token ? redactToken(text, token) : text);
  const session = await openSession(options, io, "mcp", {});
  try {
    const server = new McpServer({ name: "pc-customers", version: packageVersion() });
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

// The toolkit's package.json is two levels up from cli/commands/ (sources) and three from the build's.
function packageVersion(): string {
  for (const relative of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "pc-customers" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // try the next location
    }
  }
  return "0.0.0";
}
