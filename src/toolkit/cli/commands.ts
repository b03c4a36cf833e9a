// The commands: what each accepts (for parsing and --help) and where its code lives. Nothing here
// loads a command's dependencies; `load()` imports only the module of the command that runs, so
// `check` never loads Prism, the client or the linters.
import type { CommandSpec, ParsedArgs } from "./args.js";
import { PROGRAM } from "./args.js";
import type { Io } from "./io.js";

/** A command's code: runs with parsed arguments and resolves to the exit code. */
export interface CommandModule {
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export interface Command extends CommandSpec {
  load(): Promise<CommandModule>;
}

// One name for the output format in every command (`list --format` too); `--reporter`, the old
// name in check and conformance, still works with a note.
const format = {
  type: "string",
  value: "FMT",
  description: "Report format: pretty (default), json or junit (JUnit XML for CI).",
} as const;
const reporter = {
  type: "string",
  value: "FMT",
  description: "Deprecated: the old name of --format.",
  replacedBy: "format",
} as const;
const spec = {
  type: "string",
  value: "FILE",
  description: "Check against this OpenAPI 3.1 document instead of the embedded spec.",
} as const;

const listOptions = {
  size: {
    type: "string",
    value: "N",
    description: "Page size to ask for (default 100; 0 = server default).",
  },
  company: {
    type: "string",
    value: "PREFIX",
    description: "Only customers whose company name starts with PREFIX (case ignored).",
  },
  domain: {
    type: "string",
    value: "PREFIX",
    description: "Only customers whose domain starts with PREFIX (case ignored).",
  },
  max: { type: "string", value: "N", description: "Stop after N customers." },
  "base-url": {
    type: "string",
    value: "URL",
    description: "API base URL (default: the cloud's, e.g. https://api.partnercenter.microsoft.com).",
  },
  cloud: {
    type: "string",
    value: "C",
    description: "Partner Center cloud: global (default), china, usgov or germany.",
  },
  "token-env": {
    type: "string",
    value: "NAME",
    description: "Environment variable that holds the access token (default PARTNER_CENTER_TOKEN).",
  },
  "allow-insecure-http": {
    type: "boolean",
    description:
      "Allow a plain http:// --base-url on another host (sends the token unencrypted: a trusted proxy only).",
  },
} as const;

export const COMMANDS: readonly Command[] = [
  {
    name: "conformance",
    summary: "Lint the spec, check generated types and recordings, walk the client through Prism.",
    usage: `${PROGRAM} conformance [options]`,
    description: `
Runs every conformance check and prints a table (check, verdict, counts, time):

  lint        the spec passes Redocly 'recommended' and Spectral 'spectral:oas' with no problem
              (skipped when @redocly/cli / @stoplight/spectral-cli are not installed)
  generated   generated/partner-center.d.ts is the openapi-typescript output of the package's
              spec (skipped with another --spec: it says how to check types made from that one)
  recordings  every recording conforms; a documentation sample kept verbatim passes only with
              exactly the violations its provenance.knownDefects lists (invalid/ is skipped)
  client      the typed client walks the stateful mock (see 'pc-customers mock') through Prism
              on the spec: every page, each filter field, every declared error status, a 429
              and a 503 retried (or, with --target, a validating Prism proxy to a live API)

With --target, requests go through 'prism proxy --errors' to the target: any request or response
that breaks the spec fails the step. The token is read from the variable named by --token-env.
Exit status: 0 when every check passes or is skipped, 1 when one fails, 2 for usage errors.`,
    options: {
      spec,
      recordings: {
        type: "string",
        value: "DIR",
        description: "Recordings to validate (default: the package's test/recordings).",
      },
      target: {
        type: "string",
        value: "URL",
        description: "Walk the client through a validating Prism proxy to this API instead of the mock.",
      },
      "token-env": {
        type: "string",
        value: "NAME",
        description: "With --target: variable holding the access token (default PARTNER_CENTER_TOKEN).",
      },
      size: { type: "string", value: "N", description: "With --target: page size (default 100)." },
      "max-pages": {
        type: "string",
        value: "N",
        description: "With --target: stop the walk after N pages (default 3).",
      },
      "allow-insecure-http": {
        type: "boolean",
        description:
          "With a plain http:// --target on another host: allow it (Prism forwards the token unencrypted).",
      },
      skip: {
        type: "string",
        value: "STEPS",
        multiple: true,
        description: "Skip steps, comma-separated: lint, generated, recordings, client.",
      },
      format,
      reporter,
    },
    operands: "none",
    examples: [
      `${PROGRAM} conformance`,
      `${PROGRAM} conformance --spec ./openapi.yaml --recordings ./recordings --format junit > conformance.xml`,
      `PC_STAGING_TOKEN=... ${PROGRAM} conformance --target https://staging.example.com --token-env PC_STAGING_TOKEN`,
    ],
    load: () => import("./commands/conformance/index.js"),
  },
  {
    name: "check",
    summary: "Validate recordings (response bodies, exchanges, HAR files) against the spec.",
    usage: `${PROGRAM} check [options] <file|dir|glob>...`,
    operandName: "file or directory",
    description: `
Validates recordings against the spec. Each file may be:

  a response body     any JSON, taken as the 200 response of GET /v1/customers
  an exchange         {"request": {method, url, headers}, "response": {status, headers, body}}
  a HAR 1.2 log       every entry whose path is an operation of the spec, checked against its
                      status (the host is ignored; other entries are skipped)

Directories are walked for .json and .har files (symlinked folders once each); glob operands
(quoted: *, **, {a,b}) are expanded, and one that matches nothing is a usage error. Only regular
files are read: a FIFO, a device or a socket is reported as such. A file that is empty, not JSON
or unreadable, and a folder that cannot be read, are reported as violations; the other files are
still checked. HAR entries outside the spec, preflights, aborted entries and bodies the capture
did not keep are skipped and counted apart; bodies are decoded (base64, gzip, deflate, br).
Drift (properties, enum values and headers the spec does not declare) is reported, and fails
the run only with --fail-on-drift. Token-shaped text in a recording is
reported as a warning (stderr with the pretty reporter, a "warnings" array with --format json).
Every violation counts here, including those a documentation sample lists in
provenance.knownDefects ('conformance' accepts a sample with exactly those).
Exit status: 0 when every file conforms, 1 when any violates (or drift with --fail-on-drift, or
coverage below --min-coverage), 2 for usage errors.`,
    options: {
      spec,
      format,
      reporter,
      "fail-on-drift": {
        type: "boolean",
        description:
          "Fail when a recording holds what the spec does not declare (drift is reported either way).",
      },
      coverage: {
        type: "boolean",
        description:
          "Also report which operations, statuses, examples and optional properties were exercised.",
      },
      "min-coverage": {
        type: "string",
        value: "N",
        description:
          "Fail when fewer than N% of the spec's operation-status rows were exercised (implies --coverage).",
      },
    },
    operands: "some",
    examples: [
      `${PROGRAM} check recordings/`,
      `${PROGRAM} check 'recordings/**/*.har' --coverage --min-coverage 50`,
      `${PROGRAM} check page-1.json capture.har --format json`,
      `${PROGRAM} check recordings/ --format junit > recordings.xml`,
    ],
    load: () => import("./commands/check.js"),
  },
  {
    name: "list",
    summary: "List customers with the typed client (table, json, ndjson or csv, streamed).",
    usage: `${PROGRAM} list [options]`,
    description: `
Lists the partner's customers with the typed client, following every next link. The access
token is read from PARTNER_CENTER_TOKEN (or the variable named by --token-env).

With no token and no --base-url, it lists the customers of the embedded mock instead (the one
'pc-customers mock' serves: 40 customers, paged and filtered like the service), and says so on
stderr.

Output streams: ndjson writes one customer per line as pages arrive; json writes one valid
array incrementally; table writes fixed-width rows; csv writes RFC 4180 records (CRLF, UTF-8):
Partner Center's "Export customers" columns first (Microsoft ID, Company name, Primary domain
name, Relationship, Tags), then the profile fields a sync needs, headed by their field path. A
cell that begins with =, +, -, @, a tab or a carriage return is written with a ' in front and
quoted, so that a spreadsheet shows it instead of running it. A run resumed from --checkpoint
writes no second header. Progress (pages, customers) is shown on stderr when it is a terminal.`,
    options: {
      ...listOptions,
      format: {
        type: "string",
        value: "FMT",
        description:
          "Output format: table (default), json (one array), ndjson (one customer a line) or csv (RFC 4180).",
      },
      dedupe: {
        type: "boolean",
        description:
          "Write each customer id once (dual partners see some customers twice); says how many were dropped.",
      },
      bom: {
        type: "boolean",
        description:
          "With --format csv: start with a UTF-8 byte order mark, for Excel opened by double-click.",
      },
      checkpoint: {
        type: "string",
        value: "FILE",
        description:
          "Save where the listing is (after each page, and wherever it stops: --max, Ctrl-C, a failure); the same command then continues with the next customer (removed when complete). One run per FILE at a time (FILE.lock).",
      },
    },
    operands: "none",
    examples: [
      `${PROGRAM} list`,
      `PARTNER_CENTER_TOKEN=... ${PROGRAM} list --company Cont --format ndjson`,
      `${PROGRAM} list --base-url http://127.0.0.1:4010 --size 2 --format json`,
      `${PROGRAM} list --format csv --dedupe --bom > Customers.csv`,
    ],
    load: () => import("./commands/list.js"),
  },
  {
    name: "diff",
    summary: "Compare two listings saved by 'list': added, removed and changed customers.",
    usage: `${PROGRAM} diff [options] OLD NEW`,
    operandName: "listing",
    description: `
Compares two listings saved by 'pc-customers list' (NDJSON, JSON or CSV; each file's format is
told from its first character) by customer id: customers added, customers removed, and for each
customer in both, every field that changed, with its value before and after. A CSV listing
compared with a JSON one is compared on the CSV's columns only.

The smaller file (by size on disk) is held in memory by id and the larger read past it line by
line, so memory grows with the smaller listing (and the differences) only. Nothing is printed
until the comparison is complete: a file that is not a listing, a line that is not JSON or an
id that appears twice is reported with the file and the line, and nothing else is printed.
Exit status (as diff(1)): 0 when the listings hold the same customers, 1 when they differ,
2 for trouble (a bad file, a usage error).`,
    options: {
      format: {
        type: "string",
        value: "FMT",
        description: "Output: pretty (default), json (one document), ndjson (one change a line) or csv.",
      },
    },
    operands: "some",
    examples: [
      `${PROGRAM} diff yesterday.ndjson today.ndjson`,
      `${PROGRAM} diff --format ndjson old.json new.csv`,
    ],
    load: () => import("./commands/diff.js"),
  },
  {
    name: "mock",
    summary: "Serve a mock of GET /v1/customers that pages like the service, validated by Prism.",
    usage: `${PROGRAM} mock [options]`,
    description: `
Serves a stateful mock of GET /v1/customers on 127.0.0.1 until interrupted (Ctrl-C, SIGTERM):
a deterministic data set (--customers, --seed), seek paging as the service does it (links.next
with seekOperation=Next and MS-ContinuationToken; size 0 or omitted = 500), the starts_with
filter, and the documented error bodies (400 bad filter or continuation token, 401 without a
bearer token, 404 elsewhere). Every response passes through 'prism proxy' on the spec; one that
breaks the spec is answered with Prism's violation error instead.

Faults, for retry tests, by request number (1 = the first request; retries count):
  429@N[:Ss]  throttled, Retry-After S (default 1)    reset@N          connection dropped
  403@N       access denied                          slow@N:DURATION  response delayed (1500ms, 2s)
  500@N       unexpected service error               expire-token@N   issued tokens expire
  503@N[:Ss]  service unavailable                    404@N            not found

Pages on loopback origins (http://localhost:5173, http://127.0.0.1:8080) may call it from a
browser: it answers CORS preflights itself (they take no fault number); allow other page
origins with --cors ORIGIN (repeatable) or --cors '*'.

With --stateless, serves Prism's plain mock of the spec's examples instead ('Prefer:
example=lastPage' or 'Prefer: code=429' pick other responses).`,
    options: {
      port: { type: "string", value: "N", description: "Port to listen on (default 4010)." },
      host: { type: "string", value: "HOST", description: "Address to listen on (default 127.0.0.1)." },
      customers: {
        type: "string",
        value: "N",
        description: "How many customers the mock has (default 40, at most 100000).",
      },
      seed: { type: "string", value: "S", description: "Seed of the data set: ids, order (default 1)." },
      faults: {
        type: "string",
        value: "LIST",
        description: "Faults by request number, comma-separated, such as 429@3,503@5,reset@7.",
      },
      latency: {
        type: "string",
        value: "DURATION",
        description: "Delay every response by DURATION (such as 50ms or 0.2s).",
      },
      cors: {
        type: "string",
        value: "ORIGIN",
        multiple: true,
        description:
          "Also allow this page origin (or '*': any) to call the mock from a browser; loopback origins always may.",
      },
      stateless: {
        type: "boolean",
        description: "Serve Prism's mock of the spec's examples (no paging, no faults).",
      },
      spec: {
        type: "string",
        value: "FILE",
        description: "Validate against (or, with --stateless, mock) this OpenAPI 3.1 document.",
      },
    },
    operands: "none",
    examples: [
      `${PROGRAM} mock --port 4010`,
      `curl -H 'Authorization: Bearer x' 'http://127.0.0.1:4010/v1/customers?size=2'`,
      `${PROGRAM} list --base-url http://127.0.0.1:4010 --size 3 --format json`,
      `${PROGRAM} mock --customers 1200 --faults 429@2,503@4,reset@6`,
    ],
    load: () => import("./commands/mock.js"),
  },
  {
    name: "record",
    summary: "Record live exchanges as recordings (one file per page, secrets removed).",
    usage: `${PROGRAM} record --out DIR [list options]`,
    description: `
Lists customers like 'list' and writes every exchange as a recording in DIR (one file per page,
in the exchange format that 'check' reads), with provenance: the base URL and the date, and
notes on what was replaced. A recording keeps only what the spec declares: values at declared
locations (body properties, documented headers and a few harmless ones such as content-type,
declared query parameters), with the access token removed wherever the server echoes it. Any
other value is replaced (Authorization keeps only its scheme; an undeclared property keeps its
key and type); the continuation tokens of next links are kept (they are not credentials). With
no token and no --base-url, it records a walk of the embedded mock (see 'pc-customers mock').

DIR must be new or empty, so that a recording is never mixed with an earlier one; --force
replaces an earlier recording in DIR (its page-NNN.json and attempt files) and keeps any other file.`,
    options: {
      out: {
        type: "string",
        value: "DIR",
        description: "Directory to write the recordings to (created; it must be new or empty).",
      },
      force: {
        type: "boolean",
        description:
          "Write into a non-empty --out: removes an earlier recording's page files first, and nothing else.",
      },
      ...listOptions,
    },
    operands: "none",
    examples: [
      `PARTNER_CENTER_TOKEN=... ${PROGRAM} record --out recordings/live --size 100`,
      `${PROGRAM} check recordings/live`,
    ],
    load: () => import("./commands/record.js"),
  },
  {
    name: "mcp",
    summary: "Serve a read-only Model Context Protocol server over stdio (tool: list_customers).",
    usage: `${PROGRAM} mcp [options]`,
    description: `
Runs a Model Context Protocol server on stdin/stdout for an AI assistant's MCP client, with one
read-only tool, list_customers: one page of customers (an optional starts_with filter on
CompanyName, Domain, IndirectReseller or IndirectCloudSolutionProvider, an optional page size)
and nextCursor, the page's continuation token: call it again with that cursor for the next
page. The server keeps no state between calls; pacing and retries are the client's.

The access token is read from PARTNER_CENTER_TOKEN (or the variable named by --token-env) and
only ever sent to the API: no result, error or log holds it. With no token and no --base-url,
it serves the embedded mock's customers, so it can be tried without an account. stdout carries
only protocol messages; logs go to stderr.`,
    options: {
      "base-url": listOptions["base-url"],
      cloud: listOptions.cloud,
      "token-env": listOptions["token-env"],
      "allow-insecure-http": listOptions["allow-insecure-http"],
    },
    operands: "none",
    examples: [`${PROGRAM} mcp`, `PC_TOKEN=... ${PROGRAM} mcp --token-env PC_TOKEN`],
    load: () => import("./commands/mcp.js"),
  },
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
