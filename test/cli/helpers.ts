// Runs pc-customers as a user would: the bin script in a child process, real exit codes, real
// stdout and stderr. Also a strict little XML reader for the JUnit reports.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.js";

/** The bin, as npm links it. */
export const BIN = join(ROOT, "src", "toolkit", "bin", "pc-customers.js");

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** The script to run instead of the bin (for the published-build test). */
  bin?: string;
}

/** The environment of every run: no analytics, no colours, no token unless a test sets one. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SCARF_ANALYTICS: "false", NO_COLOR: "1" };
  delete env.PARTNER_CENTER_TOKEN;
  delete env.FORCE_COLOR;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts `pc-customers ...args` and returns the child (for tests that signal it). */
export function start(args: string[], options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [options.bin ?? BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: baseEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs `pc-customers ...args` to the end. */
export function pc(args: string[], options: RunOptions = {}): Promise<Run> {
  const child = start(args, options);
  return collect(child, options.timeoutMs ?? 90_000);
}

/** Collects a child's output until it exits (killing it after `timeoutMs`). */
export function collect(child: ChildProcess, timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`pc-customers did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A fresh temporary directory, removed by the returned function. */
export async function tempDir(prefix = "pc-cli-"): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Whether a process is still alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// A strict XML reader: enough of XML 1.0 to prove a JUnit report is well-formed and to read it.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  return raw.replace(/&([^;]*);?/g, (match, name: string) => {
    if (!match.endsWith(";")) throw new Error(`bare & in ${where}`);
    if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity &${name}; in ${where}`);
    return value;
  });
}

/** Parses an XML document; throws on anything that is not well-formed. */
export function parseXml(xml: string): XmlElement {
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  for (const char of rest) {
    const c = char.charCodeAt(0);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) throw new Error("control character in XML");
  }
  const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  while (rest.length > 0) {
    const top = stack[stack.length - 1] as XmlElement;
    const lt = rest.indexOf("<");
    if (lt === -1) {
      if (rest.trim() !== "") throw new Error("text after the root element");
      break;
    }
    const text = rest.slice(0, lt);
    if (text.includes(">")) throw new Error("stray > in text");
    top.text += decode(text, `<${top.name}>`);
    rest = rest.slice(lt);
    if (rest.startsWith("</")) {
      const m = /^<\/([^\s>]+)\s*>/.exec(rest);
      if (!m || m[1] !== top.name) throw new Error(`mismatched close tag ${m?.[1]} for <${top.name}>`);
      stack.pop();
      rest = rest.slice(m[0].length);
      continue;
    }
    const name = NAME.exec(rest.slice(1))?.[0];
    if (!name) throw new Error(`bad tag at ${rest.slice(0, 20)}`);
    rest = rest.slice(1 + name.length);
    const element: XmlElement = { name, attributes: {}, children: [], text: "" };
    for (;;) {
      rest = rest.replace(/^\s+/, "");
      if (rest.startsWith("/>")) {
        rest = rest.slice(2);
        top.children.push(element);
        break;
      }
      if (rest.startsWith(">")) {
        rest = rest.slice(1);
        top.children.push(element);
        stack.push(element);
        break;
      }
      const attr = /^([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"<]*)"/.exec(rest);
      if (!attr) throw new Error(`bad attribute in <${name}> at ${rest.slice(0, 30)}`);
      if ((attr[1] as string) in element.attributes) throw new Error(`duplicate attribute ${attr[1]}`);
      element.attributes[attr[1] as string] = decode(attr[2] as string, `attribute ${attr[1]}`);
      rest = rest.slice(attr[0].length);
    }
    if (stack.length === 1 && root.children.length > 1) throw new Error("more than one root element");
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  const [document] = root.children;
  if (!document || root.children.length !== 1) throw new Error("no single root element");
  return document;
}

/** Every descendant element named `name`. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}

/** A loopback port that was free a moment ago (for commands that take `--port`). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}
