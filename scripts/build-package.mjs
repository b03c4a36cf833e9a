#!/usr/bin/env node
// Builds one published package into its dist/ (run by each package's `build` and `prepack`):
//   client   the compiled client, the generated types and the spec (each shipped once, in dist/)
//   toolkit  the compiled toolkit and the recordings `pc-customers conformance` checks by default
// The toolkit is compiled against the client's build, so the client is built first when it has none.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const which = process.argv[2];

function compile(pkg) {
  const dir = join(root, "src", pkg);
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.build.json")], { stdio: "inherit" });
  return join(dir, "dist");
}

if (which === "client") {
  const dist = compile("client");
  cpSync(join(root, "generated"), join(dist, "generated"), { recursive: true });
  cpSync(join(root, "openapi", "partner-center.yaml"), join(dist, "openapi", "partner-center.yaml"));
} else if (which === "toolkit") {
  if (!existsSync(join(root, "src", "client", "dist", "src", "client", "index.d.ts"))) {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), "client"], { stdio: "inherit" });
  }
  const dist = compile("toolkit");
  // invalid/ and prism-stricter/ must be rejected: they belong to this repository's own tests.
  cpSync(join(root, "test", "recordings"), join(dist, "recordings"), {
    recursive: true,
    filter: (src) => !/[\\/](invalid|prism-stricter)$/.test(src) && !src.endsWith("README.md"),
  });
} else {
  process.stderr.write("usage: build-package.mjs client|toolkit\n");
  process.exit(2);
}
