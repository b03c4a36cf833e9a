import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/paths.js";

// The pages a reader follows: the contributor's README, the two READMEs npm shows on the package
// pages, and docs/. A path, link or script they name that is gone sends the reader nowhere.
const DOCS = [
  "README.md",
  "src/client/README.md",
  "src/toolkit/README.md",
  ...readdirSync(join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => `docs/${file.replaceAll("\\", "/")}`),
];

// A repository path starts with one of the top-level folders and is not the tail of a longer
// path (`node_modules/x/dist/openapi/…` is an installed package's file, not ours).
const REPO_PATH = /(?<![\w./@-])((?:src|test|scripts|docs|openapi|generated|bench)\/[^\s`'"()<>[\],;]*)/g;
// Placeholders and globs (`src/…`, `test/*.ts`, `<dir>`) name no one file.
const PLACEHOLDER = /[…*<>{}%$]/;

/** The code a page shows: inline code spans and fenced blocks. */
function codeOf(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? "");
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
  const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? "");
  return [...fenced, ...inline];
}

/** Link targets of `[text](target)`, without titles. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? "");
}

/** The repository paths a page names in code or in links, as written (anchors removed). */
function repositoryPathsIn(markdown: string): string[] {
  const found = new Set<string>();
  for (const text of [...codeOf(markdown), ...linksOf(markdown)]) {
    for (const match of text.matchAll(REPO_PATH)) {
      const path = (match[1] ?? "").replace(/#.*$/, "").replace(/[.:]+$/, "");
      if (!PLACEHOLDER.test(path)) found.add(path);
    }
  }
  return [...found];
}

/** The scripts a page runs: `npm run X` (flags before X allowed), `npm start`, `npm test`. */
function npmScriptsIn(markdown: string): string[] {
  const found = new Set<string>();
  for (const match of markdown.matchAll(/\bnpm run((?:\s+-{1,2}[\w-]+)*)\s+([\w:.-]+)/g))
    found.add(match[2] ?? "");
  for (const match of markdown.matchAll(/\bnpm (start|test)\b/g)) found.add(match[1] ?? "");
  return [...found];
}

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
function anchorsOf(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      (m[1] ?? "")
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    ),
  );
}

/** Relative links (with their anchors) that lead to no file, or to no heading in it. */
function brokenLinksIn(markdown: string, page: string): string[] {
  const broken: string[] = [];
  for (const link of linksOf(markdown)) {
    if (/^[a-z][a-z+.-]*:/i.test(link)) continue; // https:, mailto:
    const [target = "", anchor] = link.split("#");
    const file = target === "" ? join(ROOT, page) : join(ROOT, dirname(page), target);
    if (!existsSync(file)) {
      broken.push(link);
    } else if (
      anchor !== undefined &&
      file.endsWith(".md") &&
      !anchorsOf(readFileSync(file, "utf8")).has(anchor)
    ) {
      broken.push(`${link} (no such heading in ${relative(ROOT, file)})`);
    }
  }
  return broken;
}

const pages = DOCS.map((page) => ({ page, text: readFileSync(join(ROOT, page), "utf8") }));
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
    .scripts,
);

describe("the READMEs and docs/ name only paths, links and scripts that exist", () => {
  it("every repository path they name exists", () => {
    const named = pages.flatMap(({ page, text }) => repositoryPathsIn(text).map((path) => ({ page, path })));
    // A reference pattern that silently matched nothing would pass everything.
    expect(named.length).toBeGreaterThan(50);
    const missing = named
      .filter(({ path }) => !existsSync(join(ROOT, path)))
      .map((n) => `${n.page}: ${n.path}`);
    expect(missing).toEqual([]);
  });

  it("every relative link leads to a file, and every #anchor to a heading in it", () => {
    const broken = pages.flatMap(({ page, text }) =>
      brokenLinksIn(text, page).map((link) => `${page}: ${link}`),
    );
    expect(broken).toEqual([]);
  });

  it("every `npm run` script they mention is a script of the root package.json", () => {
    const mentioned = pages.flatMap(({ page, text }) =>
      npmScriptsIn(text).map((script) => ({ page, script })),
    );
    expect(mentioned.length).toBeGreaterThan(5);
    const unknown = mentioned
      .filter(({ script }) => !scripts.includes(script))
      .map((m) => `${m.page}: ${m.script}`);
    expect(unknown).toEqual([]);
  });

  it("reports a path, a link or a script that does not exist", () => {
    const page = [
      "Run `npm run no-such-script` or `npm run -s cli -- --help`, then read",
      "`src/client/no-such-module.ts`, [the spec](openapi/partner-center.yaml),",
      "[a lost page](docs/no-such-page.md) and [a lost heading](README.md#no-such-heading).",
      "```sh",
      "npx vitest run test/unit/no-such.test.ts",
      "```",
    ].join("\n");
    expect(repositoryPathsIn(page).filter((path) => !existsSync(join(ROOT, path)))).toEqual([
      "test/unit/no-such.test.ts",
      "src/client/no-such-module.ts",
      "docs/no-such-page.md",
    ]);
    expect(brokenLinksIn(page, "README.md")).toEqual([
      "docs/no-such-page.md",
      "README.md#no-such-heading (no such heading in README.md)",
    ]);
    expect(npmScriptsIn(page).filter((script) => !scripts.includes(script))).toEqual(["no-such-script"]);
  });
});
