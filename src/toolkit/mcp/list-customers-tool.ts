// The MCP tool `list_customers`: one page of the partner's customers per call, and as `nextCursor`
// the page's continuation token, which a later call gives back to continue the walk. The server
// holds no state between calls: the cursor is the whole position. Read-only, and it says so.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Customer, CustomerCollection, PartnerCenterClient } from "partner-center-customers";
import { z } from "zod";
import { printable } from "../conformance/printable.js";

/** The tool's name. */
export const LIST_CUSTOMERS_TOOL = "list_customers";

/** The fields the spec's `CustomerFilter` declares. */
const FILTER_FIELDS = ["CompanyName", "Domain", "IndirectReseller", "IndirectCloudSolutionProvider"] as const;

/** The largest page the tool asks for: an assistant reads every customer it is given. */
export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 100;

const inputSchema = {
  filter: z
    .object({
      field: z.enum(FILTER_FIELDS).describe("The field to search."),
      value: z
        .string()
        .min(1)
        .max(256)
        .describe(
          "The prefix to look for (case ignored); for the Indirect* fields, the partner's tenant id.",
        ),
    })
    .optional()
    .describe("Only customers whose field starts with value."),
  size: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .describe(`Customers per page (default ${DEFAULT_PAGE_SIZE}).`),
  cursor: z
    .string()
    .min(1)
    .max(16_384)
    .optional()
    .describe("The nextCursor of the previous call, to get the next page (same filter and size)."),
};

const customerSchema = z.looseObject({
  id: z.string().describe("The customer's id (its Microsoft Entra tenant id)."),
  companyProfile: z
    .looseObject({
      tenantId: z.string().optional(),
      domain: z.string().optional(),
      companyName: z.string().optional(),
    })
    .optional(),
  relationshipToPartner: z.string().optional(),
});

const outputSchema = {
  customers: z.array(customerSchema).describe("This page's customers, as the API returns them."),
  count: z.number().int().describe("How many customers this page holds."),
  nextCursor: z.string().optional().describe("Pass as cursor to get the next page; absent on the last page."),
};

/** What the tool needs from its host. */
export interface ListCustomersToolOptions {
  readonly client: PartnerCenterClient;
  /** A failed call's message for the assistant: the client's message and hint. */
  readonly describeError: (error: unknown) => string;
  /**
   * Whether a text would show the access token (then the result is withheld): the token is only
   * ever sent to the API.
   */
  readonly showsToken: (text: string) => boolean;
}

/** Registers `list_customers` on `server`. */
export function registerListCustomersTool(server: McpServer, options: ListCustomersToolOptions): void {
  server.registerTool(
    LIST_CUSTOMERS_TOOL,
    {
      title: "List customers",
      description:
        "Lists the partner's Microsoft Partner Center customers, one page per call (GET /v1/customers). " +
        "Optionally filtered by a prefix of CompanyName, Domain, IndirectReseller or IndirectCloudSolutionProvider. " +
        "When the result has nextCursor, call again with it as cursor (and the same filter and size) for the next page.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (input) => {
      const result = await listPage(options.client, input).then(render, (error: unknown) =>
        failure(options.describeError(error)),
      );
      return options.showsToken(JSON.stringify(result))
        ? failure("The API's answer held the access token, so it is not shown.")
        : result;
    },
  );
}

interface Input {
  filter?: { field: (typeof FILTER_FIELDS)[number]; value: string } | undefined;
  size?: number | undefined;
  cursor?: string | undefined;
}

/** The page after `input.cursor` (the first page without one). */
async function listPage(client: PartnerCenterClient, input: Input): Promise<CustomerCollection> {
  const pages = client.customers
    .list({ size: input.size ?? DEFAULT_PAGE_SIZE, ...(input.filter ? { filter: input.filter } : {}) })
    .byPage(input.cursor === undefined ? {} : { continuationToken: input.cursor });
  try {
    const first = await pages.next();
    if (first.done) return { items: [] } as unknown as CustomerCollection;
    return first.value;
  } finally {
    await pages.return?.(undefined);
  }
}

function render(page: CustomerCollection): CallToolResult {
  const customers = page.items as Customer[];
  const next = (page as { continuationToken?: string }).continuationToken;
  const lines = customers.map((c) =>
    // One line each: a company name is text someone else chose, and may hold line breaks.
    printable(
      `${c.id}  ${c.companyProfile?.companyName ?? ""}  ${c.companyProfile?.domain ?? ""}  ${String(c.relationshipToPartner ?? "")}`,
    ),
  );
  const text = [
    `${customers.length} customer${customers.length === 1 ? "" : "s"}${next === undefined ? " (last page)." : "; more with cursor = nextCursor."}`,
    ...lines,
  ].join("\n");
  return {
    content: [{ type: "text", text }],
    structuredContent: {
      customers,
      count: customers.length,
      ...(next === undefined ? {} : { nextCursor: next }),
    },
  };
}

function failure(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}
