import { readFileSync } from "node:fs";

/**
 * The version in pc-customers' own package.json, or `undefined` when it cannot be found. The file
 * is one level up from cli/ in the sources and two from dist/cli/ in the build.
 */
export function toolkitVersion(): string | undefined {
  for (const relative of ["../package.json", "../../package.json"]) {
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
  return undefined;
}
